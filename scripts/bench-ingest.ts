// npm run bench:ingest [-- --runs N] [--cases N] [--skip-pglite] [--skip-allure] — the 100,000-case
// report of bench:parse uploaded end to end, as CI would: the standalone CLI (node gb.mjs upload --finish,
// gzip on the wire) → the upload API (a real HTTP server in its own process) → stored, classified,
// grouped, rolled up and completed. Once into the embedded database and once into PostgreSQL
// (BENCH_DATABASE_URL, an admin URL: a fresh database is created and dropped). Side by side: a
// parse-only pass over the same file (the baseline) and Allure 3 (`allure generate`, installed on
// demand into a temporary folder) on it. Prints wall time and peak RSS of each, the server's memory
// over the upload (and whether it stays flat once ingestion is under way), and the targets. Each
// upload is followed by the same report again under another run key — the project's next run, its
// tests known, which is what a CI pipeline's uploads are after the first — timed on its own; and on
// PostgreSQL by the database's floor for the stored rows (measureStorageFloor).
// Each database is prepared as a deployment prepares it, in short-lived processes of its own before
// the server starts: `scripts/db-migrate.ts` (what `npm start` runs before `next start`), then
// `greenboard token create`; so the server's peak RSS holds serving and ingesting only. The server
// (scripts/bench-ingest-server.ts) runs compiled, not under tsx, as `next start` runs built code.
// For iterating: --skip-pglite and --skip-allure leave those out (Allure alone takes over a
// minute); --runs N repeats each measurement; --cases N generates a report of N cases instead
// (the targets are set for 100,000). The default is the full comparison, one run.
// BENCH_SERVER_NODE_ARGS passes node flags to the server alone, e.g. "--cpu-prof --cpu-prof-dir=DIR"
// (the server exits on its own after the figures, so a profile gets written). KEEP_DB=1 leaves each
// PostgreSQL database in place afterwards (greenboard_bench_<pid>_<run>), for EXPLAIN; drop it by hand.
import { spawn, spawnSync, type ChildProcessByStdio } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";
import type { Readable, Writable } from "node:stream";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { median, numberFlag, withPgClient } from "./bench-common";
import { buildCliBundle } from "./build-cli";

// The report's size: 100,000 cases (bench:parse's), or --cases N to see whether the server's
// memory stays flat when the upload is larger.
const CASES = numberFlag("--cases", 100_000, 1_000);
// The warm-up upload before each measured one (measureUpload).
const WARM_UP_CASES = 5_000;
const SCRIPT = fileURLToPath(import.meta.url);
const ROOT = path.resolve(import.meta.dirname, "..");

interface Measurement {
  ms: number;
  /** Peak RSS in MiB: the process's own maxRSS, or the sum over its process tree (polled). */
  peakMiB: number;
  /** CPU seconds of the process and its children once they ended (runMeasured; 0 where /proc is missing). */
  cpuSeconds?: number;
}

interface UploadMeasurement extends Measurement {
  tests: number;
  /** Answered 202 and followed by polling the job (uploads above GREENBOARD_ASYNC_BYTES). */
  background: boolean;
  serverPeakMiB: number;
  /** Server RSS (MiB) sampled every 100 ms from the request's start to its answer. */
  serverRss: number[];
  /** PostgreSQL only: measureStorageFloor after the upload. */
  floorMs?: number;
  /** CPU seconds spent during the upload: the CLI, the server, and (local PostgreSQL only) all of PostgreSQL's processes. */
  cpu: { cli: number; server: number; postgres: number | null };
  /** The same report uploaded again right after, as the project's next run: its tests known (wall time). */
  nextRunMs: number;
}

// ---------------------------------------------------------------------------------------------
// Child role: the parse-only baseline.

