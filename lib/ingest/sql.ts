import type { TransactionClient } from "@/lib/generated/prisma/internal/prismaNamespace";
import type { PrismaClient } from "@/lib/generated/prisma/client";

/** Either the client or an interactive transaction: ingestion code runs inside one. */
export type Db = PrismaClient | TransactionClient;

/**
 * INSERT … VALUES with many rows in as few statements as PostgreSQL's 65,535-parameter limit
 * allows. `rowSql` renders one row's placeholders given its first parameter index.
 */
export async function insertRows<Row, Out = never>(
  db: Db,
  rows: readonly Row[],
  options: {
    prefix: string;
    columns: number;
    row: (first: number) => string;
    values: (row: Row, index: number) => unknown[];
    suffix?: string;
    batchSize?: number;
  },
): Promise<Out[]> {
  const batchSize = options.batchSize ?? Math.min(1000, Math.floor(60_000 / options.columns));
  const out: Out[] = [];
  for (let start = 0; start < rows.length; start += batchSize) {
    const batch = rows.slice(start, start + batchSize);
    const params: unknown[] = [];
    const tuples = batch.map((row, i) => {
      const first = params.length + 1;
      params.push(...options.values(row, start + i));
      return options.row(first);
    });
    const sql = `${options.prefix} VALUES ${tuples.join(", ")} ${options.suffix ?? ""}`;
    if (options.suffix?.includes("RETURNING")) out.push(...(await db.$queryRawUnsafe<Out[]>(sql, ...params)));
    else await db.$executeRawUnsafe(sql, ...params);
  }
  return out;
}

/** `($1, $2, $3::"ResultStatus")` from column casts: `["", "", '"ResultStatus"']`. */
export function placeholders(casts: readonly string[]): (first: number) => string {
  return (first) => `(${casts.map((cast, i) => `$${first + i}${cast ? `::${cast}` : ""}`).join(", ")})`;
}
