import { createHash } from "node:crypto";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createApiToken } from "@/lib/api/tokens";
import { setDatabase } from "@/lib/db/client";
import type { Database } from "@/lib/db/connection";
import { createTestDatabase } from "@/lib/db/testing";
import { settleBackgroundJobs } from "@/lib/db/jobs";
import { createBufferedIo } from "./io";
import { main } from "./main";
import { startTestServer, type TestServer } from "./testing/server";
import { retryDelay, runUpload } from "./upload";

const report = (cases: string, suite = "tests") => `<?xml version="1.0"?><testsuites><testsuite name="${suite}">${cases}</testsuite></testsuites>`;
const pass = (name: string) => `<testcase classname="tests.test_api" name="${name}" time="0.1"/>`;
const fail = (name: string) =>
  `<testcase classname="tests.test_api" name="${name}"><failure message="expected 1 got 2" type="AssertionError">trace</failure></testcase>`;

describe("greenboard upload", () => {
  let db: Database;
  let server: TestServer;
  let token: string;
  let cwd: string;

  beforeAll(async () => {
    db = await createTestDatabase();
    setDatabase(db);
    const project = await db.prisma.project.create({ data: { slug: "payments", name: "Payments" } });
    token = (await createApiToken(db.prisma, project.id, "ci")).token;
    server = await startTestServer();
    cwd = await mkdtemp(path.join(os.tmpdir(), "gb-upload-cli-"));
    await mkdir(path.join(cwd, "reports/unit"), { recursive: true });
    await mkdir(path.join(cwd, "tests"), { recursive: true });
    await writeFile(path.join(cwd, "reports/unit/junit-1.xml"), report(pass("a") + pass("b")));
    await writeFile(path.join(cwd, "reports/unit/junit-2.xml"), report(fail("c"), "other"));
    await writeFile(path.join(cwd, "reports/notes.txt"), "not a report");
    await writeFile(path.join(cwd, "reports/single.xml"), report(pass("single")));
    await writeFile(path.join(cwd, "tests/test_api.py"), "def test_a(): pass\n");
  });

  afterAll(async () => {
    await server.close();
    setDatabase(undefined);
    await db.close();
    await rm(cwd, { recursive: true, force: true });
  });

  const upload = async (args: string[], env: Record<string, string> = {}) => {
    const io = createBufferedIo(cwd);
    const code = await runUpload(args, io, {
      env: { GREENBOARD_URL: server.url, GREENBOARD_TOKEN: token, ...env },
      retryDelayMs: 10,
      maxDelayMs: 50,
      random: () => 1,
      progressBar: false,
      pollIntervalMs: 10,
    });
    return { code, out: io.stdoutText(), err: io.stderrText() };
  };
  const run = (runKey: string) => db.prisma.run.findFirstOrThrow({ where: { runKey } });

  test("uploads a directory's reports, prints a summary and the run URL, and exits 0 although tests failed", async () => {
    const { code, out, err } = await upload(["--run-key", "dir-1", "--branch", "main", "--label", "os=linux", "--test-files", "tests/**/*.py", "reports/unit"]);
    expect(err).toBe("");
    expect(code).toBe(0);
    const stored = await run("dir-1");
    expect(out).toBe(
      "Uploaded 2 files to run dir-1 (open): 3 tests, 2 passed, 1 failed, 0 errors, 0 skipped, 0 missing; pass rate 66.6 %\n" +
        `${server.url}/p/payments/runs/${stored.id}\n`,
    );
    expect(stored).toMatchObject({ branch: "main", labels: { os: "linux" }, tests: 3, failed: 1 });
    const uploads = await db.prisma.upload.findMany({ where: { runId: stored.id }, orderBy: { filename: "asc" } });
    expect(uploads.map((u) => u.filename)).toEqual(["reports/unit/junit-1.xml", "reports/unit/junit-2.xml"]);
  });

  test("--test-files sends the test files and which are all commented out; at completion they are missing", async () => {
    await writeFile(path.join(cwd, "tests/test_cors.py"), "# REMOVED_SYNTAX_ERROR: def test_preflight():\n#     assert False\n");
    await writeFile(path.join(cwd, "tests/test_quiet.py"), "import os\n");
    const { code } = await upload(["--run-key", "tf-1", "--completed", "--test-files", "tests/*.py", "reports/single.xml"]);
    expect(code).toBe(0);
    const stored = await run("tf-1");
    const missing = await db.prisma.result.findMany({ where: { runId: stored.id, status: "missing" }, include: { test: true } });
    // tests/test_api.py is reported by single.xml (classname tests.test_api), so it is not missing.
    expect(missing.map((r) => [r.test.key, r.category, r.message]).sort()).toEqual([
      ["tests/test_cors.py::(file)", "commented_out", "Test file reported 0 tests: tests/test_cors.py — all code in the file is commented out"],
      ["tests/test_quiet.py::(file)", "commented_out", "Test file reported 0 tests: tests/test_quiet.py (its code is not all commented out)"],
    ]);
  });

  test("uploading the same files again is acknowledged as duplicates", async () => {
    const { code, out } = await upload(["--run-key", "dir-1", "reports/unit/*.xml"]);
    expect(code).toBe(0);
    expect(out).toMatch(/^Uploaded 2 files \(2 already received\) to run dir-1 \(open\): 3 tests, /);
  });

  test("reads run key, branch, commit and CI link from GitHub Actions, and completes with --completed", async () => {
    const { code } = await upload(["--completed", "reports/single.xml"], {
      GITHUB_ACTIONS: "true",
      GITHUB_RUN_ID: "777",
      GITHUB_RUN_ATTEMPT: "1",
      GITHUB_REF_NAME: "release",
      GITHUB_SHA: "cafe",
      GITHUB_SERVER_URL: "https://github.com",
      GITHUB_REPOSITORY: "acme/payments",
    });
    expect(code).toBe(0);
    expect(await run("777-1")).toMatchObject({
      status: "complete",
      branch: "release",
      commitSha: "cafe",
      ciUrl: "https://github.com/acme/payments/actions/runs/777",
    });
  });

  test("--finish completes the run once the upload is stored", async () => {
    const { code, out } = await upload(["--run-key", "fin", "--finish", "reports/unit"]);
    expect(code).toBe(0);
    // Completion also reports tests that earlier runs had and this one lacks as missing.
    expect(out).toMatch(/^Uploaded 2 files to run fin \(complete\): \d+ tests, 2 passed, 1 failed, /);
    expect(await run("fin")).toMatchObject({ status: "complete", passed: 2, failed: 1 });
  });

  test("reads run key, branch, commit and build link from Azure Pipelines", async () => {
    const { code } = await upload(["--finish", "reports/single.xml"], {
      TF_BUILD: "True",
      BUILD_BUILDID: "4242",
      SYSTEM_JOBATTEMPT: "1",
      BUILD_SOURCEBRANCH: "refs/heads/release/2.0",
      BUILD_SOURCEVERSION: "beef",
      SYSTEM_COLLECTIONURI: "https://dev.azure.com/acme/",
      SYSTEM_TEAMPROJECT: "payments",
    });
    expect(code).toBe(0);
    expect(await run("4242-1")).toMatchObject({
      status: "complete",
      branch: "release/2.0",
      commitSha: "beef",
      ciUrl: "https://dev.azure.com/acme/payments/_build/results?buildId=4242",
    });
  });

  test("--shards completes the run with the last shard", async () => {
    expect((await upload(["--run-key", "sh", "--branch", "sh", "--shards", "2", "reports/unit/junit-1.xml"])).code).toBe(0);
    expect((await run("sh")).status).toBe("open");
    expect((await upload(["--run-key", "sh", "--branch", "sh", "--shards", "2", "reports/unit/junit-2.xml"])).code).toBe(0);
    expect((await run("sh")).status).toBe("complete");
  });

  test("without a run key or CI, the CLI picks one so a retry cannot create a second run", async () => {
    const { code, out } = await upload(["--no-compress", "reports/single.xml"]);
    expect(code).toBe(0);
    expect(out).toMatch(/^Uploaded 1 file to run upload-[0-9a-f-]{36} \(open\)/);
  });

  test.each([
    ["gzip", []],
    ["--no-compress", ["--no-compress"]],
  ])("files larger than the read buffer arrive byte for byte (%s)", async (_name, flags) => {
    // Distinct cases, so that a chunk sent twice or out of order would change the bytes.
    const cases = (from: number) => Array.from({ length: 1500 }, (_, i) => pass(`case_${from + i}_${"x".repeat(100 + (i % 97))}`)).join("\n");
    await writeFile(path.join(cwd, "big-a.xml"), report(cases(0), "big-a"));
    await writeFile(path.join(cwd, "big-b.xml"), report(cases(1500), "big-b"));
    const runKey = `big-${flags.length}`;
    const { code, out } = await upload(["--run-key", runKey, ...flags, "big-a.xml", "big-b.xml"]);
    expect(code).toBe(0);
    expect(out).toMatch(/: 3000 tests, 3000 passed, /);
    const uploads = await db.prisma.upload.findMany({ where: { run: { runKey } }, orderBy: { filename: "asc" } });
    const sha256 = async (file: string) => createHash("sha256").update(await readFile(path.join(cwd, file))).digest("hex");
    expect(uploads.map((u) => [u.filename, u.sha256])).toEqual([
      ["big-a.xml", await sha256("big-a.xml")],
      ["big-b.xml", await sha256("big-b.xml")],
    ]);
  });

  test("an answer before the whole body was sent (a revoked token, a large report) is reported as such", async () => {
    // 8 MB, more than the connection buffers: the 401 arrives while most of it is still unsent.
    await writeFile(path.join(cwd, "large.xml"), report(Array.from({ length: 100_000 }, (_, i) => pass(`large_${i}`)).join("")));
    const { code, err } = await upload(["--token", "gb_abcdefgh_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "--no-compress", "large.xml"]);
    expect(code).toBe(1);
    expect(err).toBe("greenboard upload: the server rejected the upload: 401 Authentication required: The token is not valid or has been revoked\n");
  });

  test("an invalid token exits non-zero with the server's reason", async () => {
    const { code, out, err } = await upload(["--token", "gb_abcdefgh_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "reports/single.xml"]);
    expect(code).toBe(1);
    expect(out).toBe("");
    expect(err).toBe("greenboard upload: the server rejected the upload: 401 Authentication required: The token is not valid or has been revoked\n");
  });

  test("a malformed report exits non-zero with the file and position", async () => {
    await writeFile(path.join(cwd, "broken.xml"), "<testsuites>\n<testsuite>\n<testcase name='x'>\n</testsuite>");
    const { code, err } = await upload(["--run-key", "broken", "broken.xml", "reports/single.xml"]);
    expect(code).toBe(1);
    expect(err).toMatch(/^greenboard upload: the server rejected the upload: 400 Malformed report: broken\.xml: .*line 4/);
    expect(await db.prisma.run.count({ where: { runKey: "broken" } })).toBe(0);
  });

  test("a 5xx is retried with backoff and then succeeds", async () => {
    server.failNext(2);
    const before = server.requests();
    const { code, err } = await upload(["--run-key", "retried", "reports/single.xml"]);
    expect(code).toBe(0);
    expect(server.requests() - before).toBe(3);
    expect(err).toBe(
      "greenboard upload: attempt 1 of 5 failed (503 Service unavailable: warming up); retrying in 0.01 s\n" +
        "greenboard upload: attempt 2 of 5 failed (503 Service unavailable: warming up); retrying in 0.02 s\n",
    );
  });

  test("a 429 is retried, waiting at least the server's Retry-After (bounded)", async () => {
    server.failNext(1, 429, { "retry-after": "30" });
    const { code, err } = await upload(["--run-key", "limited", "reports/single.xml"]);
    expect(code).toBe(0);
    // Retry-After 30 s, capped by maxDelayMs (50 ms here, 60 s by default).
    expect(err).toBe("greenboard upload: attempt 1 of 5 failed (429 Too many requests: warming up); retrying in 0.05 s\n");
  });

  test.each([
    [1, 0, 1000, undefined, 500],
    [1, 1, 1000, undefined, 1000],
    [3, 0.5, 1000, undefined, 3000],
    [2, 0, 1000, 5, 5000],
    [10, 1, 1000, undefined, 60_000],
  ])("retryDelay(attempt %i, random %s, base %i, Retry-After %s) is %i ms", (attempt, random, baseMs, retryAfterSeconds, expected) => {
    expect(retryDelay(attempt, { baseMs, maxMs: 60_000, random: () => random, retryAfterSeconds })).toBe(expected);
  });

  test("--fail-on-empty makes a report without test cases an error (after storing it)", async () => {
    await writeFile(path.join(cwd, "empty.xml"), '<?xml version="1.0"?><testsuites><testsuite name="none" tests="0"/></testsuites>');
    const without = await upload(["--run-key", "empty-ok", "empty.xml"]);
    expect(without.code).toBe(0);
    const strict = await upload(["--run-key", "empty-strict", "--fail-on-empty", "empty.xml"]);
    expect(strict.code).toBe(1);
    expect(strict.out).toMatch(/^Uploaded 1 file to run empty-strict \(open\): 0 tests, /);
    expect(strict.err).toBe("greenboard upload: the uploaded reports hold no test case (--fail-on-empty)\n");
    expect((await upload(["--run-key", "nonempty-strict", "--fail-on-empty", "reports/single.xml"])).code).toBe(0);
  });

  test("a 202 (large upload ingested in the background) is followed until the job is done, with one long-polled status request", async () => {
    server.setAsyncBytes(100);
    try {
      const before = server.requests();
      const { code, out, err } = await upload(["--run-key", "in-background", "reports/unit"]);
      await settleBackgroundJobs();
      expect(code).toBe(0);
      expect(err).toMatch(/^greenboard upload: the server is processing the upload in the background \(job \S+\); waiting for it\n$/);
      // The upload, then one status request the server held until the job had ended.
      expect(server.requests() - before).toBe(2);
      expect(server.paths().at(-1)).toMatch(/^\/api\/v1\/jobs\/[^/?]+\?wait=25$/);
      const stored = await run("in-background");
      expect(out).toBe(
        "Uploaded 2 files to run in-background (open): 3 tests, 2 passed, 1 failed, 0 errors, 0 skipped, 0 missing; pass rate 66.6 %\n" +
          `${server.url}/p/payments/runs/${stored.id}\n`,
      );
    } finally {
      server.setAsyncBytes(undefined);
    }
  });

  test("after a failed held status request (a proxy cutting it short), the job is followed without holding", async () => {
    server.setAsyncBytes(100);
    server.failNext(1, 504, {}, /^\/api\/v1\/jobs\//);
    try {
      const before = server.paths().length;
      const { code, out } = await upload(["--run-key", "in-background-proxied", "reports/unit"]);
      await settleBackgroundJobs();
      expect(code).toBe(0);
      expect(out).toMatch(/^Uploaded 2 files to run in-background-proxied \(open\): 3 tests, /);
      const statusRequests = server.paths().slice(before).filter((p) => p.startsWith("/api/v1/jobs/"));
      expect(statusRequests[0]).toMatch(/\?wait=25$/);
      expect(statusRequests.slice(1).length).toBeGreaterThan(0);
      for (const later of statusRequests.slice(1)) expect(later).toMatch(/\?wait=0$/);
    } finally {
      server.setAsyncBytes(undefined);
      server.failNext(0);
    }
  });

  test("a server that answers status requests at once (no long polling) is asked again until the job is done", async () => {
    server.setAsyncBytes(100);
    server.setLongPolling(false);
    try {
      const { code, out } = await upload(["--run-key", "in-background-polled", "reports/unit"]);
      await settleBackgroundJobs();
      expect(code).toBe(0);
      expect(out).toMatch(/^Uploaded 2 files to run in-background-polled \(open\): 3 tests, /);
    } finally {
      server.setAsyncBytes(undefined);
      server.setLongPolling(true);
    }
  });

  test("an unreachable server fails after five attempts", async () => {
    const closed = await startTestServer();
    await closed.close();
    const { code, err } = await upload(["--url", closed.url, "reports/single.xml"]);
    expect(code).toBe(1);
    expect(err).toContain(`greenboard upload: upload failed after 5 attempts: cannot reach ${closed.url}/api/v1/runs: ECONNREFUSED`);
  });

  test("no matching files is a clear error with exit 2", async () => {
    const { code, err } = await upload(["reports/nothing-*.xml", "missing-dir"]);
    expect(code).toBe(2);
    expect(err).toBe(
      "greenboard upload: warning: reports/nothing-*.xml matched no report file\n" +
        "greenboard upload: warning: missing-dir matched no report file\n" +
        "greenboard upload: no report files matched reports/nothing-*.xml missing-dir; nothing was uploaded\n",
    );
  });

  test("missing URL or token is a usage error", async () => {
    const io = createBufferedIo(cwd);
    expect(await runUpload(["reports/single.xml"], io, { env: {} })).toBe(64);
    expect(io.stderrText()).toMatch(/^greenboard upload: no server URL: pass --url or set GREENBOARD_URL\n/);
  });

  test("is registered as `greenboard upload`", async () => {
    const io = createBufferedIo(cwd);
    expect(await main(["upload", "--help"], io)).toBe(0);
    expect(io.stdoutText()).toMatch(/^Usage: greenboard upload /);
  });
});
