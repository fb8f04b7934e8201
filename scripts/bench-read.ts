// npm run bench:read [-- --runs N] [--cases N] [--repeat N] [--buffers 128,32] [--skip-pglite] — what the
// dashboard and the read API cost once a project holds a few large runs. Loads N runs (default 6)
// of a report of --cases test cases (default 100,000) into a project, as CI would send them: one
// branch, each run completed, about one case in twelve failing in one of six ways, about one in a hundred
// failing in one run only. Then, in a fresh process per configuration, calls
// each of the read functions behind the API routes and the pages once (cold: the first query of a
// process, its data not cached) and --repeat more times (warm, median), and prints the milliseconds.
// The embedded database is measured once per shared_buffers size in --buffers (MB; the first is
// the one the tables compare the others to), PostgreSQL with BENCH_DATABASE_URL (an admin URL: a
// fresh database is created and dropped; KEEP_DB=1 keeps it and the embedded one, for EXPLAIN). The processes' peak RSS
// is printed beside them. A size may be repeated (128,32,128,32): this machine's noise is easier
// to tell from a difference when the processes alternate.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { openDatabase } from "@/lib/db/connection";
import { migrateTarget } from "@/lib/db/migrate";
import { createProject } from "@/lib/db/projects";
import { getRunDetail, getRunDiff, listRunResults, listRuns } from "@/lib/db/runs";
import { getBadgePassRate, getProjectStats, listProjectSummaries } from "@/lib/db/stats";
import { getOverview } from "@/lib/db/overview";
import { getGroupDetail, listGroups } from "@/lib/db/triage";
import { getTestDetail } from "@/lib/db/tests";
import { resetEnv } from "@/lib/env.mjs";
import { ingest } from "@/lib/ingest";
import { defaultClassifier } from "@/lib/ingest/default-classifier";
import { withDatabaseName, type DatabaseTarget } from "@/lib/db/url";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { median, numberFlag, withPgClient } from "./bench-common";

const SCRIPT = fileURLToPath(import.meta.url);
const SLUG = "bench-read";

// Six ways to fail, each with its own message (and so its own failure group), as the classifier
// sorts them: infrastructure, fixture, import, mock, assertion and other.
const FAILURES = [
  ["ConnectionError", "HTTPConnectionPool(host='payments.internal', port=443): Max retries exceeded (Caused by NewConnectionError: [Errno 111] Connection refused)"],
  ["FixtureError", "fixture 'seeded_ledger' not found"],
  ["ModuleNotFoundError", "No module named 'acme.billing.legacy'"],
  ["AttributeError", "Mock object has no attribute 'refund_async'"],
  ["AssertionError", "assert 503 == 200"],
  ["RuntimeError", "unexpected state: ledger closed"],
] as const;
const CLASSES = Array.from({ length: 40 }, (_, i) => `tests.${["billing", "checkout", "accounts", "search"][i % 4]}.test_module_${i}`);

/** Case i of run r: failing in ~1/12 of cases for all runs, plus ~1/97 that fail in one run only. */
function caseXml(i: number, run: number): string {
  const cls = CLASSES[i % CLASSES.length]!;
  const name = `test_case_${i}`;
  const steady = i % 12 === 0;
  const once = (i * 7 + run) % 97 === 0;
  if (!steady && !once) return `<testcase classname="${cls}" name="${name}" time="${((i % 997) / 1000).toFixed(3)}"/>\n`;
  const [type, message] = FAILURES[(i >> 2) % FAILURES.length]!;
  const escaped = message.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/'/g, "&apos;");
  const trace = `Traceback (most recent call last):\n  File "${cls.replace(/\./g, "/")}.py", line ${40 + (i % 50)}, in ${name}\n    client.call()\n${type}: ${escaped}`;
  return `<testcase classname="${cls}" name="${name}" time="1.250"><failure type="${type}" message="${escaped}">${trace}</failure></testcase>\n`;
}

function report(cases: number, run: number): Buffer {
  const parts = [`<?xml version="1.0" encoding="UTF-8"?>\n<testsuites><testsuite name="acme" tests="${cases}">\n`];
  for (let i = 0; i < cases; i++) parts.push(caseXml(i, run));
  parts.push("</testsuite></testsuites>\n");
  return Buffer.from(parts.join(""));
}

