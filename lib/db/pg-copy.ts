// `COPY … FROM STDIN` and pipelined statements inside a Prisma interactive transaction on
// PostgreSQL. Prisma offers no COPY, and its transaction's connection is not exposed; but every
// pooled connection is known here by its backend pid, so the connection a transaction runs on can
// be found and statements sent on it — inside that same transaction, between two of its own.
// Bulk ingestion sends a report's batches this way while the report is still being parsed, so
// the database stores one batch while the parser reads the next.
import type pg from "pg";

/** The transaction-ish thing ingestion holds: anything that can run a raw query. */
interface RawQueryable {
  $queryRawUnsafe<T = unknown>(query: string, ...values: unknown[]): Promise<T>;
}

/** The parts of pg's (untyped) Connection a COPY needs. */
interface PgConnection {
  query(text: string): void;
  sendCopyFromChunk(chunk: Buffer): void;
  endCopyFrom(): void;
}

// On globalThis, as the registries of pglite-direct.ts and maintenance.ts: Next.js may load a
// module more than once in one process (instrumentation, routes), and the copy that opened the
// pool is not always the copy that stores an upload. A copy with empty registries of its own
// would fall back to the slow path without a word.
const shared = globalThis as unknown as {
  greenboardPgClients?: Map<number, { client: pg.Client; database: string }>;
  greenboardPgReleases?: WeakMap<pg.Client, number>;
};
const clients = (shared.greenboardPgClients ??= new Map());

// How many times each pooled connection has been given back to its pool: a pipeline sends only
// while the count is what it was when the pipeline opened, i.e. while the transaction that lent
// it the connection still has it (after a Prisma transaction timeout, say, it may serve another).
const releases = (shared.greenboardPgReleases ??= new WeakMap());

/** Called by createPgPool whenever a connection goes back to the pool. */
export function notePgClientReleased(client: pg.Client): void {
  releases.set(client, (releases.get(client) ?? 0) + 1);
}

/** Called by createPgPool for every connection it opens. */
export function registerPgClient(client: pg.Client): void {
  const pid = (client as unknown as { processID?: number }).processID;
  if (typeof pid !== "number") return;
  clients.set(pid, { client, database: client.database ?? "" });
  client.once("end", () => {
    if (clients.get(pid)?.client === client) clients.delete(pid);
  });
}

/**
 * A pg Submittable for one simple-query message that starts with `COPY … FROM STDIN` and may go
 * on with more statements. The data and the end of the copy are written right behind the query,
 * without waiting for the server's CopyInResponse: the server reads them in order, runs the rest
 * of the statements after the copy, and answers once for all. (Had the COPY failed before taking
 * its data, the server ignores CopyData and CopyDone outside a copy, as the protocol specifies.)
 * `done` settles with the row count of each statement after the COPY, or with the server's error.
 */
class CopyIn {
  private error: Error | null = null;
  private readonly counts: number[] = [];
  private resolveDone!: (counts: number[]) => void;
  private rejectDone!: (error: Error) => void;
  readonly done: Promise<number[]>;

  constructor(
    private readonly text: string,
    private readonly data: Buffer,
  ) {
    this.done = new Promise((resolve, reject) => {
      this.resolveDone = resolve;
      this.rejectDone = reject;
    });
    // Awaited by whoever queued it; never an unhandled rejection on its own.
    this.done.catch(() => undefined);
  }

  submit(connection: PgConnection): void {
    connection.query(this.text);
    connection.sendCopyFromChunk(this.data);
    connection.endCopyFrom();
  }
  handleCopyInResponse(): void {}
  handleCommandComplete(message: { text?: string }): void {
    // "COPY 5000", "INSERT 0 12", "UPDATE 3", "TRUNCATE TABLE": the count is the last number, if any.
    this.counts.push(Number(/(\d+)$/.exec(message.text ?? "")?.[1] ?? 0));
  }
  // pg forgets the active query on an error, so no ReadyForQuery follows for it here; the client
  // itself holds further queries until the server's ReadyForQuery.
  handleError(error: Error): void {
    this.error = error;
    this.rejectDone(error);
  }
  handleReadyForQuery(): void {
    if (!this.error) this.resolveDone(this.counts.slice(1));
  }
  handleRowDescription(): void {}
  handleDataRow(): void {}
  handleEmptyQuery(): void {}
  handlePortalSuspended(): void {}
  handleCopyData(): void {}
}

