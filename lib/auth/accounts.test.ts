import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { Database } from "@/lib/db/connection";
import { closeAppDatabase, openAppDatabase } from "@/test/app-database";
import { sessionFor, signIn, TEST_PASSWORD } from "@/test/session";
import { acceptInvite, createAccount, createInvite, createPasswordResetLink, deleteAccount, setInstanceAdmin } from "./accounts";
import { getSessionUser } from "./access";
import { getAuth } from "./server";

describe("accounts", () => {
  let db: Database;
  beforeAll(async () => {
    db = await openAppDatabase();
  });
  afterAll(() => closeAppDatabase(db));

  test("the setup page creates only the first account, as instance admin, and it can sign in", async () => {
    const first = await createAccount(db.prisma, { name: "Ada", email: "ADA@example.test", password: TEST_PASSWORD }, { instanceAdmin: true, onlyIfFirst: true });
    expect(first.email).toBe("ada@example.test");
    await expect(createAccount(db.prisma, { name: "Eve", email: "eve@example.test", password: TEST_PASSWORD }, { instanceAdmin: true, onlyIfFirst: true })).rejects.toMatchObject({ code: "conflict" });
    const cookie = await signIn("ada@example.test");
    expect(cookie).toMatch(/greenboard\.session_token=/);
    expect(await getSessionUser(new Headers({ cookie }))).toMatchObject({ email: "ada@example.test", instanceAdmin: true });
    // The hash is better-auth's scrypt format, never the password.
    const account = await db.prisma.account.findFirstOrThrow({ where: { userId: first.id } });
    expect(account.password).not.toContain(TEST_PASSWORD);
    expect(account.password).toMatch(/^[0-9a-f]+:[0-9a-f]+$/);
  });

  test("a wrong password, an unknown account and a stale cookie are not sessions", async () => {
    await expect(signIn("ada@example.test", "wrong password!!")).rejects.toThrow(/401/);
    await expect(signIn("nobody@example.test")).rejects.toThrow(/401/);
    expect(await getSessionUser(new Headers({ cookie: "greenboard.session_token=forged.value" }))).toBeNull();
    expect(await getSessionUser(new Headers())).toBeNull();
  });

  test("sign-in is rate-limited per client address (GREENBOARD_LOGIN_RATE_PER_MINUTE, default 10)", async () => {
    const auth = await getAuth();
    const attempt = (ip: string) =>
      auth.handler(
        new Request("http://localhost/api/auth/sign-in/email", {
          method: "POST",
          headers: { "content-type": "application/json", origin: "http://localhost", "x-forwarded-for": ip },
          body: JSON.stringify({ email: "ada@example.test", password: "guessing wrong" }),
        }),
      );
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) statuses.push((await attempt("203.0.113.7")).status);
    expect(statuses.slice(0, 10)).toEqual(Array(10).fill(401));
    expect(statuses[10]).toBe(429);
    // Another address is not held up by the first one's guessing.
    expect((await attempt("203.0.113.8")).status).toBe(401);
  });

  test("nobody signs themselves up", async () => {
    const auth = await getAuth();
    const response = await auth.handler(
      new Request("http://localhost/api/auth/sign-up/email", {
        method: "POST",
        headers: { "content-type": "application/json", origin: "http://localhost" },
        body: JSON.stringify({ name: "Mallory", email: "mallory@example.test", password: TEST_PASSWORD }),
      }),
    );
    expect(response.status).toBe(400);
    expect(await db.prisma.user.findUnique({ where: { email: "mallory@example.test" } })).toBeNull();
  });

  test("an invite link creates one account with the invite's project role, once", async () => {
    const project = await db.prisma.project.create({ data: { slug: "inv", name: "Invites" } });
    const { token, path } = await createInvite(db.prisma, { projectSlug: "inv", role: "member", instanceAdmin: false }, "ada@example.test");
    expect(path).toBe(`/invite/${token}`);
    const user = await acceptInvite(db.prisma, token, { name: "Bob", email: "bob@example.test", password: TEST_PASSWORD });
    expect(await db.prisma.projectMember.findUniqueOrThrow({ where: { projectId_userId: { projectId: project.id, userId: user.id } } })).toMatchObject({ role: "member" });
    await expect(acceptInvite(db.prisma, token, { name: "Bob2", email: "bob2@example.test", password: TEST_PASSWORD })).rejects.toMatchObject({ code: "not_found" });
    expect(await db.prisma.user.findUnique({ where: { email: "bob2@example.test" } })).toBeNull();
    const events = await db.prisma.accountEvent.findMany({ orderBy: { createdAt: "asc" } });
    expect(events.map((e) => e.action)).toEqual(expect.arrayContaining(["invite.create", "account.create"]));
  });

  test("an invite for a given address refuses another; an expired invite is refused", async () => {
    const { token } = await createInvite(db.prisma, { email: "carol@example.test", instanceAdmin: false }, "ada@example.test");
    await expect(acceptInvite(db.prisma, token, { name: "X", email: "x@example.test", password: TEST_PASSWORD })).rejects.toMatchObject({ code: "invalid_metadata" });
    await db.prisma.invite.updateMany({ data: { expiresAt: new Date(Date.now() - 1000) }, where: { email: "carol@example.test" } });
    await expect(acceptInvite(db.prisma, token, { name: "Carol", email: "carol@example.test", password: TEST_PASSWORD })).rejects.toMatchObject({ code: "not_found" });
  });

  test("a short password is refused before anything is stored", async () => {
    await expect(createAccount(db.prisma, { name: "Dan", email: "dan@example.test", password: "short" })).rejects.toThrow(/At least 10 characters/);
    expect(await db.prisma.user.findUnique({ where: { email: "dan@example.test" } })).toBeNull();
  });

  test("a reset link sets a new password and signs out the old sessions", async () => {
    const { cookie, userId, email } = await sessionFor(db.prisma);
    const { path } = await createPasswordResetLink(db.prisma, userId, "ada@example.test");
    const token = path.split("/").pop() as string;
    const auth = await getAuth();
    await auth.api.resetPassword({ body: { token, newPassword: "a brand new password" } });
    expect(await getSessionUser(new Headers({ cookie }))).toBeNull();
    await expect(signIn(email)).rejects.toThrow(/401/);
    expect(await signIn(email, "a brand new password")).toMatch(/session_token/);
    await expect(auth.api.resetPassword({ body: { token, newPassword: "yet another password" } })).rejects.toThrow();
  });

  test("the last instance admin can be neither demoted nor deleted", async () => {
    const ada = await db.prisma.user.findUniqueOrThrow({ where: { email: "ada@example.test" } });
    await expect(setInstanceAdmin(db.prisma, ada.id, false, "ada@example.test")).rejects.toMatchObject({ code: "conflict" });
    await expect(deleteAccount(db.prisma, ada.id, "ada@example.test")).rejects.toMatchObject({ code: "conflict" });
    const bob = await db.prisma.user.findUniqueOrThrow({ where: { email: "bob@example.test" } });
    await setInstanceAdmin(db.prisma, bob.id, true, "ada@example.test");
    await setInstanceAdmin(db.prisma, ada.id, false, "bob@example.test");
    expect(await db.prisma.user.findUniqueOrThrow({ where: { id: ada.id } })).toMatchObject({ instanceAdmin: false });
  });
});
