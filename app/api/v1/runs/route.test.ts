import { createHash } from "node:crypto";
import { mkdtemp, readdir, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { zipSync } from "fflate";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { POST as completeRoute } from "@/app/api/v1/runs/[id]/complete/route";
import { GET as getJobRoute } from "@/app/api/v1/jobs/[id]/route";
import { POST } from "@/app/api/v1/runs/route";
import { withProblems } from "@/lib/api/errors";
import { uploadRun } from "@/lib/api/runs";
import { createApiToken } from "@/lib/api/tokens";
import { createMemoryCache } from "@/lib/cache/memory";
import { openDatabase } from "@/lib/db/connection";
import { runJob, settleBackgroundJobs } from "@/lib/db/jobs";
import { setDatabase } from "@/lib/db/client";
import type { Database } from "@/lib/db/connection";
import { createTestDatabase } from "@/lib/db/testing";
import { defaultClassifier } from "@/lib/ingest/default-classifier";

const ORIGIN = "http://localhost";

function xml(cases: string, suite = "tests"): Buffer {
  return Buffer.from(`<?xml version="1.0"?><testsuites><testsuite name="${suite}">${cases}</testsuite></testsuites>`);
}
const pass = (name: string) => `<testcase classname="tests.test_api" name="${name}" time="0.1"/>`;
const fail = (name: string) =>
  `<testcase classname="tests.test_api" name="${name}"><failure message="expected 1 got 2" type="AssertionError">trace</failure></testcase>`;
const skip = (name: string) => `<testcase classname="tests.test_api" name="${name}"><skipped/></testcase>`;
const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

type Part = { name: string; value: string } | { name: string; filename: string; content: Uint8Array };

/** A hand-built multipart body, so tests control the order of parts exactly. */
function multipart(parts: Part[]): { body: Buffer; contentType: string } {
  const boundary = "----greenboard-test-boundary";
  const chunks: Buffer[] = [];
  for (const part of parts) {
    if ("value" in part) {
      chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${part.name}"\r\n\r\n${part.value}\r\n`));
    } else {
      chunks.push(
        Buffer.from(
          `--${boundary}\r\nContent-Disposition: form-data; name="${part.name}"; filename="${part.filename}"\r\nContent-Type: application/xml\r\n\r\n`,
        ),
        Buffer.from(part.content),
        Buffer.from("\r\n"),
      );
    }
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { body: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}` };
}

function form(fields: Record<string, string>, files: { filename: string; content: Uint8Array }[]): FormData {
  const data = new FormData();
  for (const [name, value] of Object.entries(fields)) data.append(name, value);
  for (const file of files) data.append("files", new Blob([new Uint8Array(file.content)]), file.filename);
  return data;
}

describe("POST /api/v1/runs", () => {
  let db: Database;
  let token: string;
  let otherToken: string;
  let revokedToken: string;

  beforeAll(async () => {
    db = await createTestDatabase();
    setDatabase(db);
    const project = await db.prisma.project.create({ data: { slug: "payments", name: "Payments" } });
    const other = await db.prisma.project.create({ data: { slug: "search", name: "Search" } });
    token = (await createApiToken(db.prisma, project.id, "ci")).token;
    otherToken = (await createApiToken(db.prisma, other.id, "ci")).token;
    const revoked = await createApiToken(db.prisma, project.id, "old");
    await db.prisma.apiToken.update({ where: { id: revoked.id }, data: { revokedAt: new Date() } });
    revokedToken = revoked.token;
  });

  afterAll(async () => {
    setDatabase(undefined);
    await db.close();
  });

  function post(body: BodyInit | Uint8Array, init: { query?: string; headers?: Record<string, string>; auth?: string | null } = {}) {
    const headers = new Headers(init.headers);
    const auth = init.auth === undefined ? token : init.auth;
    if (auth !== null) headers.set("authorization", `Bearer ${auth}`);
    // A copy typed over a plain ArrayBuffer, which is what BodyInit accepts.
    const payload = body instanceof Uint8Array ? new Uint8Array(body) : body;
    return POST(new Request(`${ORIGIN}/api/v1/runs${init.query ?? ""}`, { method: "POST", body: payload, headers }));
  }
  const postParts = (parts: Part[], init: { query?: string; auth?: string | null } = {}) => {
    const { body, contentType } = multipart(parts);
    return post(body, { ...init, headers: { "content-type": contentType } });
  };
  const counts = async () => ({
    runs: await db.prisma.run.count(),
    uploads: await db.prisma.upload.count(),
    results: await db.prisma.result.count(),
    tests: await db.prisma.test.count(),
  });
  const runByKey = (runKey: string) => db.prisma.run.findFirstOrThrow({ where: { runKey } });

  async function expectProblem(response: Response, status: number, detail?: string | RegExp) {
    expect(response.status).toBe(status);
    expect(response.headers.get("content-type")).toBe("application/problem+json");
    const text = await response.text();
    expect(text).not.toMatch(/\n\s+at |"stack"/);
    const problem = JSON.parse(text) as { type: string; title: string; status: number; code: string; detail: string; instance: string };
    expect(problem).toMatchObject({ status, instance: "/api/v1/runs", type: `https://greenboard.dev/problems/${problem.code}` });
    if (detail instanceof RegExp) expect(problem.detail).toMatch(detail);
    else if (detail !== undefined) expect(problem.detail).toBe(detail);
    return problem as Record<string, unknown>;
  }

  test("a multipart upload answers 201 with exactly the run and upload shape", async () => {
    const report = xml(pass("a") + pass("b") + fail("c") + skip("d"));
    const response = await post(
      form({ runKey: "ci-1", branch: "main", commit: "abc123", ciUrl: "https://ci.example/1", "label.os": "linux" }, [
        { filename: "junit.xml", content: report },
      ]),
    );
    expect(response.status).toBe(201);
    const body = (await response.json()) as { run: { id: string } };
    expect(body).toEqual({
      run: {
        id: expect.any(String),
        runKey: "ci-1",
        url: `${ORIGIN}/p/payments/runs/${body.run.id}`,
        status: "open",
        tests: 4,
        passed: 2,
        failed: 1,
        errors: 0,
        skipped: 1,
        missing: 0,
        passRate: 2 / 3,
      },
      uploads: [{ filename: "junit.xml", sha256: sha256(report), duplicate: false, tests: 4, notes: [] }],
    });
    const stored = await runByKey("ci-1");
    expect(stored).toMatchObject({ branch: "main", commitSha: "abc123", ciUrl: "https://ci.example/1", labels: { os: "linux" } });
  });

  test("the same file twice is acknowledged as a duplicate and the totals do not change", async () => {
    const report = xml(pass("a") + fail("b"));
    const first = await post(form({ runKey: "dup" }, [{ filename: "r.xml", content: report }]));
    expect(first.status).toBe(201);
    const again = await post(form({ runKey: "dup" }, [{ filename: "r-copy.xml", content: report }]));
    // Nothing new was stored: 200, not 201, with the same body shape.
    expect(again.status).toBe(200);
    const body = (await again.json()) as { run: { tests: number; passed: number; failed: number }; uploads: { duplicate: boolean }[] };
    expect(body.uploads).toEqual([expect.objectContaining({ filename: "r-copy.xml", duplicate: true, tests: 2 })]);
    expect([body.run.tests, body.run.passed, body.run.failed]).toEqual([2, 1, 1]);
    expect(await db.prisma.upload.count({ where: { run: { runKey: "dup" } } })).toBe(1);
  });

  test("two shards with the same runKey are merged into one run", async () => {
    await post(form({ runKey: "sharded" }, [{ filename: "shard-1.xml", content: xml(pass("s1a") + pass("s1b")) }]));
    const second = await post(form({ runKey: "sharded" }, [{ filename: "shard-2.xml", content: xml(fail("s2a"), "other") }]));
    const body = (await second.json()) as { run: { tests: number; passed: number; failed: number; status: string } };
    expect(body.run).toMatchObject({ tests: 3, passed: 2, failed: 1, status: "open" });
    expect(await db.prisma.run.count({ where: { runKey: "sharded" } })).toBe(1);
  });

  // Runs that complete use a branch of their own: missing tests are computed per branch.
  test("shards=2 completes the run when the second shard arrives", async () => {
    const first = await post(form({ runKey: "two-shards", shards: "2" }, [{ filename: "a.xml", content: xml(pass("x1")) }]));
    expect(((await first.json()) as { run: { status: string } }).run.status).toBe("open");
    const second = await post(form({ runKey: "two-shards", shards: "2" }, [{ filename: "b.xml", content: xml(pass("x2")) }]));
    expect(((await second.json()) as { run: { status: string } }).run.status).toBe("complete");
  });

  test("completed=true completes the run", async () => {
    const response = await post(form({ runKey: "done", branch: "release-1", completed: "true" }, [{ filename: "a.xml", content: xml(pass("y")) }]));
    expect(((await response.json()) as { run: { status: string; passRate: number } }).run).toMatchObject({ status: "complete", passRate: 1 });
    expect((await runByKey("done")).completedAt).not.toBeNull();
  });

  test("without a runKey every upload gets a new unique run", async () => {
    const a = (await (await post(form({}, [{ filename: "a.xml", content: xml(pass("u")) }]))).json()) as { run: { runKey: string } };
    const b = (await (await post(form({}, [{ filename: "a.xml", content: xml(pass("u")) }]))).json()) as { run: { runKey: string } };
    expect(a.run.runKey).toMatch(/^[0-9a-f-]{36}$/);
    expect(b.run.runKey).not.toBe(a.run.runKey);
  });

  test("a malformed file among good ones rejects the whole request with 400 and stores nothing", async () => {
    const before = await counts();
    const response = await postParts([
      { name: "runKey", value: "half" },
      { name: "files", filename: "good.xml", content: xml(pass("g1")) },
      { name: "files", filename: "bad.xml", content: Buffer.from('<testsuites>\n<testsuite name="x">\n<testcase name="y">\n</testsuite>') },
      { name: "files", filename: "good-2.xml", content: xml(pass("g2")) },
    ]);
    const problem = await expectProblem(response, 400, /^bad\.xml: /);
    expect(problem).toEqual({
      type: "https://greenboard.dev/problems/malformed_report",
      title: "Malformed report",
      status: 400,
      code: "malformed_report",
      detail: expect.stringMatching(/^bad\.xml: .*\(bad\.xml, line 4, column \d+\)$/),
      instance: "/api/v1/runs",
      file: "bad.xml",
      parserCode: "MALFORMED",
      line: 4,
      column: expect.any(Number),
      reason: "invalid-report",
    });
    expect(await counts()).toEqual(before);
  });

  test("a metadata field after a file part is a 422", async () => {
    const before = await counts();
    const response = await postParts([
      { name: "runKey", value: "late" },
      { name: "files", filename: "a.xml", content: xml(pass("l")) },
      { name: "branch", value: "main" },
    ]);
    const problem = await expectProblem(
      response,
      422,
      'The metadata field "branch" came after a file part; send metadata fields before the files, or as query parameters',
    );
    expect(problem).toEqual({
      type: "https://greenboard.dev/problems/invalid_metadata",
      title: "Invalid metadata",
      status: 422,
      code: "invalid_metadata",
      detail: 'The metadata field "branch" came after a file part; send metadata fields before the files, or as query parameters',
      instance: "/api/v1/runs",
      field: "branch",
      reason: "field-after-file",
    });
    expect(await counts()).toEqual(before);
  });

  test("metadata may come as query parameters", async () => {
    const response = await postParts([{ name: "files", filename: "a.xml", content: xml(pass("q")) }], { query: "?runKey=from-query&branch=dev&label.shard=3" });
    expect(response.status).toBe(201);
    expect(await runByKey("from-query")).toMatchObject({ branch: "dev", labels: { shard: "3" } });
  });

  test("no Authorization header is a 401 with a Bearer challenge", async () => {
    const response = await post(form({}, [{ filename: "a.xml", content: xml(pass("n")) }]), { auth: null });
    expect(await expectProblem(response, 401)).toEqual({
      type: "https://greenboard.dev/problems/unauthorized",
      title: "Authentication required",
      status: 401,
      code: "unauthorized",
      detail: "Send the project's upload token as `Authorization: Bearer <token>`",
      instance: "/api/v1/runs",
    });
    expect(response.headers.get("www-authenticate")).toBe('Bearer realm="greenboard"');
  });

  test.each([
    ["a revoked token", () => revokedToken],
    ["an unknown token", () => "gb_abcdefgh_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"],
    ["a malformed token", () => "nope"],
  ])("%s is a 401", async (_label, tokenOf) => {
    const before = await counts();
    const response = await post(form({}, [{ filename: "a.xml", content: xml(pass("r")) }]), { auth: tokenOf() });
    await expectProblem(response, 401, "The token is not valid or has been revoked");
    expect(await counts()).toEqual(before);
  });

  test("a project field naming another project than the token's is a 403", async () => {
    const response = await post(form({ project: "search" }, [{ filename: "a.xml", content: xml(pass("p")) }]));
    expect(await expectProblem(response, 403)).toEqual({
      type: "https://greenboard.dev/problems/forbidden",
      title: "Forbidden",
      status: 403,
      code: "forbidden",
      detail: 'This token belongs to project "payments" and cannot upload to "search"',
      instance: "/api/v1/runs",
      project: "search",
    });
    const ok = await post(form({ project: "payments", runKey: "named" }, [{ filename: "a.xml", content: xml(pass("p")) }]));
    expect(ok.status).toBe(201);
  });

  test("a gzip Content-Encoding body is decompressed as it streams", async () => {
    const { body, contentType } = multipart([
      { name: "runKey", value: "gzipped" },
      { name: "files", filename: "a.xml", content: xml(pass("z1") + fail("z2")) },
    ]);
    const response = await post(gzipSync(body), { headers: { "content-type": contentType, "content-encoding": "gzip" } });
    expect(response.status).toBe(201);
    expect(((await response.json()) as { run: { tests: number } }).run.tests).toBe(2);
  });

  test("a body that is not gzip despite Content-Encoding: gzip is a 400", async () => {
    const { body, contentType } = multipart([{ name: "files", filename: "a.xml", content: xml(pass("z")) }]);
    const response = await post(body, { headers: { "content-type": contentType, "content-encoding": "gzip" } });
    expect(await expectProblem(response, 400)).toEqual({
      type: "https://greenboard.dev/problems/bad_request",
      title: "Bad request",
      status: 400,
      code: "bad_request",
      detail: "The body is not valid gzip (Content-Encoding: gzip)",
      instance: "/api/v1/runs",
    });
  });

  test("a raw XML body is accepted, named by ?filename=", async () => {
    const report = xml(pass("raw1") + pass("raw2"));
    const response = await post(report, { query: "?filename=reports/raw.xml&runKey=raw", headers: { "content-type": "application/xml" } });
    expect(response.status).toBe(201);
    expect(((await response.json()) as { uploads: unknown[] }).uploads).toEqual([
      { filename: "reports/raw.xml", sha256: sha256(report), duplicate: false, tests: 2, notes: [] },
    ]);
  });

  test("a raw body takes its name from Content-Disposition", async () => {
    const response = await post(xml(pass("cd")), {
      query: "?runKey=raw-cd",
      headers: { "content-type": "text/xml", "content-disposition": 'attachment; filename="junit-cd.xml"' },
    });
    expect(((await response.json()) as { uploads: { filename: string }[] }).uploads[0]?.filename).toBe("junit-cd.xml");
  });

  test("a zip archive as raw body is accepted, every member counted", async () => {
    const archive = zipSync({ "unit/a.xml": xml(pass("za") + pass("zb")), "unit/b.xml": xml(fail("zc"), "other") });
    const response = await post(Buffer.from(archive), { query: "?runKey=zipped", headers: { "content-type": "application/zip" } });
    expect(response.status).toBe(201);
    const body = (await response.json()) as { run: { tests: number; failed: number }; uploads: { filename: string; tests: number }[] };
    expect(body.run).toMatchObject({ tests: 3, failed: 1 });
    expect(body.uploads).toEqual([expect.objectContaining({ filename: "reports.zip", tests: 3 })]);
  });

  test("an unsupported Content-Type is a 415", async () => {
    const response = await post("runKey=x", { headers: { "content-type": "application/x-www-form-urlencoded" } });
    expect(await expectProblem(response, 415)).toEqual({
      type: "https://greenboard.dev/problems/unsupported_media_type",
      title: "Unsupported media type",
      status: 415,
      code: "unsupported_media_type",
      detail:
        "Send report files as multipart/form-data or as a raw body of type application/xml, text/xml, application/gzip, application/x-gzip, " +
        "application/zip, application/x-zip-compressed, application/x-tar, application/octet-stream (got application/x-www-form-urlencoded)",
      instance: "/api/v1/runs",
    });
  });

  test("unknown metadata fields and invalid values are a 422", async () => {
    const unknown = await post(form({ runkey: "typo" }, [{ filename: "a.xml", content: xml(pass("t")) }]));
    expect(await expectProblem(unknown, 422)).toEqual({
      type: "https://greenboard.dev/problems/invalid_metadata",
      title: "Invalid metadata",
      status: 422,
      code: "invalid_metadata",
      detail: "Unknown metadata field: runkey",
      instance: "/api/v1/runs",
      fields: ["runkey"],
      known: expect.arrayContaining(["project", "runKey", "branch", "commit", "ciUrl", "startedAt", "shards", "completed", "label.<name>", "testFiles"]),
    });
    const invalid = await post(form({ startedAt: "yesterday", shards: "0" }, [{ filename: "a.xml", content: xml(pass("t")) }]));
    const problem = await expectProblem(invalid, 422, "The upload metadata is not valid");
    expect(problem.code).toBe("invalid_metadata");
    expect((problem.errors as { path: string }[]).map((e) => e.path).sort()).toEqual(["shards", "startedAt"]);
  });

  test("testFiles are accepted as a repeatable field", async () => {
    const response = await postParts([
      { name: "runKey", value: "with-test-files" },
      { name: "testFiles", value: "tests/test_api.py" },
      { name: "testFiles", value: "tests/test_db.py" },
      { name: "files", filename: "a.xml", content: xml(pass("tf")) },
    ]);
    expect(response.status).toBe(201);
  });

  test("the spooled files are deleted after a stored and after a rejected upload", async () => {
    const privateTmp = await mkdtemp(path.join(os.tmpdir(), "gb-route-tmp-"));
    const previous = process.env.TMPDIR;
    process.env.TMPDIR = privateTmp;
    try {
      const ok = await post(form({ runKey: "tmp" }, [{ filename: "a.xml", content: xml(pass("tmp")) }]));
      expect(ok.status).toBe(201);
      const bad = await post(form({ runKey: "tmp" }, [{ filename: "bad.xml", content: Buffer.from("<testsuites><") }]));
      expect(bad.status).toBe(400);
      expect(await readdir(privateTmp)).toEqual([]);
    } finally {
      if (previous === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = previous;
      await rm(privateTmp, { recursive: true, force: true });
    }
  });

  test("a request without files is a 400 malformed_report", async () => {
    const response = await postParts([{ name: "runKey", value: "empty" }]);
    expect(await expectProblem(response, 400)).toEqual({
      type: "https://greenboard.dev/problems/malformed_report",
      title: "Malformed report",
      status: 400,
      code: "malformed_report",
      detail: "No report files in the upload",
      instance: "/api/v1/runs",
      reason: "empty-upload",
    });
  });

  describe("the upload size limit (GREENBOARD_MAX_UPLOAD_MB)", () => {
    const limited = withProblems((request: Request) =>
      uploadRun(db.prisma, request, { classifier: defaultClassifier, maxBytes: 2048 }).then((body) => Response.json(body, { status: 201 })),
    );
    const big = xml(Array.from({ length: 60 }, (_, i) => pass(`big-${i}`)).join(""));

    test("a declared Content-Length over the limit is a 413 before reading", async () => {
      const before = await counts();
      const response = await limited(
        new Request(`${ORIGIN}/api/v1/runs?runKey=big`, {
          method: "POST",
          body: new Uint8Array(big),
          headers: { authorization: `Bearer ${token}`, "content-type": "application/xml", "content-length": String(big.byteLength) },
        }),
      );
      expect(await expectProblem(response, 413)).toEqual({
        type: "https://greenboard.dev/problems/payload_too_large",
        title: "Payload too large",
        status: 413,
        code: "payload_too_large",
        detail: "The upload is larger than the limit of 2048 bytes (GREENBOARD_MAX_UPLOAD_MB)",
        instance: "/api/v1/runs",
        limitBytes: 2048,
      });
      expect(await counts()).toEqual(before);
    });

    test("a streamed body is cut off once it passes the limit, after decompression", async () => {
      const before = await counts();
      const { body, contentType } = multipart([{ name: "files", filename: "big.xml", content: big }]);
      const compressed = gzipSync(body);
      expect(compressed.byteLength).toBeLessThan(2048);
      const response = await limited(
        new Request(`${ORIGIN}/api/v1/runs?runKey=big`, {
          method: "POST",
          body: new Blob([compressed]).stream(),
          duplex: "half",
          headers: { authorization: `Bearer ${token}`, "content-type": contentType, "content-encoding": "gzip" },
        } as RequestInit),
      );
      await expectProblem(response, 413, "The upload is larger than the limit of 2048 bytes (GREENBOARD_MAX_UPLOAD_MB)");
      expect(await counts()).toEqual(before);
    });

    test("a body under the limit passes", async () => {
      const response = await limited(
        new Request(`${ORIGIN}/api/v1/runs?runKey=small`, {
          method: "POST",
          body: new Uint8Array(xml(pass("small"))),
          headers: { authorization: `Bearer ${token}`, "content-type": "application/xml" },
        }),
      );
      expect(response.status).toBe(201);
    });
  });

  describe("uploads above GREENBOARD_ASYNC_BYTES", () => {
    const asyncRoute = withProblems(async (request: Request) => {
      const body = await uploadRun(db.prisma, request, { classifier: defaultClassifier, maxBytes: 1 << 20, asyncBytes: 200 });
      return Response.json(body, { status: "job" in body ? 202 : 201 });
    });
    const sendBig = (runKey: string, content: Buffer) =>
      asyncRoute(
        new Request(`${ORIGIN}/api/v1/runs?runKey=${runKey}&filename=big.xml`, {
          method: "POST",
          body: new Uint8Array(content),
          headers: { authorization: `Bearer ${token}`, "content-type": "application/xml" },
        }),
      );
    const jobStatus = (id: string, auth: string | null = token) =>
      getJobRoute(new Request(`${ORIGIN}/api/v1/jobs/${id}`, { headers: auth ? { authorization: `Bearer ${auth}` } : {} }), { params: Promise.resolve({ id }) });

    async function withPrivateTmp<T>(work: (dir: string) => Promise<T>): Promise<T> {
      const privateTmp = await mkdtemp(path.join(os.tmpdir(), "gb-async-tmp-"));
      const previous = process.env.TMPDIR;
      process.env.TMPDIR = privateTmp;
      try {
        return await work(privateTmp);
      } finally {
        if (previous === undefined) delete process.env.TMPDIR;
        else process.env.TMPDIR = previous;
        await rm(privateTmp, { recursive: true, force: true });
      }
    }

    /** A 202 whose job failed on the malformed big.xml: once it has ended, nothing of it stays but the failed job. */
    async function expectFailedJobLeftNothing(response: Response, tmp: string, before: Awaited<ReturnType<typeof counts>>) {
      expect(response.status).toBe(202);
      const { job } = (await response.json()) as { job: { id: string } };
      await settleBackgroundJobs();
      expect(await readdir(tmp)).toEqual([]);
      const status = (await (await jobStatus(job.id)).json()) as { job: { status: string; error: string }; run: unknown };
      expect(status.job.status).toBe("failed");
      expect(status.job.error).toMatch(/^big\.xml: /);
      expect(status.run).toBeNull();
      expect(await counts()).toEqual(before);
    }

    test("answer 202 with the run and a job, ingest in the background, and delete the spooled files", async () => {
      await withPrivateTmp(async (tmp) => {
        const report = xml(Array.from({ length: 10 }, (_, i) => pass(`async-${i}`)).join("") + fail("async-f"));
        const response = await sendBig("async-1", report);
        expect(response.status).toBe(202);
        const body = (await response.json()) as { run: { id: string }; job: { id: string } };
        // The answer is written before the job starts (on the embedded database the job's
        // transaction would otherwise hold the one connection, and the 202 wait for the ingestion).
        expect(body).toEqual({
          run: {
            id: expect.any(String),
            runKey: "async-1",
            url: `${ORIGIN}/p/payments/runs/${body.run.id}`,
            status: "open",
            tests: 0,
            passed: 0,
            failed: 0,
            errors: 0,
            skipped: 0,
            missing: 0,
            passRate: null,
          },
          job: { id: expect.any(String), status: "queued", statusUrl: `${ORIGIN}/api/v1/jobs/${body.job.id}` },
        });
        await settleBackgroundJobs();
        expect(await readdir(tmp)).toEqual([]);
        const status = await jobStatus(body.job.id);
        expect(status.status).toBe(200);
        expect(await status.json()).toEqual({
          job: {
            id: body.job.id,
            kind: "ingest",
            status: "done",
            statusUrl: `${ORIGIN}/api/v1/jobs/${body.job.id}`,
            progress: report.byteLength,
            total: report.byteLength,
            error: null,
            createdAt: expect.any(String),
            startedAt: expect.any(String),
            finishedAt: expect.any(String),
          },
          run: expect.objectContaining({ id: body.run.id, runKey: "async-1", tests: 11, passed: 10, failed: 1 }),
          uploads: [{ filename: "big.xml", sha256: sha256(report), duplicate: false, tests: 11, notes: [] }],
        });
      });
    });

    test("a malformed large upload fails its job and leaves nothing behind, not even the run", async () => {
      await withPrivateTmp(async (tmp) => {
        const before = await counts();
        const broken = Buffer.from(`<testsuites><testsuite name="x">${"<testcase name='a'/>".repeat(20)}<testcase name="y">`);
        const response = await sendBig("async-broken", broken);
        await expectFailedJobLeftNothing(response, tmp, before);
      });
    });

    describe("announced above the threshold (x-greenboard-upload-bytes): stored while it arrives", () => {
      /**
       * A raw upload whose body is held after `head` until the ingestion has classified a failing
       * case from it: that can only happen if the upload is being stored while it arrives. The
       * classifier is the default one, with a callback.
       */
      function heldUpload(runKey: string, head: Buffer, tail: Buffer, options: { maxBytes?: number } = {}) {
        let classified!: () => void;
        const seen = new Promise<void>((resolve) => (classified = resolve));
        const classifier = {
          classify: (input: Parameters<typeof defaultClassifier.classify>[0]) => {
            classified();
            return defaultClassifier.classify(input);
          },
        };
        const body = new ReadableStream<Uint8Array>({
          async start(controller) {
            controller.enqueue(new Uint8Array(head));
            await Promise.race([seen, new Promise((_, reject) => setTimeout(() => reject(new Error("the upload was not stored while it arrived")), 20_000))]).catch(
              (error: unknown) => controller.error(error),
            );
            controller.enqueue(new Uint8Array(tail));
            controller.close();
          },
        });
        const route = withProblems(async (request: Request) => {
          const answer = await uploadRun(db.prisma, request, { classifier, maxBytes: options.maxBytes ?? 1 << 20, asyncBytes: 200, receiveWhileIngesting: true });
          return Response.json(answer, { status: "job" in answer ? 202 : 201 });
        });
        return {
          seen,
          response: route(
            new Request(`${ORIGIN}/api/v1/runs?runKey=${runKey}&filename=big.xml`, {
              method: "POST",
              body,
              duplex: "half",
              headers: { authorization: `Bearer ${token}`, "content-type": "application/xml", "x-greenboard-upload-bytes": String(head.length + tail.length) },
            } as RequestInit),
          ),
        };
      }
      // A failing case first, then passing ones: the head (300 kB, more than a read's worth) holds
      // the failing case, so the parser gets to it before the tail is sent.
      const report = (prefix: string, n: number) => xml(fail(`${prefix}-first`) + Array.from({ length: n }, (_, i) => pass(`${prefix}-${i}`)).join(""));

      test("the job reads the report before its last byte is in; the answer is the same 202, and the job ends done", async () => {
        await withPrivateTmp(async (tmp) => {
          const whole = report("arriving", 12_000);
          const head = whole.subarray(0, 300_000);
          const upload = heldUpload("arriving-1", head, whole.subarray(head.length));
          const response = await upload.response;
          expect(response.status).toBe(202);
          const body = (await response.json()) as { run: { id: string; runKey: string }; job: { id: string; status: string; statusUrl: string } };
          expect(body.run.runKey).toBe("arriving-1");
          expect(["queued", "running", "done"]).toContain(body.job.status);
          expect(body.job.statusUrl).toBe(`${ORIGIN}/api/v1/jobs/${body.job.id}`);
          await settleBackgroundJobs();
          expect(await readdir(tmp)).toEqual([]);
          const status = (await (await jobStatus(body.job.id)).json()) as { job: { status: string; progress: number; total: number }; run: { tests: number; failed: number }; uploads: unknown };
          expect(status.job).toMatchObject({ status: "done", progress: whole.byteLength, total: whole.byteLength });
          expect(status.run).toMatchObject({ tests: 12_001, failed: 1 });
          // Hashed by ingestion as it read: the same sha256 as a file received whole.
          expect(status.uploads).toEqual([{ filename: "big.xml", sha256: sha256(whole), duplicate: false, tests: 12_001, notes: [] }]);
        });
      });

      test("a body cut off by the size limit after the job started: 413, and nothing stays — no job, no run, no spool", async () => {
        await withPrivateTmp(async (tmp) => {
          const before = { ...(await counts()), jobs: await db.prisma.job.count() };
          const whole = report("too-big", 12_000);
          const head = whole.subarray(0, 300_000);
          const upload = heldUpload("arriving-too-big", head, whole.subarray(head.length), { maxBytes: 400_000 });
          await expectProblem(await upload.response, 413, /larger than the limit/);
          await settleBackgroundJobs();
          expect(await readdir(tmp)).toEqual([]);
          expect({ ...(await counts()), jobs: await db.prisma.job.count() }).toEqual(before);
          expect(await db.prisma.run.findFirst({ where: { runKey: "arriving-too-big" } })).toBeNull();
        });
      });

      const announcedRoute = withProblems(async (request: Request) => {
        const answer = await uploadRun(db.prisma, request, { classifier: defaultClassifier, maxBytes: 1 << 20, asyncBytes: 200, receiveWhileIngesting: true });
        return Response.json(answer, { status: "job" in answer ? 202 : 201 });
      });
      const sendAnnounced = (body: Buffer, contentType: string) =>
        announcedRoute(
          new Request(`${ORIGIN}/api/v1/runs`, {
            method: "POST",
            body: new Uint8Array(body),
            headers: { authorization: `Bearer ${token}`, "content-type": contentType, "x-greenboard-upload-bytes": String(body.length) },
          }),
        );

      test("several files are stored in the order they came, and the finished job names them all", async () => {
        await withPrivateTmp(async (tmp) => {
          const files = ["a", "b", "c"].map((name) => ({ name: "files", filename: `${name}.xml`, content: xml(Array.from({ length: 40 }, (_, i) => pass(`${name}-${i}`)).join("")) }));
          const { body, contentType } = multipart([{ name: "runKey", value: "arriving-order" }, ...files]);
          const response = await sendAnnounced(body, contentType);
          expect(response.status).toBe(202);
          const { job } = (await response.json()) as { job: { id: string } };
          await settleBackgroundJobs();
          expect(await readdir(tmp)).toEqual([]);
          const status = (await (await jobStatus(job.id)).json()) as { job: { status: string; total: number }; uploads: { filename: string; tests: number }[] };
          expect(status.job).toMatchObject({ status: "done", total: files.reduce((sum, f) => sum + f.content.length, 0) });
          expect(status.uploads.map((u) => [u.filename, u.tests])).toEqual([["a.xml", 40], ["b.xml", 40], ["c.xml", 40]]);
          const row = await db.prisma.job.findUniqueOrThrow({ where: { id: job.id } });
          expect((row.payload as { files: string[] }).files).toEqual(["a.xml", "b.xml", "c.xml"]);
        });
      });

      test("a malformed report fails its job; once it has ended nothing of it stays but the failed job", async () => {
        await withPrivateTmp(async (tmp) => {
          const before = await counts();
          const broken = Buffer.from(`<testsuites><testsuite name="x">${"<testcase name='a'/>".repeat(200)}<testcase name="y">`);
          const response = await announcedRoute(
            new Request(`${ORIGIN}/api/v1/runs?runKey=arriving-broken&filename=big.xml`, {
              method: "POST",
              body: new Uint8Array(broken),
              headers: { authorization: `Bearer ${token}`, "content-type": "application/xml", "x-greenboard-upload-bytes": String(broken.length) },
            }),
          );
          await expectFailedJobLeftNothing(response, tmp, before);
        });
      });

      test("a metadata field after a file part is a 422, and nothing stays — no job, no run, no spool", async () => {
        await withPrivateTmp(async (tmp) => {
          const before = { ...(await counts()), jobs: await db.prisma.job.count() };
          const { body, contentType } = multipart([
            { name: "runKey", value: "arriving-late-field" },
            { name: "files", filename: "a.xml", content: xml(Array.from({ length: 40 }, (_, i) => pass(`late-${i}`)).join("")) },
            { name: "branch", value: "main" },
          ]);
          await expectProblem(await sendAnnounced(body, contentType), 422, /came after a file part/);
          await settleBackgroundJobs();
          expect(await readdir(tmp)).toEqual([]);
          expect({ ...(await counts()), jobs: await db.prisma.job.count() }).toEqual(before);
        });
      });

      test("an announced upload without any file is a 400, as any upload without files, and makes no job", async () => {
        const before = await db.prisma.job.count();
        const { body, contentType } = multipart([{ name: "runKey", value: "arriving-empty" }]);
        const route = withProblems(async (request: Request) =>
          Response.json(await uploadRun(db.prisma, request, { classifier: defaultClassifier, maxBytes: 1 << 20, asyncBytes: 200, receiveWhileIngesting: true })),
        );
        const response = await route(
          new Request(`${ORIGIN}/api/v1/runs`, {
            method: "POST",
            body: new Uint8Array(body),
            headers: { authorization: `Bearer ${token}`, "content-type": contentType, "x-greenboard-upload-bytes": "5000" },
          }),
        );
        await expectProblem(response, 400, /No report files/);
        expect(await db.prisma.job.count()).toBe(before);
      });
    });

    test("another project's job is a 404, no token a 401", async () => {
      const response = await sendBig("async-2", xml(Array.from({ length: 10 }, (_, i) => pass(`async2-${i}`)).join("")));
      const { job } = (await response.json()) as { job: { id: string } };
      await settleBackgroundJobs();
      const other = await jobStatus(job.id, otherToken);
      expect(other.status).toBe(404);
      expect(await other.json()).toEqual({
        type: "https://greenboard.dev/problems/not_found",
        title: "Not found",
        status: 404,
        code: "not_found",
        detail: `Job "${job.id}" does not exist in project "search"`,
        instance: `/api/v1/jobs/${job.id}`,
      });
      expect((await jobStatus(job.id, null)).status).toBe(401);
    });

    describe("?wait= holds the answer while the job is unfinished (long polling)", () => {
      const statusWith = (id: string, query: string, signal?: AbortSignal) =>
        getJobRoute(new Request(`${ORIGIN}/api/v1/jobs/${id}?${query}`, { headers: { authorization: `Bearer ${token}` }, signal }), {
          params: Promise.resolve({ id }),
        });
      /** A job of the token's project that runs until `finish` is called. */
      async function gatedJob(): Promise<{ id: string; finish: () => Promise<void> }> {
        const project = await db.prisma.project.findUniqueOrThrow({ where: { slug: "payments" } });
        const job = await db.prisma.job.create({ data: { projectId: project.id, kind: "ingest", status: "queued", total: 10 } });
        let open!: () => void;
        const gate = new Promise<void>((resolve) => (open = resolve));
        const running = runJob(db.prisma, job.id, async () => gate);
        return { id: job.id, finish: () => (open(), running) };
      }

      test("answers as soon as the job ends, well before the wait is over", async () => {
        const job = await gatedJob();
        const answer = statusWith(job.id, "wait=20");
        let answered = false;
        void answer.then(() => (answered = true));
        await new Promise((resolve) => setTimeout(resolve, 300));
        expect(answered).toBe(false);
        const endedAt = Date.now();
        await job.finish();
        const response = await answer;
        expect(response.status).toBe(200);
        expect(((await response.json()) as { job: { status: string } }).job.status).toBe("done");
        // Woken by the job's end in this process, not found at the next re-read of its row (every 2 s).
        expect(Date.now() - endedAt).toBeLessThan(1000);
      });

      test("a job still running when the wait is over is answered as running", async () => {
        const job = await gatedJob();
        try {
          const response = await statusWith(job.id, "wait=1");
          expect(((await response.json()) as { job: { status: string } }).job.status).toBe("running");
        } finally {
          await job.finish();
        }
      });

      test("a client that hangs up ends the wait", async () => {
        const job = await gatedJob();
        try {
          const abort = new AbortController();
          const answer = statusWith(job.id, "wait=30", abort.signal);
          setTimeout(() => abort.abort(), 100);
          const startedAt = Date.now();
          const response = await answer;
          expect(((await response.json()) as { job: { status: string } }).job.status).toBe("running");
          expect(Date.now() - startedAt).toBeLessThan(10_000);
        } finally {
          await job.finish();
        }
      });

      test("wait beyond 30 seconds or not a whole number is a 400 with the field named; other parameters are ignored", async () => {
        const job = await gatedJob();
        await job.finish();
        expect((await statusWith(job.id, "wait=0&_=1732600000")).status).toBe(200);
        for (const query of ["wait=31", "wait=soon", "wait=1.5", "wait=-1"]) {
          const response = await statusWith(job.id, query);
          expect(response.status).toBe(400);
          const problem = (await response.json()) as { code: string; errors: { path: string }[] };
          expect(problem.code).toBe("bad_request");
          expect(problem.errors.length).toBeGreaterThan(0);
        }
      });
    });
  });

  describe("the per-token rate limit (GREENBOARD_UPLOAD_RATE_PER_MINUTE)", () => {
    const cache = createMemoryCache();
    afterAll(() => cache.close());
    const limited = withProblems((request: Request) =>
      uploadRun(db.prisma, request, { classifier: defaultClassifier, maxBytes: 1 << 20, rateLimit: { cache, perMinute: 2 } }).then((body) =>
        Response.json(body, { status: 201 }),
      ),
    );
    const send = (auth: string, runKey: string) =>
      limited(
        new Request(`${ORIGIN}/api/v1/runs?runKey=${runKey}`, {
          method: "POST",
          body: new Uint8Array(xml(pass(runKey))),
          headers: { authorization: `Bearer ${auth}`, "content-type": "application/xml" },
        }),
      );

    test("past the limit a token gets 429 with Retry-After and nothing is stored; other tokens are not affected", async () => {
      expect((await send(token, "rl-1")).status).toBe(201);
      expect((await send(token, "rl-2")).status).toBe(201);
      const before = await counts();
      const response = await send(token, "rl-3");
      const retryAfter = Number(response.headers.get("retry-after"));
      expect(retryAfter).toBeGreaterThanOrEqual(1);
      expect(retryAfter).toBeLessThanOrEqual(60);
      expect(await expectProblem(response, 429)).toEqual({
        type: "https://greenboard.dev/problems/rate_limited",
        title: "Too many requests",
        status: 429,
        code: "rate_limited",
        detail: `This token sent more than 2 uploads in a minute (GREENBOARD_UPLOAD_RATE_PER_MINUTE); try again in ${retryAfter} s`,
        instance: "/api/v1/runs",
        limit: 2,
      });
      expect(await counts()).toEqual(before);
      expect((await send(otherToken, "rl-other")).status).toBe(201);
    });
  });

  describe("an unreachable database", () => {
    test("is a 503 with Retry-After, without the connection details", async () => {
      const unreachable = await openDatabase({ kind: "postgres", url: "postgresql://greenboard:secret@127.0.0.1:9/greenboard" });
      try {
        const route = withProblems((request: Request) =>
          uploadRun(unreachable.prisma, request, { classifier: defaultClassifier, maxBytes: 1 << 20 }).then((body) => Response.json(body, { status: 201 })),
        );
        const response = await route(
          new Request(`${ORIGIN}/api/v1/runs?runKey=down`, {
            method: "POST",
            body: new Uint8Array(xml(pass("down"))),
            headers: { authorization: `Bearer ${token}`, "content-type": "application/xml" },
          }),
        );
        expect(response.headers.get("retry-after")).toBe("5");
        expect(await expectProblem(response, 503)).toEqual({
          type: "https://greenboard.dev/problems/unavailable",
          title: "Service unavailable",
          status: 503,
          code: "unavailable",
          detail: "The database is unavailable; try again shortly",
          instance: "/api/v1/runs",
        });
      } finally {
        await unreachable.close().catch(() => undefined);
      }
    });
  });

  describe("POST /api/v1/runs/{id}/complete", () => {
    const complete = (id: string, auth: string) =>
      completeRoute(new Request(`${ORIGIN}/api/v1/runs/${id}/complete`, { method: "POST", headers: { authorization: `Bearer ${auth}` } }), {
        params: Promise.resolve({ id }),
      });

    test("completes the token's run and answers 200 with the run shape", async () => {
      await post(form({ runKey: "to-complete", branch: "release-2" }, [{ filename: "a.xml", content: xml(pass("c1") + fail("c2")) }]));
      const run = await runByKey("to-complete");
      expect(run.status).toBe("open");
      const response = await complete(run.id, token);
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({
        run: {
          id: run.id,
          runKey: "to-complete",
          url: `${ORIGIN}/p/payments/runs/${run.id}`,
          status: "complete",
          tests: 2,
          passed: 1,
          failed: 1,
          errors: 0,
          skipped: 0,
          missing: 0,
          passRate: 0.5,
        },
      });
    });

    test("another project's run is a 404", async () => {
      const run = await runByKey("to-complete");
      const response = await complete(run.id, otherToken);
      expect(response.status).toBe(404);
      expect(response.headers.get("content-type")).toBe("application/problem+json");
      expect(await response.json()).toEqual({
        type: "https://greenboard.dev/problems/not_found",
        title: "Not found",
        status: 404,
        code: "not_found",
        detail: `Run "${run.id}" does not exist in project "search"`,
        instance: `/api/v1/runs/${run.id}/complete`,
      });
    });

    test("without a token it is a 401", async () => {
      const run = await runByKey("to-complete");
      const response = await completeRoute(new Request(`${ORIGIN}/api/v1/runs/${run.id}/complete`, { method: "POST" }), {
        params: Promise.resolve({ id: run.id }),
      });
      expect(response.status).toBe(401);
    });
  });
});