/**
 * Statements run on the connection of a PostgreSQL transaction without the caller waiting for
 * them: each is sent as soon as the one before it has finished (a promise chain, so the client
 * never holds two queries at once), and the server works through them while the caller goes on
 * (parsing the next part of a report). Each promise settles with its own statement; after a
 * failure the transaction is aborted, and the statements queued behind it are not sent but
 * rejected with that first error.
 */
export interface PgPipeline {
  /** Whether the caller goes on while statements run (PostgreSQL), or each call is done when it resolves anyway (PGlite, pglite-direct.ts). */
  readonly overlapped: boolean;
  /**
   * `COPY <target> FROM STDIN` with `lines` (text format, UTF-8), then `statements` (their $n
   * parameters written in as literals), all in one message with the data: no round trip between
   * the copy and the statements. Resolves with each statement's affected row count.
   */
  copyThen(target: string, lines: string | Buffer, statements: readonly { sql: string; values?: readonly unknown[] }[]): Promise<number[]>;
}

/**
 * The pipeline on the PostgreSQL connection that runs `tx`, or null when there is none to be had
 * (PGlite, or a connection not opened by createPgPool). Nothing else may use `tx` until every
 * promise it handed out has settled.
 */
export async function openPgPipeline(tx: RawQueryable): Promise<PgPipeline | null> {
  if (clients.size === 0) return null;
  const [me] = await tx.$queryRawUnsafe<{ pid: number; database: string }[]>(`SELECT pg_backend_pid() AS pid, current_database()::text AS database`);
  const entry = me ? clients.get(Number(me.pid)) : undefined;
  if (!entry || entry.database !== me?.database) return null;
  const { client } = entry;
  const lent = releases.get(client) ?? 0;
  let tail: Promise<unknown> = Promise.resolve();
  let failure: unknown = null;
  const enqueue = <T>(send: () => Promise<T>): Promise<T> => {
    const next = tail.then(() => {
      if (failure) throw failure;
      if ((releases.get(client) ?? 0) !== lent) throw new Error("the transaction ended while its statements were still being sent (timed out?)");
      return send();
    });
    tail = next.catch((error: unknown) => {
      failure ??= error;
    });
    return next;
  };
  return {
    overlapped: true,
    copyThen(target, lines, statements) {
      const text = [`COPY ${target} FROM STDIN`, ...statements.map(({ sql, values = [] }) => sql.replace(/\$(\d+)/g, (_, n: string) => sqlLiteral(values[Number(n) - 1])))].join(";\n");
      return enqueue(() => {
        const copy = new CopyIn(text, typeof lines === "string" ? Buffer.from(lines, "utf8") : lines);
        void client.query(copy as unknown as pg.QueryConfig);
        return copy.done;
      });
    },
  };
}

/**
 * A value written into SQL text: for the ids, counts and clock of ingestion's own statements,
 * never for text from a report (that goes through COPY or parameters).
 */
export function sqlLiteral(value: unknown): string {
  if (value === null || value === undefined) return "NULL";
  if (typeof value === "boolean") return value ? "true" : "false";
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new Error(`not a finite number: ${value}`);
    return String(value);
  }
  if (value instanceof Date) return `'${value.toISOString()}'`;
  if (typeof value === "string") {
    if (value.includes("\0")) throw new Error("a NUL character cannot be written into SQL");
    const quoted = value.replace(/'/g, "''");
    return value.includes("\\") ? `E'${quoted.replace(/\\/g, "\\\\")}'` : `'${quoted}'`;
  }
  throw new Error(`no SQL literal for a ${typeof value}`);
}

/** One value in COPY's text format: \N for null; backslash, tab and line breaks escaped. */
export function copyText(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return "\\N";
  if (typeof value === "boolean") return value ? "t" : "f";
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : "\\N";
  // Most values have nothing to escape: testing first is ~40 % cheaper than a replace that finds nothing.
  if (!COPY_SPECIAL.test(value)) return value;
  // One native pass per character that occurs (backslash first, so the escapes' own backslashes
  // are not doubled): a stack trace's tabs and line breaks went ~30 % faster than through one
  // replace calling back for each match (micro-benchmark, ad hoc).
  let escaped = value;
  if (escaped.includes("\\")) escaped = escaped.replaceAll("\\", "\\\\");
  if (escaped.includes("\t")) escaped = escaped.replaceAll("\t", "\\t");
  if (escaped.includes("\n")) escaped = escaped.replaceAll("\n", "\\n");
  if (escaped.includes("\r")) escaped = escaped.replaceAll("\r", "\\r");
  return escaped;
}

const COPY_SPECIAL = /[\\\t\n\r]/;