async function runParseChild(file: string): Promise<void> {
  const { createReadStream } = await import("node:fs");
  const { parseJUnitStream } = await import("@/lib/junit");
  const started = performance.now();
  let cases = 0;
  // The options ingestion uses (as bench:parse's greenboard variant).
  for await (const event of parseJUnitStream(createReadStream(file, { highWaterMark: 256 * 1024 }), { keepOutput: false, keepProperties: false })) {
    if (event.kind === "case") cases++;
  }
  const ms = performance.now() - started;
  process.stdout.write(`${JSON.stringify({ ms, peakMiB: process.resourceUsage().maxRSS / 1024, cases })}\n`);
}

// ---------------------------------------------------------------------------------------------
// Measuring other processes.

/** VmRSS of one process in MiB (0 if it has ended). */
function processRssMiB(pid: number): number {
  try {
    return Number(/^VmRSS:\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? 0) / 1024;
  } catch {
    return 0; // the process ended while we looked
  }
}

const CLOCK_TICKS = 100; // USER_HZ: what Linux reports /proc times in, 100 on every mainstream architecture

/** utime + stime (+ cutime + cstime: children this process has waited for) of a process, in seconds; 0 without /proc. */
function processCpuSeconds(pid: number | "self", withChildren: boolean): number {
  try {
    // Fields after the command name (which may hold spaces): state is [0], utime [11], stime [12], cutime [13], cstime [14].
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ").map(Number);
    const ticks = fields[11]! + fields[12]! + (withChildren ? fields[13]! + fields[14]! : 0);
    return ticks / CLOCK_TICKS;
  } catch {
    return 0;
  }
}

/**
 * CPU seconds of every process named `postgres` on this machine, by pid: with a local server,
 * the difference between two snapshots is what the whole server (backends, WAL writer,
 * checkpointer) spent in between. Null where there is no /proc or no such process.
 */
