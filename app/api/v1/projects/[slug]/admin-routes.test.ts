import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { closeAppDatabase, openAppDatabase } from "@/test/app-database";
import { browserRequest, sessionFor } from "@/test/session";
import { DELETE as deleteProjectRoute, GET as getProject, PATCH as patchProject } from "@/app/api/v1/projects/[slug]/route";
import { DELETE as deleteRunRoute } from "@/app/api/v1/projects/[slug]/runs/[runId]/route";
import { DELETE as revokeToken } from "@/app/api/v1/projects/[slug]/tokens/[tokenId]/route";
import { GET as listTokens, POST as createToken } from "@/app/api/v1/projects/[slug]/tokens/route";
import { verifyApiToken } from "@/lib/api/tokens";
import type { Database } from "@/lib/db/connection";
import { createProject } from "@/lib/db/projects";

const base = "http://localhost/api/v1/projects";
const slug = "golden-path";

// Every request is a same-origin browser request of a signed-in instance admin (set in beforeAll).
let cookie = "";
let actor = "";
const request = (url: string, init?: RequestInit) => browserRequest(cookie, url, init);
function jsonRequest(url: string, method: string, body: unknown): Request {
  return request(url, { method, headers: { "content-type": "application/json" }, body: typeof body === "string" ? body : JSON.stringify(body) });
}
const params = (s = slug) => ({ params: Promise.resolve({ slug: s }) });

interface Settings {
  project: { name: string; defaultBranch: string; passRateTarget: number; missingTestWindow: number; runIdleTimeoutMinutes: number };
  events: { action: string; actor: string; fromValue: string | null; toValue: string | null; note: string | null }[];
}

