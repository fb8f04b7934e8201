// Bulk statements on the embedded database straight on PGlite, inside the Prisma interactive
// transaction that is open. Going through Prisma, every statement is compiled by its query
// compiler with its parameters carried across (a batch loaded as JSON, 100 rows a statement,
// spent more time there than in PostgreSQL); here a batch is one `COPY … FROM '/dev/blob'` and its
// statements go to PGlite as they are. PGlite has one session and runs one transaction at a time,
// so the transaction found here is the caller's — and it is checked to be (a transaction-local mark).
import { randomUUID } from "node:crypto";
import type { Transaction } from "@electric-sql/pglite";
import type { PgPipeline } from "./pg-copy";

/**
 * PGlite transactions the adapter has started (closed ones are dropped as new ones start). On
 * globalThis: the module copy that opened the database may not be the one storing (pg-copy.ts).
 */
const shared = globalThis as unknown as { greenboardPgliteTransactions?: Set<Transaction> };
const started = (shared.greenboardPgliteTransactions ??= new Set());

/** Called by the PGlite adapter (adapters.ts) for each interactive transaction it starts. */
export function notePgliteTransaction(tx: Transaction): void {
  for (const old of started) if (old.closed) started.delete(old);
  started.add(tx);
}

interface RawQueryable {
  $queryRawUnsafe<T = unknown>(query: string, ...values: unknown[]): Promise<T>;
}

/**
 * Statements for the batches of bulk ingestion on the PGlite transaction that runs `tx`, or null
 * when there is none (PostgreSQL, or a transaction not started by our adapter). They run one
 * after the other (`overlapped: false`): PGlite works in this thread, so there is nothing to
 * overlap with.
 */
export async function openPgliteStatements(tx: RawQueryable): Promise<PgPipeline | null> {
  const candidates = [...started].filter((candidate) => !candidate.closed);
  if (candidates.length === 0) return null;
  // A mark only this transaction can read: several embedded databases may be open in one process
  // (tests), each counting its transaction ids from the same start.
  const mark = randomUUID();
  await tx.$queryRawUnsafe(`SELECT set_config('greenboard.bulk_mark', $1, true)`, mark);
  for (const candidate of candidates) {
    let found: string | null | undefined;
    try {
      found = (await candidate.query<{ mark: string | null }>(`SELECT current_setting('greenboard.bulk_mark', true) AS mark`)).rows[0]?.mark;
    } catch {
      // Another database's transaction that failed or whose database closed: not ours, and done with.
      started.delete(candidate);
      continue;
    }
    if (found === mark) return statementsOn(candidate);
  }
  return null;
}

function statementsOn(tx: Transaction): PgPipeline {
  return {
    overlapped: false,
    async copyThen(target, lines, statements) {
      const data = typeof lines === "string" ? Buffer.from(lines, "utf8") : lines;
      await tx.query(`COPY ${target} FROM '/dev/blob'`, [], { blob: new Blob([data as Uint8Array<ArrayBuffer>]) });
      const counts: number[] = [];
      // One call each: PGlite's exec of several statements reports running totals of affected rows.
      for (const { sql, values = [] } of statements) counts.push((await tx.query(sql, [...values])).affectedRows ?? 0);
      return counts;
    },
  };
}