function postgresCpu(): Map<number, number> | null {
  if (!existsSync("/proc/self/stat")) return null;
  const cpu = new Map<number, number>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/comm`, "utf8").trim() !== "postgres") continue;
    } catch {
      continue; // ended while we looked
    }
    cpu.set(Number(entry), processCpuSeconds(Number(entry), false));
  }
  return cpu.size > 0 ? cpu : null;
}

/** CPU seconds PostgreSQL's processes spent since `before` (processes started since count from 0; ended ones are lost). */
function postgresCpuSince(before: Map<number, number> | null): number | null {
  const after = postgresCpu();
  if (!before || !after) return null;
  let total = 0;
  for (const [pid, seconds] of after) total += Math.max(0, seconds - (before.get(pid) ?? 0));
  return total;
}

/** A process's children, from /proc/<pid>/task/<tid>/children; null where the kernel does not provide it. */
function childPids(pid: number): number[] | null {
  let tasks: string[];
  try {
    tasks = readdirSync(`/proc/${pid}/task`);
  } catch {
    return [];
  }
  const pids: number[] = [];
  for (const tid of tasks) {
    try {
      for (const child of readFileSync(`/proc/${pid}/task/${tid}/children`, "utf8").split(" ")) if (child.trim()) pids.push(Number(child));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT" && existsSync(`/proc/${pid}/task/${tid}`)) return null;
    }
  }
  return pids;
}

/**
 * Sum of VmRSS (MiB) over a process and its descendants, from /proc; null where there is no /proc.
 * Walks the tree from its root (a few reads per poll, not one per process on the machine: polling
 * every 50 ms must not take CPU from what it measures on a 2-core machine).
 */
function treeRssMiB(rootPid: number): number | null {
  if (!existsSync("/proc/self/status")) return null;
  let total = 0;
  const stack = [rootPid];
  while (stack.length > 0) {
    const pid = stack.pop()!;
    total += processRssMiB(pid);
    const children = childPids(pid);
    if (children === null) return scannedTreeRssMiB(rootPid);
    stack.push(...children);
  }
  return total;
}

/** The same by scanning every process's status (kernels without /proc/<pid>/task/<tid>/children). */
function scannedTreeRssMiB(rootPid: number): number {
  const children = new Map<number, number[]>();
  const rss = new Map<number, number>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const status = readFileSync(`/proc/${entry}/status`, "utf8");
      const ppid = Number(/^PPid:\s+(\d+)/m.exec(status)?.[1]);
      rss.set(Number(entry), Number(/^VmRSS:\s+(\d+)/m.exec(status)?.[1] ?? 0) / 1024);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
    } catch {
      // the process ended while we looked
    }
  }
  let total = 0;
  const stack = [rootPid];
  while (stack.length > 0) {
    const pid = stack.pop()!;
    total += rss.get(pid) ?? 0;
    stack.push(...(children.get(pid) ?? []));
  }
  return total;
}

/** Runs a command to its end; wall time and the peak RSS of its whole process tree (polled every 50 ms). */
function runMeasured(command: string, args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<Measurement & { code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    // Children this process has waited for add to its cutime/cstime: the CLI's CPU once it has ended.
    const childCpuBefore = processCpuSeconds("self", true) - processCpuSeconds("self", false);
    const child = spawn(command, args, { cwd: options.cwd, env: options.env ?? process.env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    let peak = 0;
    const poll = setInterval(() => {
      if (child.pid) peak = Math.max(peak, treeRssMiB(child.pid) ?? 0);
    }, 50);
    child.on("error", (error) => {
      clearInterval(poll);
      reject(error);
    });
    child.on("close", (code) => {
      clearInterval(poll);
      const cpuSeconds = processCpuSeconds("self", true) - processCpuSeconds("self", false) - childCpuBefore;
      resolve({ ms: performance.now() - started, peakMiB: peak, cpuSeconds, code: code ?? 1, stdout, stderr });
    });
  });
}

// ---------------------------------------------------------------------------------------------
// The three contenders.

function measureParse(file: string): Measurement {
  const child = spawnSync(process.execPath, [...process.execArgv, SCRIPT, "--parse", file], { encoding: "utf8", maxBuffer: 1 << 20 });
  if (child.status !== 0) throw new Error(`parse failed: ${child.stderr}`);
  return JSON.parse(child.stdout.trim().split("\n").pop() ?? "") as Measurement;
}

interface Target {
  label: string;
  /** Creates the server's (empty) database; returns its target, its DATABASE_URL and a cleanup. */
  open(dir: string, run: number): Promise<{ target: object; databaseUrl: string; drop: () => Promise<void> }>;
}

/**
 * scripts/bench-ingest-server.ts as one ESM file of our code, packages left as imports: compiled
 * as `next build` compiles the routes. Written under node_modules/.cache so that those imports
 * resolve from the project's node_modules.
 */
async function buildBenchServer(): Promise<string> {
  const outfile = path.join(ROOT, "node_modules/.cache/greenboard-bench", `server-${process.pid}.mjs`);
  await build({
    entryPoints: [path.join(ROOT, "scripts/bench-ingest-server.ts")],
    outfile,
    bundle: true,
    packages: "external",
    platform: "node",
    format: "esm",
    target: "node20",
    conditions: ["react-server"],
    tsconfig: path.join(ROOT, "tsconfig.json"),
    logLevel: "warning",
  });
  return outfile;
}

/** Migrates (`scripts/db-migrate.ts`) and creates the bench and warm-up projects' tokens (`greenboard token create`), each in its own process; returns the tokens. */
function prepareDatabase(databaseUrl: string): { token: string; warmUpToken: string } {
  const env = { ...process.env, DATABASE_URL: databaseUrl };
  const run = (what: string, args: string[]) => {
    const child = spawnSync(process.execPath, args, { cwd: ROOT, env, encoding: "utf8" });
    if (child.status !== 0) throw new Error(`${what} failed: ${child.stderr || child.stdout}`);
    return child.stdout;
  };
  run("scripts/db-migrate.ts", [...process.execArgv, path.join(ROOT, "scripts/db-migrate.ts")]);
  // The token is printed alone on the last line.
  const token = (project: string) =>
    run("greenboard token create", [path.join(ROOT, "bin/greenboard.mjs"), "token", "create", "--project", project, "--name", "bench"]).trim().split("\n").pop() ?? "";
  return { token: token("bench"), warmUpToken: token("warm-up") };
}

async function measureUpload(target: Target, dir: string, run: number, cli: string, serverBundle: string, file: string, warmUpFile: string): Promise<UploadMeasurement> {
  const { target: databaseTarget, databaseUrl, drop } = await target.open(dir, run);
  let server: ChildProcessByStdio<Writable, Readable, null> | undefined;
  try {
    const { token, warmUpToken } = prepareDatabase(databaseUrl);
    // React-server condition: the route modules import "server-only", which refuses other importers.
    // BENCH_SERVER_NODE_ARGS: extra node flags for the server only (e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof").
    const extra = (process.env.BENCH_SERVER_NODE_ARGS ?? "").split(/\s+/).filter(Boolean);
    server = spawn(process.execPath, [...extra, "--conditions=react-server", serverBundle, JSON.stringify(databaseTarget)], {
      cwd: ROOT,
      // As `npm start` starts the server (package.json, docs/decisions.md).
      env: { ...process.env, MALLOC_ARENA_MAX: process.env.MALLOC_ARENA_MAX ?? "2" },
      stdio: ["pipe", "pipe", "inherit"],
    });
    const lines = createInterface({ input: server.stdout })[Symbol.asyncIterator]();
    const first = await lines.next();
    if (first.done) throw new Error("the bench server exited before it listened");
    const { url } = JSON.parse(first.value) as { url: string };
    const uploadAs = (runKey: string, as = token, report = file) =>
      runMeasured(process.execPath, [cli, "upload", "--url", url, "--token", as, "--run-key", runKey, "--finish", report], {
        cwd: path.dirname(report),
        // Only PATH: no CI variables of the machine running the bench.
        env: { PATH: process.env.PATH ?? "", NODE_ENV: "production" },
      });
    // A deployed server has stored uploads before a CI upload comes: one small upload into another
    // project (WARM_UP_CASES) opens its database connections and compiles the code and queries of
    // ingestion, so the measured upload is not timed with the server's start. It stores nothing in
    // the measured project, and is neither timed nor counted in the CPU and memory samples.
    const warm = await uploadAs("warm-up", warmUpToken, warmUpFile);
    if (warm.code !== 0) throw new Error(`warming the server up failed (${warm.code}): ${warm.stderr}`);
    // Its rows would set off autovacuum's ANALYZE of the tables, which started empty, during the
    // measured upload (where autovacuum is on): taken now instead.
    if (databaseUrl.startsWith("postgres")) await analyzeAndCheckpoint(databaseUrl);
    server.stdin.write("mark\n");
    const pgCpuBefore = databaseUrl.startsWith("postgres") ? postgresCpu() : null;
    const upload = await uploadAs(`bench-${run}`);
    const pgCpu = postgresCpuSince(pgCpuBefore);
    if (upload.code !== 0) throw new Error(`greenboard upload failed (${upload.code}): ${upload.stderr}`);
    server.stdin.write("figures\n");
    const figures = await lines.next();
    if (figures.done) throw new Error("the bench server exited without its figures");
    const memory = JSON.parse(figures.value) as { peakMiB: number; samples: number[]; cpuSeconds: number };
    // Of the first upload's rows alone, before the next run adds its results.
    const floorMs = databaseUrl.startsWith("postgres") ? await measureStorageFloor(databaseUrl) : undefined;
    // The next run of the same project: every test is known, results go beside the first run's.
    // Statistics as autovacuum would have them by then (a CI's next upload comes minutes later).
    if (databaseUrl.startsWith("postgres")) await analyzeAndCheckpoint(databaseUrl);
    const next = await uploadAs(`bench-${run}-next`);
    if (next.code !== 0) throw new Error(`greenboard upload (next run) failed (${next.code}): ${next.stderr}`);
    server.stdin.write("stop\n");
    await lines.next();
    // Let it exit on its own (a --cpu-prof profile is written on exit); killed below if it does not.
    const exiting = server;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, 10_000);
      exiting.once("exit", () => (clearTimeout(timer), resolve()));
      if (exiting.exitCode !== null) resolve();
    });
    const tests = Number(/: (\d+) tests,/.exec(upload.stdout)?.[1] ?? 0);
    const background = upload.stderr.includes("processing the upload in the background");
    return { ms: upload.ms, peakMiB: upload.peakMiB, tests, background, serverPeakMiB: memory.peakMiB, serverRss: memory.samples, floorMs, nextRunMs: next.ms,
      cpu: { cli: upload.cpuSeconds ?? 0, server: memory.cpuSeconds, postgres: pgCpu } };
  } finally {
    server?.kill();
    await drop();
  }
}

/**
 * Before each PostgreSQL measurement: the server writes out what earlier measurements (and the
 * databases dropped after them) left dirty now, rather than during this one. Needs a superuser or
 * pg_checkpoint; without, the measurement goes ahead as it is (noisier).
 */
async function checkpoint(url: string): Promise<void> {
  await withPgClient(url, (client) =>
    client.query("CHECKPOINT").catch((error: unknown) => {
      console.error(`CHECKPOINT before the measurement failed (${error instanceof Error ? error.message : String(error)}); going on without`);
    }),
  );
}

/** Statistics taken (as autovacuum would have them), then checkpoint: before an upload is measured. */
async function analyzeAndCheckpoint(url: string): Promise<void> {
  await withPgClient(url, (client) => client.query("ANALYZE"));
  await checkpoint(url);
}

/** `work` on a connection of its own to `url`, closed afterwards whatever happens. */
/**
 * PostgreSQL's share at its smallest: after the first upload, the server idle, the rows it stored in
 * `tests` and `results` for the bench project (not the warm-up's) are inserted again into copies of
 * those tables (same columns, same indexes), one INSERT … SELECT each in one transaction with
 * ingestion's session settings. No parsing, no COPY text, no lookups, no groups or rollups: what
 * any schema-preserving ingestion has to pay the database for these rows on this machine.
 */
async function measureStorageFloor(url: string): Promise<number> {
  await checkpoint(url);
  return withPgClient(url, async (client) => {
    await client.query(`CREATE TABLE floor_tests (LIKE tests INCLUDING ALL); CREATE TABLE floor_results (LIKE results INCLUDING ALL)`);
    const started = performance.now();
    await client.query(
      `BEGIN; SET LOCAL synchronous_commit = off; SET LOCAL work_mem = '64MB'; SET LOCAL jit = off;
       INSERT INTO floor_tests SELECT * FROM tests WHERE "projectId" = (SELECT id FROM projects WHERE slug = 'bench');
       INSERT INTO floor_results SELECT * FROM results WHERE "testId" IN (SELECT id FROM floor_tests); COMMIT`,
    );
    const ms = performance.now() - started;
    await client.query(`DROP TABLE floor_tests, floor_results`);
    return ms;
  });
}

const pglite: Target = {
  label: "embedded PGlite",
  async open(dir, run) {
    const dataDir = path.join(dir, `pglite-${run}`);
    return {
      target: { kind: "pglite", dataDir },
      databaseUrl: `pglite:${dataDir}`,
      drop: async () => rmSync(dataDir, { recursive: true, force: true }),
    };
  },
};

function postgres(adminUrl: string): Target {
  return {
    label: "PostgreSQL",
    async open(_dir, run) {
      const { withDatabaseName } = await import("@/lib/db/url");
      const name = `greenboard_bench_${process.pid}_${run}`;
      const admin = (sql: string) => withPgClient(adminUrl, async (client) => void (await client.query(sql)));
      await admin(`CREATE DATABASE "${name}"`);
      const url = withDatabaseName(adminUrl, name);
      return { target: { kind: "postgres", url }, databaseUrl: url, drop: async () => { if (!process.env.KEEP_DB) await admin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`); } };
    },
  };
}

