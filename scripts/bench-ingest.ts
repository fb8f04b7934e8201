// npm run bench:ingest — stores a generated 25,000- and a 100,000-case report through lib/ingest
// (one upload, one transaction) and prints wall time, cases/s and peak RSS of each, next to a
// parse-only pass over the same bytes (the baseline). Memory should stay flat from 1× to 4×.
// Embedded PGlite by default; BENCH_DATABASE_URL=postgresql://… uses a fresh database on that server.
import { spawnSync } from "node:child_process";
import { createReadStream, mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { openDatabase } from "@/lib/db/connection";
import { migrateTarget } from "@/lib/db/migrate";
import { withDatabaseName, type DatabaseTarget } from "@/lib/db/url";
import { ingest } from "@/lib/ingest";
import { defaultClassifier } from "@/lib/ingest/default-classifier";
import { parseJUnitStream } from "@/lib/junit";

interface Measurement {
  variant: string;
  cases: number;
  ms: number;
  maxRssMiB: number;
}

async function runParse(file: string): Promise<number> {
  let cases = 0;
  for await (const event of parseJUnitStream(createReadStream(file, { highWaterMark: 256 * 1024 }), { keepOutput: false })) {
    if (event.kind === "case") cases++;
  }
  return cases;
}

async function withFreshTarget<T>(dir: string, run: (target: DatabaseTarget) => Promise<T>): Promise<T> {
  const admin = process.env.BENCH_DATABASE_URL;
  if (!admin) return run({ kind: "pglite", dataDir: path.join(dir, `db-${process.pid}`) });
  const name = `greenboard_bench_${process.pid}`;
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  await client.query(`CREATE DATABASE "${name}"`);
  try {
    return await run({ kind: "postgres", url: withDatabaseName(admin, name) });
  } finally {
    await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await client.end();
  }
}

async function runIngest(file: string): Promise<number> {
  return withFreshTarget(path.dirname(file), async (target) => {
    await migrateTarget(target);
    const db = await openDatabase(target, { holder: "bench:ingest" });
    try {
      const project = await db.prisma.project.create({ data: { slug: "bench", name: "Bench" } });
      const started = performance.now();
      const result = await ingest(
        db.prisma,
        { projectId: project.id, runKey: "bench-1", files: [{ filename: path.basename(file), source: createReadStream(file, { highWaterMark: 256 * 1024 }) }], completed: true },
        { classifier: defaultClassifier },
      );
      process.stderr.write(`ingest ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
      return result.uploads[0]?.tests ?? 0;
    } finally {
      await db.close();
    }
  });
}

async function runChild(variant: string, file: string): Promise<void> {
  const started = performance.now();
  const cases = variant === "parse" ? await runParse(file) : await runIngest(file);
  const ms = performance.now() - started;
  const measurement: Measurement = { variant, cases, ms, maxRssMiB: process.resourceUsage().maxRSS / 1024 };
  process.stdout.write(`${JSON.stringify(measurement)}\n`);
}

const HEAP_CAP_MIB = 128;

function measure(variant: string, file: string): Measurement {
  const script = fileURLToPath(import.meta.url);
  // A capped heap makes "bounded memory" a property the run must have, not a reading of lazy GC.
  const child = spawnSync(process.execPath, [`--max-old-space-size=${HEAP_CAP_MIB}`, ...process.execArgv, script, "--child", variant, file], {
    encoding: "utf8",
    maxBuffer: 1 << 20,
  });
  if (child.status !== 0) throw new Error(`${variant} failed: ${child.stderr}`);
  return JSON.parse(child.stdout.trim().split("\n").pop() ?? "") as Measurement;
}

async function main(): Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), "greenboard-bench-ingest-"));
  const generator = fileURLToPath(new URL("./bench-parse.ts", import.meta.url));
  try {
    console.log(`database: ${process.env.BENCH_DATABASE_URL ? "PostgreSQL (BENCH_DATABASE_URL)" : "embedded PGlite"}; each variant in its own process with a ${HEAP_CAP_MIB} MiB heap cap; peak RSS includes ~75 MiB of tsx loader`);
    console.log(`${"size".padEnd(16)} ${"variant".padEnd(8)} ${"cases".padStart(7)} ${"wall ms".padStart(9)} ${"cases/s".padStart(9)} ${"peak RSS MiB".padStart(13)}`);
    const summary: string[] = [];
    for (const cases of [25_000, 100_000]) {
      const file = path.join(dir, `report-${cases}.xml`);
      const gen = spawnSync(process.execPath, [...process.execArgv, generator, "--generate", file, String(cases)], { encoding: "utf8" });
      if (gen.status !== 0) throw new Error(gen.stderr);
      const label = `${cases / 1000}k (${(statSync(file).size / 1e6).toFixed(0)} MB)`;
      const results = ["parse", "ingest"].map((variant) => measure(variant, file));
      for (const r of results) {
        console.log(`${label.padEnd(16)} ${r.variant.padEnd(8)} ${String(r.cases).padStart(7)} ${r.ms.toFixed(0).padStart(9)} ${(r.cases / (r.ms / 1000)).toFixed(0).padStart(9)} ${r.maxRssMiB.toFixed(0).padStart(13)}`);
      }
      const [parse, stored] = results;
      if (parse && stored) summary.push(`${label}: ingest/parse wall = ${(stored.ms / parse.ms).toFixed(1)}x, ingest peak RSS ${stored.maxRssMiB.toFixed(0)} MiB`);
      rmSync(file);
    }
    console.log("");
    for (const line of summary) console.log(line);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const [flag, variant, file] = process.argv.slice(2);
if (flag === "--child" && variant && file) await runChild(variant, file);
else await main();
