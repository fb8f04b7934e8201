import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createApiToken } from "@/lib/api/tokens";
import { setDatabase } from "@/lib/db/client";
import type { Database } from "@/lib/db/connection";
import { createTestDatabase } from "@/lib/db/testing";
import { buildCliBundle } from "../../scripts/build-cli";
import { startTestServer, type TestServer } from "./testing/server";

const run = promisify(execFile);
const report = (cases: string) => `<?xml version="1.0"?><testsuites><testsuite name="bundle">${cases}</testsuite></testsuites>`;

describe("the self-contained CLI bundle (/cli/greenboard.mjs)", () => {
  let db: Database;
  let server: TestServer;
  let token: string;
  let dir: string;
  let bundle: string;

  beforeAll(async () => {
    db = await createTestDatabase();
    setDatabase(db);
    const project = await db.prisma.project.create({ data: { slug: "bundled", name: "Bundled" } });
    token = (await createApiToken(db.prisma, project.id, "ci")).token;
    server = await startTestServer();
    // Outside the repository: the bundle must not find node_modules or tsconfig next to it.
    dir = await mkdtemp(path.join(os.tmpdir(), "gb-cli-bundle-"));
    bundle = await buildCliBundle(path.join(dir, "gb.mjs"));
    await writeFile(path.join(dir, "junit.xml"), report('<testcase classname="t" name="a"/><testcase classname="t" name="b"><failure message="no"/></testcase>'));
    await writeFile(path.join(dir, "empty.xml"), report(""));
  }, 60_000);

  afterAll(async () => {
    await server.close();
    setDatabase(undefined);
    await db.close();
    await rm(dir, { recursive: true, force: true });
  });

  // Only PATH and the Greenboard variables: no CI detection from the machine running the tests.
  const node = (args: string[], ci: Record<string, string> = {}) =>
    run(process.execPath, [bundle, ...args], { cwd: dir, env: { NODE_ENV: "test", PATH: process.env.PATH ?? "", GREENBOARD_URL: server.url, GREENBOARD_TOKEN: token, ...ci } }).then(
      ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
      (error: unknown) => {
        const failed = error as { code: number; stdout: string; stderr: string };
        return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
      },
    );

  test("is one ESM file that imports nothing but Node built-ins", async () => {
    const source = await readFile(bundle, "utf8");
    expect(source.startsWith("#!/usr/bin/env node\n")).toBe(true);
    const imports = [...source.matchAll(/^import .* from "([^"]+)";$/gm)].map((m) => m[1]);
    expect(imports.every((specifier) => specifier?.startsWith("node:") || ["fs", "path", "os", "util", "stream", "zlib", "crypto", "readline", "module"].includes(specifier ?? ""))).toBe(true);
    expect(source).not.toMatch(/@prisma|pglite|saxes/i);
  });

  test("`node gb.mjs upload` stores the report and prints the summary and the run URL", async () => {
    const { code, stdout, stderr } = await node(["upload", "--run-key", "bundle-1", "--branch", "main", "junit.xml"]);
    expect(stderr).toBe("");
    expect(code).toBe(0);
    const stored = await db.prisma.run.findFirstOrThrow({ where: { runKey: "bundle-1" } });
    expect(stdout).toBe(
      "Uploaded 1 file to run bundle-1 (open): 2 tests, 1 passed, 1 failed, 0 errors, 0 skipped, 0 missing; pass rate 50.0 %\n" +
        `${server.url}/p/bundled/runs/${stored.id}\n`,
    );
  });

  test("--finish completes the run, reading Azure Pipelines metadata", async () => {
    const { code } = await node(["upload", "--finish", "junit.xml"], { TF_BUILD: "True", BUILD_BUILDID: "77", BUILD_SOURCEBRANCH: "refs/heads/main", BUILD_SOURCEVERSION: "abc" });
    expect(code).toBe(0);
    expect(await db.prisma.run.findFirstOrThrow({ where: { runKey: "77-1" } })).toMatchObject({ status: "complete", branch: "main", commitSha: "abc" });
  });

  test("retries a 503 and succeeds", async () => {
    server.failNext(1, 503, { "retry-after": "1" });
    const { code, stderr } = await node(["upload", "--run-key", "bundle-retry", "junit.xml"]);
    expect(code).toBe(0);
    expect(stderr).toMatch(/^greenboard upload: attempt 1 of 5 failed \(503 Service unavailable: warming up\); retrying in 1(\.\d+)? s\n$/);
  });

  test("--fail-on-empty exits 1 for a report without test cases", async () => {
    const { code, stderr } = await node(["upload", "--run-key", "bundle-empty", "--fail-on-empty", "empty.xml"]);
    expect(code).toBe(1);
    expect(stderr).toBe("greenboard upload: the uploaded reports hold no test case (--fail-on-empty)\n");
  });

  test("offers only the upload command", async () => {
    const { code, stderr } = await node(["parse", "junit.xml"]);
    expect(code).toBe(64);
    expect(stderr).toMatch(/^greenboard: this file only has the upload command \(got "parse"\)/);
  });
});
