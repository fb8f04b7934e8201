import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { POST as upload } from "@/app/api/v1/projects/[slug]/uploads/route";
import { getCache } from "@/lib/cache";
import { setDatabase } from "@/lib/db/client";
import type { Database } from "@/lib/db/connection";
import { createProject } from "@/lib/db/projects";
import { createTestDatabase } from "@/lib/db/testing";
import { projectChannel } from "@/lib/live/publish";
import { browserHeaders, sessionFor } from "@/test/session";

const url = "http://localhost/api/v1/projects/web/uploads";
const report = `<?xml version="1.0"?><testsuite name="s"><testcase classname="a.b" name="ok"/><testcase classname="a.b" name="bad"><failure type="AssertionError" message="no"/></testcase></testsuite>`;

function browserUpload(headers: Record<string, string>, runKey = "browser-1"): Request {
  const form = new FormData();
  form.append("runKey", runKey);
  form.append("branch", "main");
  form.append("files", new Blob([report], { type: "application/xml" }), "junit.xml");
  return new Request(url, { method: "POST", headers, body: form });
}
const params = { params: Promise.resolve({ slug: "web" }) };

describe("POST /api/v1/projects/{slug}/uploads (the browser upload)", () => {
  let db: Database;
  let projectId: string;
  /** Session cookies of a member and of a viewer of the project. */
  let member: string;
  let viewer: string;

  beforeAll(async () => {
    db = await createTestDatabase();
    setDatabase(db);
    projectId = (await createProject(db.prisma, { name: "Web", slug: "web", defaultBranch: "main" })).id;
    member = (await sessionFor(db.prisma, { projectId, role: "member" })).cookie;
    viewer = (await sessionFor(db.prisma, { projectId, role: "viewer" })).cookie;
  });
  afterAll(async () => {
    setDatabase(undefined);
    await db.close();
  });

  test("a member's same-origin upload is stored without a token and announced on the project's channel", async () => {
    const events: unknown[] = [];
    const unsubscribe = getCache().subscribe(projectChannel(projectId), (message) => events.push(message));
    try {
      const response = await upload(browserUpload(browserHeaders(member, { "sec-fetch-site": "same-origin" })), params);
      expect(response.status).toBe(201);
      const body = (await response.json()) as { run: { id: string; runKey: string; tests: number; failed: number }; uploads: { tests: number; duplicate: boolean }[] };
      expect(body.run).toMatchObject({ runKey: "browser-1", tests: 2, failed: 1 });
      expect(body.uploads).toEqual([expect.objectContaining({ filename: "junit.xml", tests: 2, duplicate: false })]);
      await expect.poll(() => events).toEqual([{ type: "run.updated", runId: body.run.id, status: "open" }]);

      const again = await upload(browserUpload(browserHeaders(member)), params);
      expect(again.status).toBe(200);
    } finally {
      unsubscribe();
    }
  });

  test("without a session it is a 401 problem and stores nothing", async () => {
    const response = await upload(browserUpload({ origin: "http://localhost", "sec-fetch-site": "same-origin" }, "browser-x"), params);
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({
      type: "https://greenboard.dev/problems/unauthorized",
      title: "Authentication required",
      status: 401,
      code: "unauthorized",
      detail: "Sign in to Greenboard to use this endpoint",
      instance: "/api/v1/projects/web/uploads",
    });
    expect(await db.prisma.run.findFirst({ where: { runKey: "browser-x" } })).toBeNull();
  });

  test("a viewer's session is a 403 problem and stores nothing", async () => {
    const response = await upload(browserUpload(browserHeaders(viewer), "browser-x"), params);
    expect(response.status).toBe(403);
    expect(await response.json()).toEqual({
      type: "https://greenboard.dev/problems/forbidden",
      title: "Forbidden",
      status: 403,
      code: "forbidden",
      detail: 'This takes the project role "member"; you are "viewer"',
      instance: "/api/v1/projects/web/uploads",
      role: "viewer",
      needed: "member",
    });
    expect(await db.prisma.run.findFirst({ where: { runKey: "browser-x" } })).toBeNull();
  });

  test("a session without a role in the project is a 403 problem", async () => {
    const stranger = (await sessionFor(db.prisma)).cookie;
    const response = await upload(browserUpload(browserHeaders(stranger), "browser-x"), params);
    expect(response.status).toBe(403);
    expect(await response.json()).toMatchObject({ code: "forbidden", detail: 'You are not a member of project "web"', role: "none", needed: "member" });
    expect(await db.prisma.run.findFirst({ where: { runKey: "browser-x" } })).toBeNull();
  });

  test.each([
    ["without an Origin", {}],
    ["from another site", { origin: "https://evil.example" }],
    ["a cross-site fetch", { origin: "http://localhost", "sec-fetch-site": "cross-site" }],
  ])("a member's upload %s is a 403 problem and stores nothing", async (_name, headers: Record<string, string>) => {
    const response = await upload(browserUpload({ cookie: member, ...headers }, "browser-x"), params);
    expect(response.status).toBe(403);
    expect(await response.json()).toEqual({
      type: "https://greenboard.dev/problems/forbidden",
      title: "Forbidden",
      status: 403,
      code: "forbidden",
      detail: "This request must come from Greenboard's own pages (cross-site request refused)",
      instance: "/api/v1/projects/web/uploads",
      reason: "cross-origin",
    });
    expect(await db.prisma.run.findFirst({ where: { runKey: "browser-x" } })).toBeNull();
  });

  test("an unknown project is a 404 problem", async () => {
    const response = await upload(new Request("http://localhost/api/v1/projects/nope/uploads", { method: "POST", headers: browserHeaders(member) }), {
      params: Promise.resolve({ slug: "nope" }),
    });
    expect(response.status).toBe(404);
    expect(((await response.json()) as { detail: string }).detail).toBe('Project "nope" does not exist');
  });
});