/** `npm install --prefix <tmp> allure@3`; the path of its CLI, or null (with the reason printed) when that fails. */
function installAllure(dir: string): string | null {
  const prefix = path.join(dir, "allure");
  mkdirSync(prefix, { recursive: true });
  process.stdout.write(`installing allure@3 into ${prefix} (npm install --prefix …) … `);
  const npm = process.platform === "win32" ? "npm.cmd" : "npm";
  const result = spawnSync(npm, ["install", "--prefix", prefix, "allure@3", "--no-audit", "--no-fund", "--loglevel=error"], { encoding: "utf8", timeout: 300_000 });
  const bin = path.join(prefix, "node_modules", "allure", "package.json");
  if (result.status !== 0 || !existsSync(bin)) {
    console.log("FAILED");
    console.log(`  Allure 3 could not be installed (${result.error?.message ?? `npm exited ${result.status}`}): ${(result.stderr ?? "").trim().split("\n").slice(-3).join(" / ")}`);
    console.log("  continuing without the Allure figures");
    return null;
  }
  const manifest = JSON.parse(readFileSync(bin, "utf8")) as { version: string; bin?: string | Record<string, string> };
  const entry = typeof manifest.bin === "string" ? manifest.bin : (manifest.bin?.allure ?? "");
  console.log(`allure ${manifest.version}`);
  return path.join(prefix, "node_modules", "allure", entry);
}

