import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import path from "node:path";
import { expect, test } from "@playwright/test";
import pg from "pg";

// A background (202) upload's progress on the run page, in a browser, against a server on
// PostgreSQL: on the embedded database the ingestion holds the one connection and no page can be
// read until it is done (docs/decisions.md), so this needs its own server. It runs `next start`
// on the build `npm run test:e2e` made, on a fresh database of the PostgreSQL at E2E_POSTGRES_URL
// (an admin URL; default: the local server .ci/run uses), with public read so the page needs no
// sign-in. The upload's job is held deterministically: the test takes the project's write lock
// (the advisory lock every ingestion takes first, lib/db/project-lock.ts) before uploading, so the
// job is running and waiting while the page is looked at, and releases it to let it finish.

const ROOT = path.resolve(import.meta.dirname, "../..");
const ADMIN_URL = process.env.E2E_POSTGRES_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
const PORT = Number(process.env.E2E_PORT ?? 3210) + 1;
const BASE = `http://127.0.0.1:${PORT}`;
const DATABASE = `greenboard_e2e_${process.pid}_${Date.now()}`;

let server: ChildProcess | undefined;
let databaseUrl = "";
let token = "";

async function admin(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: ADMIN_URL });
  try {
    await client.connect();
  } catch (error) {
    throw new Error(`this test needs PostgreSQL at ${ADMIN_URL} (set E2E_POSTGRES_URL): ${error instanceof Error ? error.message : String(error)}`);
  }
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

function run(what: string, args: string[], env: NodeJS.ProcessEnv): string {
  const child = spawnSync(process.execPath, args, { cwd: ROOT, env, encoding: "utf8" });
  if (child.status !== 0) throw new Error(`${what} failed: ${child.stderr || child.stdout}`);
  return child.stdout;
}

test.beforeAll(async ({}, testInfo) => {
  testInfo.setTimeout(120_000);
  await admin(`CREATE DATABASE "${DATABASE}"`);
  const url = new URL(ADMIN_URL);
  url.pathname = `/${DATABASE}`;
  databaseUrl = url.href;
  const env = { ...process.env, DATABASE_URL: databaseUrl, REDIS_URL: "" };
  run("migrating", ["--import", "tsx", "scripts/db-migrate.ts"], env);
  token = run("greenboard token create", ["bin/greenboard.mjs", "token", "create", "--project", "progress", "--name", "e2e"], env).trim().split("\n").pop() ?? "";
  // An install without any account sends every page to /setup; with one (and public read) the run
  // page is open to anyone.
  run("greenboard user create", ["bin/greenboard.mjs", "user", "create", "--email", "admin@example.com", "--admin"], { ...env, GREENBOARD_PASSWORD: "e2e-password-123" });
  server = spawn(process.execPath, [path.join(ROOT, "node_modules/next/dist/bin/next"), "start", "-p", String(PORT)], {
    cwd: ROOT,
    env: { ...env, GREENBOARD_PUBLIC_READ: "true", GREENBOARD_ASYNC_BYTES: "1024" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  // The server's last output, for the error should it not come up.
  let output = "";
  const keep = (chunk: Buffer) => void (output = (output + chunk.toString()).slice(-4000));
  server.stdout?.on("data", keep);
  server.stderr?.on("data", keep);
  const deadline = Date.now() + 90_000;
  for (;;) {
    const healthy = await fetch(`${BASE}/api/v1/health`).then((r) => r.ok, () => false);
    if (healthy) break;
    if (server.exitCode !== null) throw new Error(`next start exited with ${server.exitCode}:\n${output}`);
    if (Date.now() > deadline) throw new Error(`next start did not answer on ${BASE} within 90 s:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
});

test.afterAll(async () => {
  if (server && server.exitCode === null) {
    const exited = new Promise((resolve) => server!.once("exit", resolve));
    server.kill();
    await exited;
  }
  await admin(`DROP DATABASE IF EXISTS "${DATABASE}" WITH (FORCE)`);
});

const report = (cases: number, failing: number) =>
  `<?xml version="1.0"?><testsuites><testsuite name="progress">${Array.from({ length: cases }, (_, i) =>
    i < failing
      ? `<testcase classname="tests.test_progress" name="t${i}"><failure type="AssertionError" message="expected 1 got 2">trace</failure></testcase>`
      : `<testcase classname="tests.test_progress" name="t${i}" time="0.01"/>`,
  ).join("")}</testsuite></testsuites>`;

test("a background upload shows its progress on the run page while it ingests, then the run's figures", async ({ page }) => {
  const lock = new pg.Client({ connectionString: databaseUrl });
  await lock.connect();
  let runUrl = "";
  try {
    const { rows } = await lock.query<{ id: string }>(`SELECT id FROM projects WHERE slug = 'progress'`);
    await lock.query("BEGIN");
    await lock.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [`greenboard:project-writes:${rows[0]!.id}`]);

    const response = await fetch(`${BASE}/api/v1/runs?runKey=held-upload&completed=true&filename=junit.xml`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/xml" },
      body: report(60, 10),
    });
    expect(response.status).toBe(202);
    const body = (await response.json()) as { run: { url: string; status: string; tests: number }; job: { statusUrl: string } };
    expect(body.run).toMatchObject({ status: "open", tests: 0 });
    runUrl = body.run.url;

    await page.goto(runUrl);
    const progress = page.getByTestId("ingest-progress");
    await expect(progress).toBeVisible();
    await expect(progress.getByRole("progressbar")).toBeVisible();
    await expect(progress).toContainText(/Ingesting|Waiting to be ingested/);
    await expect(progress).toContainText("1 report");
    await expect(page.getByTestId("run-pass-rate")).toContainText("—");
    // Still held after a few of the page's polls: the job waits for the lock, the bar stays.
    await page.waitForTimeout(2500);
    await expect(progress).toBeVisible();
    const job = (await (await fetch(body.job.statusUrl, { headers: { authorization: `Bearer ${token}` } })).json()) as { job: { status: string } };
    expect(["queued", "running"]).toContain(job.job.status);
  } finally {
    await lock.query("COMMIT").catch(() => undefined);
    await lock.end();
  }

  // Released: the job stores the report and the page, polling, shows the run's figures.
  await expect(page.getByTestId("ingest-progress")).toBeHidden({ timeout: 30_000 });
  await expect(page.getByTestId("run-pass-rate")).toContainText("83.3 %");
});
