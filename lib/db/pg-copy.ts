// `COPY … FROM STDIN` inside a Prisma interactive transaction on PostgreSQL. Prisma offers no
// COPY, and its transaction's connection is not exposed; but every pooled connection is known
// here by its backend pid, so the connection a transaction runs on can be found and a COPY sent
// on it — inside that same transaction, between two of its statements. Bulk staging through COPY
// streams rows while the report is still being parsed, instead of one round trip per batch.
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
  sendCopyFail(message: string): void;
  stream: NodeJS.WritableStream & { writableNeedDrain?: boolean };
}

const clients = new Map<number, { client: pg.Client; database: string }>();

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
 * A pg Submittable that runs one COPY FROM STDIN statement: `ready` resolves when the server
 * accepts data, `done` when the statement has finished (or rejects with the server's error).
 */
class CopyIn {
  private connection: PgConnection | null = null;
  private error: Error | null = null;
  private rows = 0;
  private resolveReady!: (connection: PgConnection) => void;
  private resolveDone!: (rows: number) => void;
  private rejectDone!: (error: Error) => void;
  readonly ready: Promise<PgConnection>;
  readonly done: Promise<number>;

  constructor(private readonly text: string) {
    this.ready = new Promise((resolve) => (this.resolveReady = resolve));
    this.done = new Promise((resolve, reject) => {
      this.resolveDone = resolve;
      this.rejectDone = reject;
    });
    // Awaited by whoever writes; never an unhandled rejection on its own.
    this.done.catch(() => undefined);
  }

  submit(connection: PgConnection): void {
    connection.query(this.text);
  }
  handleCopyInResponse(connection: PgConnection): void {
    this.connection = connection;
    this.resolveReady(connection);
  }
  handleCommandComplete(message: { text?: string }): void {
    this.rows = Number(/(\d+)$/.exec(message.text ?? "")?.[1] ?? 0);
  }
  // pg forgets the active query on an error, so no ReadyForQuery follows for it here; the client
  // itself holds further queries until the server's ReadyForQuery.
  handleError(error: Error): void {
    this.error = error;
    this.rejectDone(error);
  }
  handleReadyForQuery(): void {
    this.resolveDone(this.rows);
  }
  handleRowDescription(): void {}
  handleDataRow(): void {}
  handleEmptyQuery(): void {}
  handlePortalSuspended(): void {}
  handleCopyData(): void {}

  get failed(): Error | null {
    return this.error;
  }
}

/** A COPY in progress: write text-format lines, then end (or abort). */
export interface CopyWriter {
  write(chunk: string): Promise<void>;
  end(): Promise<number>;
  abort(reason: string): Promise<void>;
}

/**
 * Starts `COPY <target> FROM STDIN` on the PostgreSQL connection that runs `tx`, or returns null
 * when there is none to be had (PGlite, or a connection not opened by createPgPool).
 */
export async function startCopy(tx: RawQueryable, target: string): Promise<CopyWriter | null> {
  if (clients.size === 0) return null;
  const [me] = await tx.$queryRawUnsafe<{ pid: number; database: string }[]>(`SELECT pg_backend_pid() AS pid, current_database()::text AS database`);
  const entry = me ? clients.get(Number(me.pid)) : undefined;
  if (!entry || entry.database !== me?.database) return null;
  const copy = new CopyIn(`COPY ${target} FROM STDIN`);
  void entry.client.query(copy as unknown as pg.QueryConfig);
  const connection = await Promise.race([copy.ready, copy.done.then(() => null)]);
  if (!connection) throw copy.failed ?? new Error(`COPY ${target} did not start`);
  return {
    async write(chunk) {
      // A server-side error (bad row) ends the COPY early: stop sending and surface it.
      if (copy.failed) await copy.done;
      connection.sendCopyFromChunk(Buffer.from(chunk, "utf8"));
      if (connection.stream.writableNeedDrain) await new Promise<void>((resolve) => connection.stream.once("drain", () => resolve()));
    },
    async end() {
      connection.endCopyFrom();
      return copy.done;
    },
    async abort(reason) {
      connection.sendCopyFail(reason);
      await copy.done.catch(() => undefined);
    },
  };
}

/** One value in COPY's text format: \N for null; backslash, tab and line breaks escaped. */
export function copyText(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return "\\N";
  if (typeof value === "boolean") return value ? "t" : "f";
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : "\\N";
  return value.replace(/[\\\t\n\r]/g, (c) => (c === "\\" ? "\\\\" : c === "\t" ? "\\t" : c === "\n" ? "\\n" : "\\r"));
}