async function measureAllure(cli: string, file: string, dir: string, run: number): Promise<Measurement & { tests: number }> {
  const results = path.join(dir, `allure-results-${run}`);
  const out = path.join(dir, `allure-report-${run}`);
  mkdirSync(results, { recursive: true });
  // A copy, not a link: Allure skips symbolic links.
  copyFileSync(file, path.join(results, path.basename(file)));
  const measured = await runMeasured(process.execPath, [cli, "generate", results, "--output", out], { cwd: dir });
  if (measured.code !== 0) throw new Error(`allure generate failed (${measured.code}): ${measured.stderr.slice(-500)}`);
  const summary = JSON.parse(readFileSync(path.join(out, "summary.json"), "utf8")) as { stats?: { total?: number } };
  rmSync(results, { recursive: true, force: true });
  rmSync(out, { recursive: true, force: true });
  return { ...measured, tests: summary.stats?.total ?? 0 };
}

// ---------------------------------------------------------------------------------------------

const spread = (values: number[], digits = 0) =>
  values.length > 1 ? ` (${Math.min(...values).toFixed(digits)}–${Math.max(...values).toFixed(digits)})` : "";
const seconds = (ms: number) => (ms / 1000).toFixed(2);

function row(name: string, ms: number[], peak: number[], note = ""): void {
  const wall = ms.length > 0 ? `${seconds(median(ms))} s${spread(ms.map((m) => m / 1000), 2)}` : "";
  const memory = peak.length > 0 ? `${median(peak).toFixed(0)} MiB${spread(peak)}` : "";
  console.log(`${name.padEnd(34)} ${wall.padEnd(22)} ${memory.padEnd(18)} ${note}`);
}

