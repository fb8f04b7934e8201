import { createHash } from "node:crypto";
import { expect, test } from "@playwright/test";

// The upload API against the production server. The fresh e2e database has no project, and the
// embedded database cannot be opened by `greenboard token create` while the server holds it, so
// the token comes from onboarding, as a new user's would.
test.describe.configure({ mode: "serial" });

const report = (cases: string) => Buffer.from(`<?xml version="1.0"?><testsuites><testsuite name="api">${cases}</testsuite></testsuites>`);
const pass = (name: string) => `<testcase classname="tests.test_upload" name="${name}" time="0.2"/>`;
const fail = (name: string) =>
  `<testcase classname="tests.test_upload" name="${name}"><failure type="AssertionError" message="expected 200 got 500">trace</failure></testcase>`;

let token = "";

test.beforeAll(async ({ browser }) => {
  const page = await browser.newPage();
  await page.goto("/onboarding");
  await page.getByLabel("Name").fill("Upload API e2e");
  await page.getByRole("button", { name: "Create project and upload token" }).click();
  const shown = page.getByTestId("new-token");
  await expect(shown).toHaveText(/^gb_[a-z0-9]{8}_[A-Za-z0-9_-]{32,}$/);
  token = (await shown.textContent()) ?? "";
  await page.close();
});

test("a multipart upload answers 201 with the run and its uploads", async ({ request, baseURL }) => {
  const bytes = report(pass("a") + pass("b") + fail("c"));
  const response = await request.post("/api/v1/runs", {
    headers: { authorization: `Bearer ${token}` },
    multipart: {
      runKey: "e2e-1",
      branch: "main",
      commit: "0123abc",
      files: { name: "junit.xml", mimeType: "application/xml", buffer: bytes },
    },
  });
  expect(response.status()).toBe(201);
  const body = (await response.json()) as { run: { id: string } };
  expect(body).toEqual({
    run: {
      id: expect.any(String),
      runKey: "e2e-1",
      url: `${baseURL}/p/upload-api-e2e/runs/${body.run.id}`,
      status: "open",
      tests: 3,
      passed: 2,
      failed: 1,
      errors: 0,
      skipped: 0,
      missing: 0,
      passRate: 2 / 3,
    },
    uploads: [
      { filename: "junit.xml", sha256: createHash("sha256").update(bytes).digest("hex"), duplicate: false, tests: 3, notes: [] },
    ],
  });
});

test("a malformed report is a 400 problem naming the file and position, and nothing is stored", async ({ request }) => {
  const response = await request.post("/api/v1/runs?runKey=e2e-bad", {
    headers: { authorization: `Bearer ${token}` },
    multipart: {
      good: { name: "good.xml", mimeType: "application/xml", buffer: report(pass("ok")) },
      bad: { name: "broken.xml", mimeType: "application/xml", buffer: Buffer.from('<testsuites>\n<testsuite name="x">\n<testcase name="y">\n</testsuites>') },
    },
  });
  expect(response.status()).toBe(400);
  expect(response.headers()["content-type"]).toBe("application/problem+json");
  expect(await response.json()).toEqual({
    type: "https://greenboard.dev/problems/malformed_report",
    title: "Malformed report",
    status: 400,
    code: "malformed_report",
    detail: expect.stringMatching(/^broken\.xml: .*\(broken\.xml, line 4, column \d+\)$/),
    instance: "/api/v1/runs",
    file: "broken.xml",
    parserCode: "MALFORMED",
    line: 4,
    column: expect.any(Number),
    reason: "invalid-report",
  });
  const complete = await request.post("/api/v1/runs?runKey=e2e-bad", {
    headers: { authorization: `Bearer ${token}`, "content-type": "application/xml" },
    data: report(pass("ok")),
  });
  // The run did not exist before this request: the rejected one stored nothing.
  expect(((await complete.json()) as { run: { tests: number } }).run.tests).toBe(1);
});

test("an upload without a token is a 401 problem", async ({ request }) => {
  const response = await request.post("/api/v1/runs", {
    headers: { "content-type": "application/xml" },
    data: report(pass("a")),
  });
  expect(response.status()).toBe(401);
  expect(response.headers()["www-authenticate"]).toBe('Bearer realm="greenboard"');
  expect(await response.json()).toEqual({
    type: "https://greenboard.dev/problems/unauthorized",
    title: "Authentication required",
    status: 401,
    code: "unauthorized",
    detail: "Send the project's upload token as `Authorization: Bearer <token>`",
    instance: "/api/v1/runs",
  });
});

test("completing the run answers 200 with the final figures", async ({ request, baseURL }) => {
  const upload = await request.post("/api/v1/runs?runKey=e2e-complete&branch=release", {
    headers: { authorization: `Bearer ${token}`, "content-type": "application/xml", "content-disposition": 'attachment; filename="shard-2.xml"' },
    data: report(pass("d") + fail("e")),
  });
  expect(upload.status()).toBe(201);
  const { run } = (await upload.json()) as { run: { id: string; status: string } };
  expect(run.status).toBe("open");
  const response = await request.post(`/api/v1/runs/${run.id}/complete`, { headers: { authorization: `Bearer ${token}` } });
  expect(response.status()).toBe(200);
  expect(await response.json()).toEqual({
    run: {
      id: run.id,
      runKey: "e2e-complete",
      url: `${baseURL}/p/upload-api-e2e/runs/${run.id}`,
      status: "complete",
      tests: 2,
      passed: 1,
      failed: 1,
      errors: 0,
      skipped: 0,
      missing: 0,
      passRate: 0.5,
    },
  });
});
