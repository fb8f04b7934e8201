import { execFile } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { verifyApiToken } from "@/lib/api/tokens";
import { openDatabase } from "@/lib/db/connection";
import { repoRoot } from "@/lib/junit/testing/corpus";
import { createBufferedIo } from "./io";
import { runToken } from "./token";

const run = promisify(execFile);

// Against a fresh embedded database directory, as an admin would on a new install.
describe("greenboard token", () => {
  let root: string;
  let dataDir: string;
  let env: Record<string, string>;

  beforeAll(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), "gb-token-cli-"));
    dataDir = path.join(root, "pglite");
    env = { DATABASE_URL: `pglite:${dataDir}` };
  });
  afterAll(() => rm(root, { recursive: true, force: true }));

  const token = async (...args: string[]) => {
    const io = createBufferedIo(root);
    const code = await runToken(args, io, { env });
    return { code, out: io.stdoutText(), err: io.stderrText() };
  };
  const withDatabase = async <T>(work: (db: Awaited<ReturnType<typeof openDatabase>>) => Promise<T>) => {
    const db = await openDatabase({ kind: "pglite", dataDir }, { holder: "token test" });
    try {
      return await work(db);
    } finally {
      await db.close();
    }
  };

  let created: string;

  test("create makes the project and prints a working token alone on the last line", async () => {
    const { code, out, err } = await token("create", "--project", "payments", "--name", "GitHub Actions");
    expect(err).toBe("");
    expect(code).toBe(0);
    const lines = out.trimEnd().split("\n");
    expect(lines[0]).toBe("Created project payments.");
    created = lines.at(-1) ?? "";
    expect(created).toMatch(/^gb_[a-z0-9]{8}_[A-Za-z0-9_-]{32,}$/);
    await withDatabase(async (db) => {
      const verified = await verifyApiToken(db.prisma, created);
      const project = await db.prisma.project.findUniqueOrThrow({ where: { slug: "payments" } });
      expect(verified?.projectId).toBe(project.id);
    });
  }, 60_000);

  test("a second create reuses the project", async () => {
    const { code, out } = await token("create", "--project", "payments");
    expect(code).toBe(0);
    expect(out).not.toContain("Created project");
    expect(out.trimEnd().split("\n").at(-1)).toMatch(/^gb_[a-z0-9]{8}_/);
  }, 60_000);

  test("list shows prefixes, never secrets; revoke makes the token stop working", async () => {
    const prefix = created.slice(0, "gb_".length + 8);
    const listed = await token("list", "--project", "payments");
    expect(listed.code).toBe(0);
    expect(listed.out).toMatch(/^PREFIX +NAME +CREATED +LAST USED +STATUS\n/);
    expect(listed.out).toMatch(new RegExp(`^${prefix} +GitHub Actions +\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d +\\d{4}-.* +active$`, "m"));
    expect(listed.out).not.toContain(created);

    const revoked = await token("revoke", "--project", "payments", prefix);
    expect(revoked).toEqual({ code: 0, out: `Revoked upload token "GitHub Actions" (${prefix}) of project payments.\n`, err: "" });
    await withDatabase(async (db) => expect(await verifyApiToken(db.prisma, created)).toBeNull());
    expect((await token("list", "--project", "payments")).out).toMatch(new RegExp(`^${prefix} .* revoked \\d{4}-`, "m"));

    const again = await token("revoke", "--project", "payments", prefix);
    expect(again).toEqual({ code: 1, out: "", err: `greenboard token: project payments has no active token ${prefix}\n` });
  }, 60_000);

  test("while another handle holds the embedded database, every run refuses clearly", async () => {
    await withDatabase(async () => {
      for (let attempt = 0; attempt < 2; attempt++) {
        const { code, out, err } = await token("create", "--project", "payments");
        expect(code).toBe(1);
        expect(out).toBe("");
        expect(err).toContain(`The embedded database at ${dataDir} is in use by process ${process.pid}`);
        expect(err).toContain("Stop the server and run this again, or run Greenboard on PostgreSQL");
      }
    });
  }, 60_000);

  test("the real command refuses while another process (the server) holds the database", async () => {
    await withDatabase(async () => {
      const result = await run(process.execPath, [path.join(repoRoot, "bin/greenboard.mjs"), "token", "create", "--project", "payments"], {
        cwd: root,
        env: { ...process.env, ...env },
      }).then(
        () => ({ code: 0, stdout: "", stderr: "" }),
        (error: { code: number; stdout: string; stderr: string }) => error,
      );
      expect(result.code).toBe(1);
      expect(result.stdout).toBe("");
      expect(result.stderr).toContain(`greenboard token: The embedded database at ${dataDir} is in use by process ${process.pid} (token test).`);
    });
  }, 60_000);

  test("bad usage exits 64", async () => {
    expect((await token("create")).code).toBe(64);
    expect((await token("rotate", "--project", "payments")).code).toBe(64);
    expect((await token("create", "--project", "Not A Slug")).code).toBe(64);
  });
});
