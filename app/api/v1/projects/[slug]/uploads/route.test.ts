import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { POST as upload } from "@/app/api/v1/projects/[slug]/uploads/route";
import { getCache } from "@/lib/cache";
import { setDatabase } from "@/lib/db/client";
import type { Database } from "@/lib/db/connection";
import { createProject } from "@/lib/db/projects";
import { createTestDatabase } from "@/lib/db/testing";
import { projectChannel } from "@/lib/live/publish";

const url = "http://localhost:3000/api/v1/projects/web/uploads";
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

  beforeAll(async () => {
    db = await createTestDatabase();
    setDatabase(db);
    projectId = (await createProject(db.prisma, { name: "Web", slug: "web", defaultBranch: "main" })).id;
  });
  afterAll(async () => {
    setDatabase(undefined);
    await db.close();
  });

  test("a same-origin upload is stored without a token and announced on the project's channel", async () => {
    const events: unknown[] = [];
    const unsubscribe = getCache().subscribe(projectChannel(projectId), (message) => events.push(message));
    try {
      const response = await upload(browserUpload({ origin: "http://localhost:3000", "sec-fetch-site": "same-origin" }), params);
      expect(response.status).toBe(201);
      const body = (await response.json()) as { run: { id: string; runKey: string; tests: number; failed: number }; uploads: { tests: number; duplicate: boolean }[] };
      expect(body.run).toMatchObject({ runKey: "browser-1", tests: 2, failed: 1 });
      expect(body.uploads).toEqual([expect.objectContaining({ filename: "junit.xml", tests: 2, duplicate: false })]);
      await expect.poll(() => events).toEqual([{ type: "run.updated", runId: body.run.id, status: "open" }]);

      const again = await upload(browserUpload({ origin: "http://localhost:3000" }), params);
      expect(again.status).toBe(200);
    } finally {
      unsubscribe();
    }
  });

  test.each([
    ["without an Origin", {}],
    ["from another site", { origin: "https://evil.example" }],
    ["a cross-site fetch", { origin: "http://localhost:3000", "sec-fetch-site": "cross-site" }],
  ])("%s is a 403 problem and stores nothing", async (_name, headers) => {
    const response = await upload(browserUpload(headers, "browser-x"), params);
    expect(response.status).toBe(403);
    expect(await response.json()).toEqual({
      type: "https://greenboard.dev/problems/forbidden",
      title: "Forbidden",
      status: 403,
      code: "forbidden",
      detail: "Browser uploads are accepted only from this Greenboard's own pages; CI uploads go to POST /api/v1/runs with a token",
      instance: "/api/v1/projects/web/uploads",
    });
    expect(await db.prisma.run.findFirst({ where: { runKey: "browser-x" } })).toBeNull();
  });

  test("an unknown project is a 404 problem", async () => {
    const response = await upload(new Request("http://localhost:3000/api/v1/projects/nope/uploads", { method: "POST", headers: { origin: "http://localhost:3000" } }), {
      params: Promise.resolve({ slug: "nope" }),
    });
    expect(response.status).toBe(404);
    expect(((await response.json()) as { detail: string }).detail).toBe('Project "nope" does not exist');
  });
});
