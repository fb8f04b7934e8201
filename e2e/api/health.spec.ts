import { expect, test } from "@playwright/test";

test("health reports the embedded database and the in-process cache", async ({ request }) => {
  const response = await request.get("/api/v1/health");
  expect(response.status()).toBe(200);
  expect(await response.json()).toEqual({
    status: "ok",
    database: { kind: "pglite", latencyMs: expect.any(Number) },
    cache: { kind: "memory", connected: true, degraded: false },
  });
});

test("an unknown project is a problem+json 404 for a signed-in reader, a 401 for anyone else", async ({ request, playwright, baseURL }) => {
  const response = await request.get("/api/v1/projects/nope/overview");
  expect(response.status()).toBe(404);
  expect(response.headers()["content-type"]).toContain("application/problem+json");
  expect(await response.json()).toEqual({
    type: "https://greenboard.dev/problems/not_found",
    title: "Not found",
    status: 404,
    code: "not_found",
    detail: 'Project "nope" does not exist',
    instance: "/api/v1/projects/nope/overview",
    entity: "project",
  });
  const anonymous = await playwright.request.newContext({ baseURL, storageState: { cookies: [], origins: [] } });
  const refused = await anonymous.get("/api/v1/projects/nope/overview");
  expect(refused.status()).toBe(401);
  expect((await refused.json()).code).toBe("unauthorized");
  await anonymous.dispose();
});
