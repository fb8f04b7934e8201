// What the benchmark scripts (bench-parse, bench-ingest, bench-read) share.
import pg from "pg";

/** The median; for an even count, the mean of the middle two. NaN for none. */
export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** `--name N` from the command line: a whole number of at least `min`, else `fallback`. */
export function numberFlag(name: string, fallback: number, min = 1): number {
  const at = process.argv.indexOf(name);
  const value = at > 0 ? Number(process.argv[at + 1]) : NaN;
  return Number.isInteger(value) ? Math.max(min, value) : fallback;
}

/** `work` on a connection of its own to `url`, closed after. */
export async function withPgClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}