async function load(target: DatabaseTarget, runs: number, cases: number): Promise<void> {
  await migrateTarget(target, "bench:read");
  const db = await openDatabase(target, { holder: "bench:read" });
  try {
    const project = await createProject(db.prisma, { slug: SLUG, name: "Bench read", defaultBranch: "main" }, { withReportTeams: true });
    const base = Date.UTC(2026, 10, 1);
    for (let run = 1; run <= runs; run++) {
      const started = performance.now();
      await ingest(
        db.prisma,
        {
          projectId: project.id,
          runKey: `run-${run}`,
          metadata: { branch: "main", commitSha: run.toString(16).padStart(40, "0"), startedAt: new Date(base + run * 3_600_000) },
          files: [{ filename: "report.xml", source: [report(cases, run)] }],
          completed: true,
        },
        { classifier: defaultClassifier, now: new Date(base + run * 3_600_000 + 600_000) },
      );
      console.log(`  run ${run}: ${cases.toLocaleString("en")} cases stored in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    }
  } finally {
    await db.close();
  }
}

interface ReadFigures {
  label: string;
  queries: { name: string; coldMs: number; warmMs: number }[];
  peakMiB: number;
}

/** One read of each kind, named as the page or route that makes it. */
async function readsOf(prisma: PrismaClient): Promise<[string, () => Promise<unknown>][]> {
  const runs = await listRuns(prisma, SLUG);
  const latest = runs?.runs[0];
  if (!latest) throw new Error("bench:read: the project has no runs");
  const groups = await listGroups(prisma, SLUG, {}, new Date(Date.UTC(2026, 11, 1)));
  const group = groups?.groups[0];
  if (!group) throw new Error("bench:read: the project has no open failure groups");
  // A test that failed in one run only: its history has something to show.
  const [flipping] = await prisma.$queryRawUnsafe<{ id: string }[]>(
    `SELECT t.id FROM tests t JOIN projects p ON p.id = t."projectId" WHERE p.slug = $1 AND t.name = 'test_case_97'`,
    SLUG,
  );
  if (!flipping) throw new Error("bench:read: test_case_97 is missing");
  return [
    ["home: project summaries", () => listProjectSummaries(prisma)],
    ["project overview", () => getOverview(prisma, SLUG)],
    ["stats series", () => getProjectStats(prisma, SLUG)],
    ["badge", () => getBadgePassRate(prisma, SLUG)],
    ["runs, page 1", () => listRuns(prisma, SLUG)],
    ["run detail", () => getRunDetail(prisma, SLUG, latest.id)],
    ["run diff to previous", () => getRunDiff(prisma, latest.id)],
    ["run results, page 1", () => listRunResults(prisma, SLUG, latest.id, { sort: "status", page: 1 })],
    ["run results, page 40", () => listRunResults(prisma, SLUG, latest.id, { sort: "status", page: 40 })],
    ["run results, failed, page 1", () => listRunResults(prisma, SLUG, latest.id, { status: "failed", sort: "status", page: 1 })],
    ["run results, by name", () => listRunResults(prisma, SLUG, latest.id, { sort: "name", page: 1 })],
    ["run results, by duration", () => listRunResults(prisma, SLUG, latest.id, { sort: "duration", page: 1 })],
    ["run results, search", () => listRunResults(prisma, SLUG, latest.id, { q: "test_case_4242", sort: "status", page: 1 })],
    ["failure groups (triage queue)", () => listGroups(prisma, SLUG)],
    ["failure group detail", () => getGroupDetail(prisma, SLUG, group.id)],
    ["test history", () => getTestDetail(prisma, SLUG, flipping.id)],
  ];
}

/** In its own process: open the database as the server would and time each read. */
async function measureReads(target: DatabaseTarget, label: string, repeat: number): Promise<void> {
  const db = await openDatabase(target, { holder: "bench:read" });
  try {
    const reads = await readsOf(db.prisma);
    const queries: ReadFigures["queries"] = [];
    for (const [name, read] of reads) {
      let started = performance.now();
      await read();
      const coldMs = performance.now() - started;
      const warm: number[] = [];
      for (let i = 0; i < repeat; i++) {
        started = performance.now();
        await read();
        warm.push(performance.now() - started);
      }
      queries.push({ name, coldMs, warmMs: median(warm) });
    }
    const figures: ReadFigures = { label, queries, peakMiB: process.resourceUsage().maxRSS / 1024 };
    process.stdout.write(`${JSON.stringify(figures)}\n`);
  } finally {
    await db.close();
  }
}

function readInChild(target: DatabaseTarget, label: string, repeat: number, env: Record<string, string>): ReadFigures {
  const child = spawnSync(process.execPath, [...process.execArgv, SCRIPT, "--read", JSON.stringify(target), label, String(repeat)], {
    encoding: "utf8",
    env: { ...process.env, ...env },
    maxBuffer: 16 * 1024 * 1024,
  });
  if (child.status !== 0) throw new Error(`bench:read: reading ${label} failed:\n${child.stderr}`);
  const line = child.stdout.trim().split("\n").at(-1) ?? "";
  return JSON.parse(line) as ReadFigures;
}

function print(all: ReadFigures[]): void {
  const width = 32;
  console.log(`\n${"".padEnd(width)} ${all.map((f) => f.label.padEnd(22)).join(" ")}`);
  console.log(`${"ms: cold first call / warm median".padEnd(width)} ${all.map(() => "cold      warm".padEnd(22)).join(" ")}`);
  const names = all[0]?.queries.map((q) => q.name) ?? [];
  for (const name of names) {
    const cells = all.map((f) => {
      const q = f.queries.find((x) => x.name === name)!;
      return `${q.coldMs.toFixed(0).padStart(6)}  ${q.warmMs.toFixed(0).padStart(6)}`.padEnd(22);
    });
    console.log(`${name.padEnd(width)} ${cells.join(" ")}`);
  }
  const total = (f: ReadFigures, key: "coldMs" | "warmMs") => f.queries.reduce((sum, q) => sum + q[key], 0);
  console.log(`${"all of them".padEnd(width)} ${all.map((f) => `${total(f, "coldMs").toFixed(0).padStart(6)}  ${total(f, "warmMs").toFixed(0).padStart(6)}`.padEnd(22)).join(" ")}`);
  console.log(`${"peak RSS of the process (MiB)".padEnd(width)} ${all.map((f) => f.peakMiB.toFixed(0).padStart(14).padEnd(22)).join(" ")}`);
  const first = all[0];
  if (first) {
    for (const other of all.slice(1)) {
      const ratio = (key: "coldMs" | "warmMs") => total(other, key) / total(first, key);
      console.log(`${other.label} / ${first.label}: cold ${ratio("coldMs").toFixed(2)}×, warm ${ratio("warmMs").toFixed(2)}×, peak RSS ${(other.peakMiB / first.peakMiB).toFixed(2)}×`);
    }
  }
}

async function main(): Promise<void> {
  const runs = numberFlag("--runs", 6, 2);
  const cases = numberFlag("--cases", 100_000, 1_000);
  const repeat = numberFlag("--repeat", 5);
  const buffersAt = process.argv.indexOf("--buffers");
  const buffers = process.argv.includes("--skip-pglite")
    ? []
    : (buffersAt > 0 ? (process.argv[buffersAt + 1] ?? "") : "128,32").split(",").map((b) => Number(b.trim())).filter((b) => Number.isInteger(b) && b > 0);
  const dir = mkdtempSync(path.join(tmpdir(), "greenboard-bench-read-"));
  const adminUrl = process.env.BENCH_DATABASE_URL;
  const pgName = `greenboard_bench_read_${process.pid}`;
  try {
    console.log(`${runs} runs of ${cases.toLocaleString("en")} cases on one branch, completed; each read once cold, then ${repeat}× warm (median)`);
    const all: ReadFigures[] = [];
    const embedded: DatabaseTarget = { kind: "pglite", dataDir: path.join(dir, "pglite") };
    if (buffers.length > 0) {
      console.log("embedded database:");
      await load(embedded, runs, cases);
    }
    for (const mb of buffers) all.push(readInChild(embedded, `PGlite ${mb} MB`, repeat, { GREENBOARD_EMBEDDED_SHARED_BUFFERS_MB: String(mb) }));
    if (adminUrl) {
      await admin(adminUrl, `CREATE DATABASE "${pgName}"`);
      const target: DatabaseTarget = { kind: "postgres", url: withDatabaseName(adminUrl, pgName) };
      console.log("PostgreSQL:");
      await load(target, runs, cases);
      await admin(withDatabaseName(adminUrl, pgName), "ANALYZE");
      all.push(readInChild(target, "PostgreSQL", repeat, {}));
    } else console.log("PostgreSQL: skipped — set BENCH_DATABASE_URL=postgresql://… (an admin URL; a fresh database is created and dropped)");
    print(all);
  } finally {
    if (process.env.KEEP_DB) console.log(`kept: ${dir}${adminUrl ? ` and database ${pgName}` : ""}`);
    else rmSync(dir, { recursive: true, force: true });
    if (adminUrl && !process.env.KEEP_DB) await admin(adminUrl, `DROP DATABASE IF EXISTS "${pgName}" WITH (FORCE)`).catch(() => undefined);
  }
}

async function admin(url: string, sql: string): Promise<void> {
  await withPgClient(url, (client) => client.query(sql));
}

if (process.argv[2] === "--read") {
  resetEnv();
  await measureReads(JSON.parse(process.argv[3]!) as DatabaseTarget, process.argv[4]!, Number(process.argv[5]));
} else await main();
