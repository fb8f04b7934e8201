import { ZodError } from "zod";
import { IngestError, type IngestErrorCode } from "@/lib/ingest/errors";
import { isDatabaseUnavailable, NotFoundError } from "@/lib/db/errors";

/**
 * One error type, one mapping (STYLE.md). lib code throws typed errors; `problemResponse` turns
 * them into RFC 9457 application/problem+json with a stable `code` and a `type` URI made from it.
 * Unknown errors become a generic 500 whose details go to the server log, never to the client.
 *
 * The codes are API: clients (the CLI, CI scripts) branch on them, so they are never renamed.
 * `bad_request` covers 400s that are not a malformed report (invalid JSON, bad query parameters,
 * a broken multipart or gzip envelope); `internal` is the 500 of an unexpected error.
 */
export const PROBLEMS = {
  malformed_report: { status: 400, title: "Malformed report" },
  bad_request: { status: 400, title: "Bad request" },
  unauthorized: { status: 401, title: "Authentication required" },
  forbidden: { status: 403, title: "Forbidden" },
  not_found: { status: 404, title: "Not found" },
  conflict: { status: 409, title: "Conflict" },
  payload_too_large: { status: 413, title: "Payload too large" },
  unsupported_media_type: { status: 415, title: "Unsupported media type" },
  invalid_metadata: { status: 422, title: "Invalid metadata" },
  rate_limited: { status: 429, title: "Too many requests" },
  internal: { status: 500, title: "Internal server error" },
  unavailable: { status: 503, title: "Service unavailable" },
} as const satisfies Record<string, { status: number; title: string }>;

export type ProblemCode = keyof typeof PROBLEMS;
export const PROBLEM_CODES = Object.keys(PROBLEMS) as ProblemCode[];

/** The `type` URI of a code: the code itself under one base, so either identifies the problem. */
export const PROBLEM_TYPE_BASE = "https://greenboard.dev/problems/";
export const problemType = (code: ProblemCode): string => `${PROBLEM_TYPE_BASE}${code}`;

/** Seconds a client should wait after a 503 for an unreachable or locked database. */
export const UNAVAILABLE_RETRY_AFTER_SECONDS = 5;

// Members the problem body owns; an extension never overrides them.
const RESERVED = new Set(["type", "title", "status", "code", "detail", "instance"]);

export class ApiError extends Error {
  constructor(
    readonly code: ProblemCode,
    message: string,
    readonly extensions: Record<string, unknown> = {},
    /** Sent as `Retry-After` (429, 503). */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = "ApiError";
  }

  get status(): number {
    return PROBLEMS[this.code].status;
  }
}

// An empty file or a request without files carries no usable report: the same 400 as a broken one.
const INGEST_CODES: Record<IngestErrorCode, ProblemCode> = {
  "invalid-report": "malformed_report",
  "empty-upload": "malformed_report",
  "run-not-found": "not_found",
  "project-not-found": "not_found",
  "too-large": "payload_too_large",
};

export function toApiError(error: unknown): ApiError | null {
  if (error instanceof ApiError) return error;
  if (error instanceof IngestError) return new ApiError(INGEST_CODES[error.code], error.message, { ...error.details, reason: error.code });
  if (error instanceof ZodError) return new ApiError("bad_request", "The request is not valid", { errors: zodIssues(error) });
  if (error instanceof NotFoundError) return new ApiError("not_found", error.message, { entity: error.entity });
  if (isDatabaseUnavailable(error)) {
    // The cause (a data directory, a host and port) is the operator's business: it goes to the log.
    console.error("Database unavailable", error);
    return new ApiError("unavailable", "The database is unavailable; try again shortly", {}, UNAVAILABLE_RETRY_AFTER_SECONDS);
  }
  return null;
}

/** Zod issues as `{path, message}` rows, the `errors` extension of a 400 or 422. */
export function zodIssues(error: ZodError): { path: string; message: string }[] {
  return error.issues.map((issue) => ({ path: issue.path.join("."), message: issue.message }));
}

export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  code: ProblemCode;
  detail: string;
  instance?: string;
  [extension: string]: unknown;
}

export function problemBody(error: ApiError, instance?: string): ProblemBody {
  const { status, title } = PROBLEMS[error.code];
  const extensions = Object.fromEntries(Object.entries(error.extensions).filter(([key]) => !RESERVED.has(key)));
  return { type: problemType(error.code), title, status, code: error.code, detail: error.message, instance, ...extensions };
}

export function problemResponse(error: unknown, instance?: string): Response {
  let apiError = toApiError(error);
  if (!apiError) {
    console.error("Unhandled error", instance ?? "", error);
    apiError = new ApiError("internal", "An unexpected error occurred");
  }
  const headers: Record<string, string> = { "content-type": "application/problem+json" };
  // RFC 6750: a 401 names the scheme the client should use.
  if (apiError.status === 401) headers["www-authenticate"] = 'Bearer realm="greenboard"';
  if (apiError.retryAfterSeconds !== undefined) headers["retry-after"] = String(Math.max(1, Math.ceil(apiError.retryAfterSeconds)));
  return Response.json(problemBody(apiError, instance), { status: apiError.status, headers });
}

/** Wraps a route handler so every thrown error becomes a problem response. */
export function withProblems<Args extends unknown[]>(
  handler: (request: Request, ...args: Args) => Promise<Response>,
): (request: Request, ...args: Args) => Promise<Response> {
  return async (request, ...args) => {
    try {
      return await handler(request, ...args);
    } catch (error) {
      return problemResponse(error, new URL(request.url).pathname);
    }
  };
}
