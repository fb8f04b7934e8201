// Every API operation × every kind of caller → the status the access table (route-access.ts)
// promises. Handlers are called for real, with real sessions, tokens and a real database.
// "Allowed" means the answer is neither 401 nor 403 nor a 5xx (the empty or made-up request may well
// be a 400 or 404: authorization happened before the body or ids were looked at, nothing changed).
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { API_ROUTES } from "@/lib/api/openapi";
import { createApiToken } from "@/lib/api/tokens";
import type { Database } from "@/lib/db/connection";
import { resetEnv } from "@/lib/env.mjs";
import { closeAppDatabase, openAppDatabase } from "@/test/app-database";
import { sessionFor, TEST_ORIGIN } from "@/test/session";
import { roleAtLeast, type ProjectRole } from "./access";
import { ROUTE_ACCESS, type RouteAccess } from "./route-access";

const SLUG = "matrix";
const ACTORS = ["anonymous", "viewer", "member", "admin", "otherProjectAdmin", "uploadToken", "instanceAdmin"] as const;
type Actor = (typeof ACTORS)[number];
const ROLE_OF: Partial<Record<Actor, ProjectRole>> = { viewer: "viewer", member: "member", admin: "admin", instanceAdmin: "admin" };

/** What the table promises: "allowed" (not 401/403), or the exact refusal. */
function expected(access: RouteAccess, actor: Actor, options: { publicRead: boolean; safe: boolean }): "allowed" | 401 | 403 {
  if (access === "public") return "allowed";
  if (access === "token") return actor === "uploadToken" ? "allowed" : 401;
  const signedIn = actor !== "anonymous" && actor !== "uploadToken";
  if (access === "reader") return signedIn || options.publicRead ? "allowed" : 401;
  if (access === "instance-admin") return !signedIn ? 401 : actor === "instanceAdmin" ? "allowed" : 403;
  if (!signedIn) return access === "viewer" && options.safe && options.publicRead ? "allowed" : 401;
  if (access === "viewer" && options.publicRead) return "allowed";
  return roleAtLeast(ROLE_OF[actor], access) ? "allowed" : 403;
}

/** The route module of an OpenAPI path: `/api/v1/projects/{slug}` → app/api/v1/projects/[slug]/route.ts. */
const moduleOf = (apiPath: string) => path.join(process.cwd(), "app", apiPath.replace(/\{([^}]+)\}/g, "[$1]"), "route.ts");

async function call(method: string, apiPath: string, headers: Record<string, string>): Promise<number> {
  const handlers = (await import(/* @vite-ignore */ moduleOf(apiPath))) as Record<string, (request: Request, context: unknown) => Promise<Response>>;
  const handler = handlers[method];
  if (!handler) throw new Error(`${apiPath} exports no ${method}`);
  const params: Record<string, string> = {};
  const url = apiPath.replace(/\{([^}]+)\}/g, (_m, name: string) => (params[name] = name === "slug" ? SLUG : `missing-${name}`));
  const abort = new AbortController();
  const hasBody = method !== "GET" && method !== "DELETE";
  const request = new Request(`${TEST_ORIGIN}${url}`, {
    method,
    headers: { ...headers, ...(hasBody ? { "content-type": "application/json" } : {}) },
    body: hasBody ? "{}" : undefined,
    signal: abort.signal,
  });
  const response = await handler(request, { params: Promise.resolve(params) });
  abort.abort();
  await response.body?.cancel().catch(() => undefined);
  return response.status;
}

async function routeFiles(dir: string): Promise<string[]> {
  const found: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) found.push(...(await routeFiles(full)));
    else if (entry.name === "route.ts") {
      const source = await readFile(full, "utf8");
      const route = `/${path.relative(path.join(process.cwd(), "app"), dir).split(path.sep).join("/")}`.replace(/\[([^\]]+)\]/g, "{$1}");
      for (const m of ["GET", "POST", "PUT", "PATCH", "DELETE"]) if (new RegExp(`export\\s+const\\s+${m}\\b`).test(source)) found.push(`${m} ${route}`);
    }
  }
  return found;
}

