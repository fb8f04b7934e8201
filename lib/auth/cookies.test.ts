import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createAccount } from "@/lib/auth/accounts";
import type { Database } from "@/lib/db/connection";
import { resetEnv } from "@/lib/env.mjs";
import { closeAppDatabase, openAppDatabase } from "@/test/app-database";
import { TEST_PASSWORD } from "@/test/session";
import { getAuth } from "./server";

// Behind HTTPS (GREENBOARD_PUBLIC_URL https://…) the session cookie is Secure, on top of the
// http-only and SameSite=Lax it always has.
describe("session cookie behind HTTPS", () => {
  let db: Database;
  beforeAll(async () => {
    process.env.GREENBOARD_PUBLIC_URL = "https://greenboard.example.com";
    resetEnv();
    db = await openAppDatabase();
    await createAccount(db.prisma, { name: "Sec", email: "sec@example.test", password: TEST_PASSWORD });
  });
  afterAll(async () => {
    delete process.env.GREENBOARD_PUBLIC_URL;
    resetEnv();
    await closeAppDatabase(db);
  });

  test("is Secure, HttpOnly and SameSite=Lax", async () => {
    const auth = await getAuth();
    const response = await auth.handler(
      new Request("https://greenboard.example.com/api/auth/sign-in/email", {
        method: "POST",
        headers: { "content-type": "application/json", origin: "https://greenboard.example.com", "x-forwarded-for": "198.51.100.4" },
        body: JSON.stringify({ email: "sec@example.test", password: TEST_PASSWORD }),
      }),
    );
    expect(response.status).toBe(200);
    const session = response.headers.getSetCookie().find((c) => c.includes("session_token="));
    expect(session).toBeDefined();
    const attributes = (session as string).split(";").map((a) => a.trim().toLowerCase());
    expect(attributes).toEqual(expect.arrayContaining(["secure", "httponly", "samesite=lax"]));
    // Prefixed as browsers require for Secure cookies set by better-auth.
    expect(session).toMatch(/^__Secure-greenboard\.session_token=/);
  });

  test("a sign-in posted from another origin is refused", async () => {
    const auth = await getAuth();
    const response = await auth.handler(
      new Request("https://greenboard.example.com/api/auth/sign-in/email", {
        method: "POST",
        headers: { "content-type": "application/json", origin: "https://evil.example", cookie: "x=1", "x-forwarded-for": "198.51.100.5" },
        body: JSON.stringify({ email: "sec@example.test", password: TEST_PASSWORD }),
      }),
    );
    expect(response.status).toBe(403);
  });
});
