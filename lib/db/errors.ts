/** Thrown by lib/db query functions when an id named by the caller does not exist (or is not in the project). */
export class NotFoundError extends Error {
  constructor(
    readonly entity: "project" | "run" | "failure-group" | "team" | "rule" | "job" | "token" | "test",
    message: string,
  ) {
    super(message);
    this.name = "NotFoundError";
  }
}

// Node socket errors, and PostgreSQL's connection-exception class (08…), shutdowns (57P01-57P03)
// and too-many-connections (53300): the database cannot be reached now, not a bug in the query.
const NETWORK_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "ENOTFOUND", "EAI_AGAIN", "ETIMEDOUT", "EHOSTUNREACH", "ENETUNREACH", "EPIPE"]);
const SQLSTATE_UNAVAILABLE = /^(08[0-9A-Z]{3}|57P0[123]|53300)$/;
// Prisma: P1001 can't reach, P1002 timed out, P1008 operation timed out, P1017 connection closed, P2024 pool timeout.
const PRISMA_UNAVAILABLE = new Set(["P1001", "P1002", "P1008", "P1017", "P2024"]);
// Driver adapter error kinds (meta.driverAdapterError.cause.kind) that mean the same.
const ADAPTER_UNAVAILABLE = new Set(["DatabaseNotReachable", "DatabaseAccessDenied", "SocketTimeout", "ConnectionClosed", "TooManyConnections"]);
const MESSAGE_UNAVAILABLE = /^(PGlite is closed|Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error)/i;

interface ErrorLike {
  name?: unknown;
  code?: unknown;
  message?: unknown;
  cause?: unknown;
  errors?: unknown;
  meta?: { driverAdapterError?: { cause?: { kind?: unknown } } };
}

/**
 * Whether `error` says the database is unavailable (503 + Retry-After) rather than that a query
 * failed: the embedded database's lock held by another process, or a connection failure from pg,
 * PGlite or Prisma, anywhere in the cause chain.
 */
export function isDatabaseUnavailable(error: unknown, depth = 0): boolean {
  if (typeof error !== "object" || error === null || depth > 5) return false;
  const e = error as ErrorLike;
  if (e.name === "DatabaseLockedError") return true;
  if (typeof e.code === "string" && (NETWORK_CODES.has(e.code) || SQLSTATE_UNAVAILABLE.test(e.code) || PRISMA_UNAVAILABLE.has(e.code))) return true;
  const kind = e.meta?.driverAdapterError?.cause?.kind;
  if (typeof kind === "string" && ADAPTER_UNAVAILABLE.has(kind)) return true;
  if (typeof e.message === "string" && MESSAGE_UNAVAILABLE.test(e.message)) return true;
  if (Array.isArray(e.errors) && e.errors.some((inner) => isDatabaseUnavailable(inner, depth + 1))) return true;
  return isDatabaseUnavailable(e.cause, depth + 1);
}