/**
 * How far the server's RSS rose after the first quarter of the upload, as a share of its peak:
 * by then the upload is received and ingestion is under way, so memory that stays flat while
 * the report streams through gives ~0, and memory that grows with the report read so far does not.
 */
function lateGrowth(m: UploadMeasurement): number {
  const samples = m.serverRss;
  if (samples.length < 8) return NaN;
  const from = Math.floor(samples.length / 4);
  return (Math.max(...samples.slice(from)) - samples[from]!) / m.serverPeakMiB;
}

function verdict(label: string, value: number, target: string, pass: boolean): void {
  console.log(`${label.padEnd(60)} ${value.toFixed(2).padStart(7)}   target ${target.padEnd(7)} ${pass ? "PASS" : "MISS"}`);
}

async function main(): Promise<void> {
  const runs = numberFlag("--runs", 1);
  const skipPglite = process.argv.includes("--skip-pglite");
  const skipAllure = process.argv.includes("--skip-allure");
  const dir = mkdtempSync(path.join(tmpdir(), "greenboard-bench-ingest-"));
  let serverBundle: string | undefined;
  try {
    const file = path.join(dir, "report-100k.xml");
    const warmUpFile = path.join(dir, "warm-up-5k.xml");
    for (const [report, cases] of [[file, CASES], [warmUpFile, WARM_UP_CASES]] as const) {
      const gen = spawnSync(process.execPath, [...process.execArgv, fileURLToPath(new URL("./bench-parse.ts", import.meta.url)), "--generate", report, String(cases)], { encoding: "utf8" });
      if (gen.status !== 0) throw new Error(gen.stderr);
    }
    const cli = await buildCliBundle(path.join(dir, "gb.mjs"));
    serverBundle = await buildBenchServer();
    const adminUrl = process.env.BENCH_DATABASE_URL;
    const targets = [...(skipPglite ? [] : [pglite]), ...(adminUrl ? [postgres(adminUrl)] : [])];
    const allure = skipAllure ? null : installAllure(dir);
    console.log(
      `report: ${CASES.toLocaleString("en")} cases, ${(statSync(file).size / 1e6).toFixed(0)} MB; ${runs} run${runs > 1 ? "s" : ""} each, median (min–max)\n` +
        `greenboard = node gb.mjs upload --finish (gzip) → POST /api/v1/runs → stored and completed; peak RSS = CLI + server processes\n` +
        (skipPglite ? "embedded PGlite: skipped (--skip-pglite)\n" : "") +
        (adminUrl ? "" : "PostgreSQL: skipped — set BENCH_DATABASE_URL=postgresql://… (an admin URL; a fresh database is created and dropped)\n") +
        (skipAllure ? "Allure 3: skipped (--skip-allure)\n" : ""),
    );

    const parse: Measurement[] = [];
    const uploads = new Map<string, UploadMeasurement[]>(targets.map((t) => [t.label, []]));
    const allureRuns: (Measurement & { tests: number })[] = [];
    for (let run = 1; run <= runs; run++) {
      parse.push(measureParse(file));
      for (const target of targets) uploads.get(target.label)!.push(await measureUpload(target, dir, run, cli, serverBundle, file, warmUpFile));
      if (allure) {
        try {
          allureRuns.push(await measureAllure(allure, file, dir, run));
        } catch (error) {
          console.log(`allure generate failed; continuing without its figures: ${error instanceof Error ? error.message : String(error)}`);
        }
      }
    }

    console.log(`${"".padEnd(34)} ${"wall time".padEnd(22)} ${"peak RSS".padEnd(18)}`);
    row("parse only (baseline)", parse.map((m) => m.ms), parse.map((m) => m.peakMiB));
    for (const [label, measured] of uploads) {
      const background = measured.some((m) => m.background) ? ", answered 202, then the job long-polled (GREENBOARD_ASYNC_BYTES)" : "";
      row(`greenboard → ${label}`, measured.map((m) => m.ms), measured.map((m) => m.peakMiB + m.serverPeakMiB), `${measured[0]?.tests ?? 0} tests stored${background}`);
      row(`  of which server process`, [], measured.map((m) => m.serverPeakMiB));
      row(`  its next run (tests known)`, measured.map((m) => m.nextRunMs), [], "the same report again under another run key, right after");
    }
    if (allureRuns.length > 0) row("allure generate (Allure 3)", allureRuns.map((m) => m.ms), allureRuns.map((m) => m.peakMiB), `${allureRuns[0]?.tests ?? 0} tests in its summary`);

    console.log("\nserver RSS (MiB) over the upload, ten evenly spaced samples of the last run:");
    for (const [label, measured] of uploads) {
      const samples = measured.at(-1)?.serverRss ?? [];
      const picked = Array.from({ length: 10 }, (_, i) => samples[Math.floor((i * (samples.length - 1)) / 9)] ?? NaN);
      console.log(`  ${label.padEnd(16)} ${picked.map((v) => v.toFixed(0)).join(" ")}`);
    }

    console.log("\nCPU seconds spent during the upload (median): where the wall time goes on this machine's cores");
    for (const [label, measured] of uploads) {
      const cli = median(measured.map((m) => m.cpu.cli));
      const server = median(measured.map((m) => m.cpu.server));
      const pgSeconds = measured.flatMap((m) => (m.cpu.postgres === null ? [] : [m.cpu.postgres]));
      const postgresPart = pgSeconds.length > 0 ? median(pgSeconds) : null;
      const total = cli + server + (postgresPart ?? 0);
      console.log(
        `  ${label.padEnd(16)} CLI ${cli.toFixed(2)} s, server ${server.toFixed(2)} s` +
          (label === "PostgreSQL" ? (postgresPart === null ? ", PostgreSQL not measured (not a local server)" : `, PostgreSQL ${postgresPart.toFixed(2)} s`) : " (the embedded database runs in the server)") +
          ` = ${total.toFixed(2)} s on ${availableParallelism()} cores (${(total / availableParallelism()).toFixed(2)} s if perfectly spread)`,
      );
    }

    console.log("");
    for (const [label, measured] of uploads) {
      const growth = median(measured.map(lateGrowth));
      verdict(`server RSS growth after 1/4 of the upload / peak (${label})`, growth, "≤ 0.10", growth <= 0.1);
    }
    const parseMs = median(parse.map((m) => m.ms));
    const pgRuns = uploads.get("PostgreSQL");
    if (pgRuns) {
      verdict("stored in PostgreSQL / parse only (wall)", median(pgRuns.map((m) => m.ms)) / parseMs, "≤ 3×", median(pgRuns.map((m) => m.ms)) <= 3 * parseMs);
      const nextMs = median(pgRuns.map((m) => m.nextRunMs));
      verdict("  its next run (tests known) / parse only (wall)", nextMs / parseMs, "≤ 3×", nextMs <= 3 * parseMs);
      const floors = pgRuns.flatMap((m) => (m.floorMs === undefined ? [] : [m.floorMs]));
      if (floors.length > 0) {
        const floor = median(floors);
        console.log(
          `  PostgreSQL's floor: the stored tests and results inserted again into copies of their tables (same indexes), ` +
            `${seconds(floor)} s${spread(floors.map((m) => m / 1000), 2)} = ${(floor / parseMs).toFixed(2)}× parse only, before any parsing, receiving or completing`,
        );
      }
    } else console.log("stored in PostgreSQL / parse only: not measured (no BENCH_DATABASE_URL)");
    if (allureRuns.length > 0) {
      const allureMs = median(allureRuns.map((m) => m.ms));
      const allurePeak = median(allureRuns.map((m) => m.peakMiB));
      for (const [label, measured] of uploads) {
        const ms = median(measured.map((m) => m.ms));
        const peak = median(measured.map((m) => m.peakMiB + m.serverPeakMiB));
        verdict(`Allure time / Greenboard time (${label})`, allureMs / ms, "≥ 20×", allureMs / ms >= 20);
        verdict(`Greenboard peak RSS / Allure peak RSS (${label})`, peak / allurePeak, "≤ 0.20", peak / allurePeak <= 0.2);
      }
    } else {
      console.log(`Allure comparisons: not measured (${skipAllure ? "--skip-allure" : "Allure 3 unavailable"})`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
    if (serverBundle) rmSync(serverBundle, { force: true });
  }
}

const [role, argument] = process.argv.slice(2);
if (role === "--parse" && argument) await runParseChild(argument);
else await main();