describe("admin API: settings, tokens, deleting runs and projects", () => {
  let db: Database;

  beforeAll(async () => {
    db = await openAppDatabase({ demoRuns: 3 });
    ({ cookie, email: actor } = await sessionFor(db.prisma, { instanceAdmin: true }));
  });
  afterAll(() => closeAppDatabase(db));

  test("PATCH changes the settings and records one project.update event per changed field", async () => {
    const response = await patchProject(
      jsonRequest(`${base}/${slug}`, "PATCH", { name: "Golden Path", passRateTarget: 0.95, missingTestWindow: 5, runIdleTimeoutMinutes: 30 }),
      params(),
    );
    expect(response.status).toBe(200);
    const body = (await response.json()) as Settings;
    expect(body.project).toMatchObject({ name: "Golden Path", passRateTarget: 0.95, missingTestWindow: 5, runIdleTimeoutMinutes: 30 });
    // missingTestWindow was already 5: not a change, not audited.
    expect(body.events.map((e) => [e.action, e.actor, e.note, e.fromValue, e.toValue])).toEqual([
      ["project.update", actor, "runIdleTimeoutMinutes", "15", "30"],
      ["project.update", actor, "passRateTarget", "1", "0.95"],
      ["project.update", actor, "name", "Golden Path integration suite", "Golden Path"],
    ]);
    const again = (await (await getProject(request(`${base}/${slug}`), params())).json()) as Settings;
    expect(again.project.name).toBe("Golden Path");
  });

  test.each([
    ["a target above 100 %", { passRateTarget: 1.5 }, [{ path: "passRateTarget", message: "The target cannot be above 100 %" }]],
    ["an empty name", { name: " " }, [{ path: "name", message: "Name is required" }]],
    ["an unknown field", { slug: "x" }, [{ path: "", message: 'Unrecognized key: "slug"' }, { path: "", message: "Nothing to change" }]],
    ["nothing to change", {}, [{ path: "", message: "Nothing to change" }]],
  ])("PATCH with %s is a 400 problem", async (_name, body, errors) => {
    const response = await patchProject(jsonRequest(`${base}/${slug}`, "PATCH", body), params());
    expect(response.status).toBe(400);
    expect(response.headers.get("content-type")).toBe("application/problem+json");
    expect(await response.json()).toEqual({
      type: "https://greenboard.dev/problems/bad_request",
      title: "Bad request",
      status: 400,
      code: "bad_request",
      detail: "The request is not valid",
      instance: `/api/v1/projects/${slug}`,
      errors,
    });
  });

  test("GET and PATCH of an unknown project are 404 problems", async () => {
    const expected = {
      type: "https://greenboard.dev/problems/not_found",
      title: "Not found",
      status: 404,
      code: "not_found",
      detail: 'Project "nope" does not exist',
      instance: "/api/v1/projects/nope",
      entity: "project",
    };
    expect(await (await getProject(request(`${base}/nope`), params("nope"))).json()).toEqual(expected);
    expect(await (await patchProject(jsonRequest(`${base}/nope`, "PATCH", { name: "x" }), params("nope"))).json()).toEqual(expected);
  });

  test("a created token is shown once, works, is listed without its secret, and revoking it stops it", async () => {
    const created = await createToken(jsonRequest(`${base}/${slug}/tokens`, "POST", { name: "GitHub Actions" }), params());
    expect(created.status).toBe(201);
    const { token } = (await created.json()) as { token: { id: string; prefix: string; token: string; name: string } };
    expect(token.token).toMatch(new RegExp(`^gb_${token.prefix}_`));
    expect(await verifyApiToken(db.prisma, token.token)).not.toBeNull();

    const listed = (await (await listTokens(request(`${base}/${slug}/tokens`), params())).json()) as { tokens: Record<string, unknown>[] };
    const row = listed.tokens.find((t) => t.id === token.id);
    expect(row).toMatchObject({ name: "GitHub Actions", prefix: token.prefix, revokedAt: null });
    expect(row).not.toHaveProperty("token");
    expect(row?.lastUsedAt).not.toBeNull();

    const revoked = await revokeToken(request(`${base}/${slug}/tokens/${token.id}`, { method: "DELETE" }), { params: Promise.resolve({ slug, tokenId: token.id }) });
    expect(revoked.status).toBe(200);
    expect(((await revoked.json()) as { token: { revokedAt: string | null } }).token.revokedAt).not.toBeNull();
    expect(await verifyApiToken(db.prisma, token.token)).toBeNull();

    const settings = (await (await getProject(request(`${base}/${slug}`), params())).json()) as Settings;
    expect(settings.events.slice(0, 2).map((e) => [e.action, e.fromValue ?? e.toValue])).toEqual([
      ["token.revoke", `${token.prefix} · GitHub Actions`],
      ["token.create", `${token.prefix} · GitHub Actions`],
    ]);
  });

  test("a token without a name is a 400, an unknown token a 404", async () => {
    const bad = await createToken(jsonRequest(`${base}/${slug}/tokens`, "POST", { name: "" }), params());
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { errors: unknown }).errors).toEqual([{ path: "name", message: "Name the token (where it is used)" }]);
    const missing = await revokeToken(request(`${base}/${slug}/tokens/nope`, { method: "DELETE" }), { params: Promise.resolve({ slug, tokenId: "nope" }) });
    expect(await missing.json()).toEqual({
      type: "https://greenboard.dev/problems/not_found",
      title: "Not found",
      status: 404,
      code: "not_found",
      detail: 'Token "nope" does not exist in project "golden-path"',
      instance: "/api/v1/projects/golden-path/tokens/nope",
      entity: "token",
    });
  });

  test("deleting a run needs its key typed; it takes the results and recomputes its groups", async () => {
    const run = await db.prisma.run.findFirstOrThrow({ where: { runKey: "ci-1042" } });
    const context = { params: Promise.resolve({ slug, runId: run.id }) };
    const wrong = await deleteRunRoute(jsonRequest(`${base}/${slug}/runs/${run.id}`, "DELETE", { confirm: "ci-1041" }), context);
    expect(wrong.status).toBe(400);
    expect(await wrong.json()).toEqual({
      type: "https://greenboard.dev/problems/bad_request",
      title: "Bad request",
      status: 400,
      code: "bad_request",
      detail: "The request is not valid",
      instance: `/api/v1/projects/${slug}/runs/${run.id}`,
      errors: [{ path: "confirm", message: 'Type the run key "ci-1042" to confirm' }],
    });

    const response = await deleteRunRoute(jsonRequest(`${base}/${slug}/runs/${run.id}`, "DELETE", { confirm: "ci-1042" }), { params: Promise.resolve({ slug, runId: run.id }) });
    expect(response.status).toBe(200);
    expect(await db.prisma.run.findUnique({ where: { id: run.id } })).toBeNull();
    expect(await db.prisma.result.count({ where: { runId: run.id } })).toBe(0);
    // Every remaining group's figures match its remaining results.
    for (const group of await db.prisma.failureGroup.findMany()) {
      const results = await db.prisma.result.findMany({ where: { failureGroupId: group.id }, select: { testId: true } });
      expect(results.length).toBeGreaterThan(0);
      expect(group.occurrences).toBe(results.length);
      expect(group.affectedTests).toBe(new Set(results.map((r) => r.testId)).size);
      expect(group.lastSeenRunId).not.toBe(run.id);
    }
    const settings = (await (await getProject(request(`${base}/${slug}`), params())).json()) as Settings;
    expect(settings.events[0]).toMatchObject({ action: "run.delete", fromValue: "ci-1042", actor });

    const gone = await deleteRunRoute(jsonRequest(`${base}/${slug}/runs/${run.id}`, "DELETE", { confirm: "ci-1042" }), { params: Promise.resolve({ slug, runId: run.id }) });
    expect(gone.status).toBe(404);
  });

  test("deleting a project needs its slug typed, then removes it whole", async () => {
    await createProject(db.prisma, { name: "Doomed", slug: "doomed", defaultBranch: "main" });
    const wrong = await deleteProjectRoute(jsonRequest(`${base}/doomed`, "DELETE", { confirm: "Doomed" }), params("doomed"));
    expect(wrong.status).toBe(400);
    expect(((await wrong.json()) as { errors: unknown }).errors).toEqual([{ path: "confirm", message: 'Type the project slug "doomed" to confirm' }]);
    const response = await deleteProjectRoute(jsonRequest(`${base}/doomed`, "DELETE", { confirm: "doomed" }), params("doomed"));
    expect(response.status).toBe(204);
    expect(await db.prisma.project.findUnique({ where: { slug: "doomed" } })).toBeNull();
    expect((await deleteProjectRoute(jsonRequest(`${base}/doomed`, "DELETE", { confirm: "doomed" }), params("doomed"))).status).toBe(404);
  });
});
