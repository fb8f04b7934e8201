import { execFile } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { setDatabase } from "@/lib/db/client";
import { openDatabase } from "@/lib/db/connection";
import { repoRoot } from "@/lib/junit/testing/corpus";
import { signIn } from "@/test/session";
import { createBufferedIo } from "./io";
import { runUser } from "./user";

// A scripted install: the first instance admin comes from the command line, on a fresh embedded database.
describe("greenboard user", () => {
  let root: string;
  let dataDir: string;

  beforeAll(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), "gb-user-cli-"));
    dataDir = path.join(root, "pglite");
  });
  afterAll(() => rm(root, { recursive: true, force: true }));

  const user = async (args: string[], extra: { password?: string; stdin?: string } = {}) => {
    const io = createBufferedIo(root);
    const env = { DATABASE_URL: `pglite:${dataDir}`, ...(extra.password ? { GREENBOARD_PASSWORD: extra.password } : {}) };
    const code = await runUser(args, io, { env, stdin: Readable.from([extra.stdin ?? ""]) });
    return { code, out: io.stdoutText(), err: io.stderrText() };
  };

  test("create --admin makes an instance admin who can sign in with that password", async () => {
    const result = await user(["create", "--admin", "--email", "Root@Example.test", "--name", "Root", "--password-stdin"], { stdin: "a long enough password\n" });
    expect(result).toMatchObject({ code: 0, err: "" });
    expect(result.out).toBe("Created account root@example.test (instance admin).\n");
    const db = await openDatabase({ kind: "pglite", dataDir }, { holder: "user test" });
    try {
      setDatabase(db);
      expect(await db.prisma.user.findUniqueOrThrow({ where: { email: "root@example.test" } })).toMatchObject({ instanceAdmin: true, name: "Root" });
      expect(await signIn("root@example.test", "a long enough password")).toMatch(/session_token=/);
      expect((await db.prisma.accountEvent.findFirstOrThrow({ where: { action: "account.create" } })).actor).toBe("greenboard user create");
    } finally {
      setDatabase(undefined);
      await db.close();
    }
  });

  test("the same address twice fails, and list shows the account", async () => {
    expect(await user(["create", "--email", "root@example.test"], { password: "another long password" })).toMatchObject({ code: 1, err: "greenboard user: An account for root@example.test already exists\n" });
    const listed = await user(["list"]);
    expect(listed.code).toBe(0);
    expect(listed.out).toBe("root@example.test\tRoot\tinstance admin\t-\n");
  });

  test("no password, a short one, or bad usage exit 64 and create nothing", async () => {
    expect((await user(["create", "--email", "a@example.test"])).code).toBe(64);
    expect((await user(["create", "--email", "a@example.test"], { password: "short" })).code).toBe(64);
    expect((await user(["create"], { password: "a long enough password" })).code).toBe(64);
    expect((await user(["create", "--email", "a@example.test", "--role", "admin"], { password: "a long enough password" })).code).toBe(64);
    expect((await user(["remove"])).code).toBe(64);
    expect((await user(["list"])).out).not.toContain("a@example.test");
  });

  test("a project role needs an existing project", async () => {
    expect(await user(["create", "--email", "b@example.test", "--project", "nope", "--role", "viewer"], { password: "a long enough password" })).toMatchObject({
      code: 1,
      err: "greenboard user: no project with the slug nope\n",
    });
  });

  // The command as installed, not runUser in this test process: the account code behind it is
  // server code (`import "server-only"`), which plain Node refused to load (bin/greenboard.mjs).
  test("the real command creates an account and lists it", async () => {
    const realDir = path.join(root, "real");
    const env = { ...process.env, DATABASE_URL: `pglite:${realDir}`, GREENBOARD_PASSWORD: "a long enough password" };
    const greenboard = (...args: string[]) => promisify(execFile)(process.execPath, [path.join(repoRoot, "bin/greenboard.mjs"), ...args], { cwd: root, env });
    await expect(greenboard("user", "create", "--admin", "--email", "real@example.test")).resolves.toMatchObject({
      stdout: "Created account real@example.test (instance admin).\n",
    });
    const listed = await greenboard("user", "list");
    expect(listed.stdout).toContain("real@example.test");
  }, 60_000);
});
