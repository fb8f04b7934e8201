// Signed-in requests for route-handler tests: real accounts, real better-auth sessions, real cookies.
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { createAccount } from "@/lib/auth/accounts";
import type { ProjectRole } from "@/lib/auth/access";
import { getAuth } from "@/lib/auth/server";

export const TEST_PASSWORD = "correct horse battery";
export const TEST_ORIGIN = "http://localhost";

/** Signs in through better-auth's own endpoint and returns the session cookie header. */
export async function signIn(email: string, password = TEST_PASSWORD): Promise<string> {
  const auth = await getAuth();
  const response = await auth.handler(
    new Request(`${TEST_ORIGIN}/api/auth/sign-in/email`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: TEST_ORIGIN, "x-forwarded-for": `10.0.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}` },
      body: JSON.stringify({ email, password }),
    }),
  );
  if (response.status !== 200) throw new Error(`sign-in of ${email} failed: ${response.status} ${await response.text()}`);
  const cookies = response.headers.getSetCookie().map((c) => c.split(";")[0]);
  return cookies.join("; ");
}

let counter = 0;

/** Creates an account (instance admin, or with a role in a project) and returns its session cookie. */
export async function sessionFor(prisma: PrismaClient, who: { instanceAdmin?: boolean; projectId?: string; role?: ProjectRole; email?: string } = {}): Promise<{ cookie: string; email: string; userId: string }> {
  const email = who.email ?? `user${++counter}-${Date.now()}@example.test`;
  const user = await createAccount(
    prisma,
    { name: email.split("@")[0] ?? "user", email, password: TEST_PASSWORD },
    { instanceAdmin: who.instanceAdmin, membership: who.projectId && who.role ? { projectId: who.projectId, role: who.role } : undefined },
  );
  return { cookie: await signIn(email), email, userId: user.id };
}

/** Headers of a same-origin browser request carrying a session. */
export function browserHeaders(cookie: string, extra: Record<string, string> = {}): Record<string, string> {
  return { cookie, origin: TEST_ORIGIN, ...extra };
}

/** A same-origin browser request carrying a session; headers given in `init` are added (and win). */
export function browserRequest(cookie: string, url: string, init: RequestInit = {}): Request {
  const headers = new Headers(browserHeaders(cookie));
  new Headers(init.headers).forEach((value, key) => headers.set(key, value));
  return new Request(url, { ...init, headers });
}