describe("authorization matrix", () => {
  let db: Database;
  const headersOf = {} as Record<Actor, Record<string, string>>;

  beforeAll(async () => {
    db = await openAppDatabase();
    const project = await db.prisma.project.create({ data: { slug: SLUG, name: "Matrix" } });
    const other = await db.prisma.project.create({ data: { slug: "other", name: "Other" } });
    const token = (await createApiToken(db.prisma, project.id, "ci")).token;
    const session = async (who: Parameters<typeof sessionFor>[1]) => ({ cookie: (await sessionFor(db.prisma, who)).cookie, origin: TEST_ORIGIN });
    headersOf.anonymous = {};
    headersOf.uploadToken = { authorization: `Bearer ${token}` };
    headersOf.instanceAdmin = await session({ instanceAdmin: true });
    headersOf.viewer = await session({ projectId: project.id, role: "viewer" });
    headersOf.member = await session({ projectId: project.id, role: "member" });
    headersOf.admin = await session({ projectId: project.id, role: "admin" });
    headersOf.otherProjectAdmin = await session({ projectId: other.id, role: "admin" });
  });
  afterAll(async () => {
    delete process.env.GREENBOARD_PUBLIC_READ;
    resetEnv();
    await closeAppDatabase(db);
  });

  test("the access table covers every route handler and every documented operation, and nothing else", async () => {
    const handlers = (await routeFiles(path.join(process.cwd(), "app/api/v1"))).sort();
    expect(Object.keys(ROUTE_ACCESS).sort()).toEqual(handlers);
    expect(API_ROUTES.map((r) => `${r.method.toUpperCase()} ${r.path}`).sort()).toEqual(handlers);
  });

  for (const publicRead of [false, true]) {
    test(`every operation × every caller answers as the table says (GREENBOARD_PUBLIC_READ=${publicRead})`, async () => {
      process.env.GREENBOARD_PUBLIC_READ = String(publicRead);
      resetEnv();
      const mismatches: string[] = [];
      let checked = 0;
      for (const [operation, access] of Object.entries(ROUTE_ACCESS)) {
        const [method, apiPath] = operation.split(" ") as [string, string];
        // Reads and writes alike; the token routes are exercised without a body worth storing.
        for (const actor of ACTORS) {
          const want = expected(access, actor, { publicRead, safe: method === "GET" });
          const status = await call(method, apiPath, headersOf[actor]);
          const ok = want === "allowed" ? status !== 401 && status !== 403 && status < 500 : status === want;
          checked++;
          if (!ok) mismatches.push(`${operation} as ${actor}: ${status}, expected ${want}`);
        }
      }
      expect(mismatches).toEqual([]);
      expect(checked).toBe(Object.keys(ROUTE_ACCESS).length * ACTORS.length);
    }, 120_000);
  }

  test("a signed-in write without this server's Origin is refused (CSRF), the same write from the page is not", async () => {
    const { cookie } = headersOf.member;
    expect(await call("PATCH", "/api/v1/projects/{slug}/groups/{groupId}", { cookie: cookie! })).toBe(403);
    expect(await call("PATCH", "/api/v1/projects/{slug}/groups/{groupId}", { cookie: cookie!, origin: "https://evil.example" })).toBe(403);
    expect(await call("PATCH", "/api/v1/projects/{slug}/groups/{groupId}", { cookie: cookie!, origin: TEST_ORIGIN, "sec-fetch-site": "cross-site" })).toBe(403);
    expect(await call("PATCH", "/api/v1/projects/{slug}/groups/{groupId}", { cookie: cookie!, origin: TEST_ORIGIN })).toBe(400);
  });

  test("the badge stays public when dashboards are private", async () => {
    process.env.GREENBOARD_PUBLIC_READ = "false";
    resetEnv();
    expect(await call("GET", "/api/v1/projects/{slug}/badge.svg", {})).toBe(200);
    expect(await call("GET", "/api/v1/projects/{slug}/overview", {})).toBe(401);
  });
});
