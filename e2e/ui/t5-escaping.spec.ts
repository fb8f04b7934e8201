import { expect, test } from "@playwright/test";

// Report content is data, never markup: a test name or message holding <script> or an
// <img onerror> must render as text on every page that shows it, and run nothing.
const SCRIPT_NAME = `test_<script>window.__gbXss = "name"</script>`;
const IMG_MESSAGE = `AssertionError: <img src=x onerror="window.__gbXss = 'message'"> was rendered`;
const escapeXml = (text: string) => text.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;").replaceAll('"', "&quot;");

test("markup in a test name or failure message renders as text and runs nothing", async ({ page, request }) => {
  await page.goto("/onboarding");
  await page.getByLabel("Name").fill("Escaping check");
  await page.getByRole("button", { name: "Create project and upload token" }).click();
  const token = (await page.getByTestId("new-token").textContent()) ?? "";
  expect(token).toMatch(/^gb_/);

  const xml = `<?xml version="1.0"?><testsuites><testsuite name="s">
    <testcase classname="tests.test_escape" name="${escapeXml(SCRIPT_NAME)}">
      <failure type="AssertionError" message="${escapeXml(IMG_MESSAGE)}">${escapeXml(IMG_MESSAGE)}</failure>
    </testcase></testsuite></testsuites>`;
  const response = await request.post("/api/v1/runs", {
    headers: { authorization: `Bearer ${token}` },
    multipart: { runKey: "xss-1", completed: "true", files: { name: "junit.xml", mimeType: "application/xml", buffer: Buffer.from(xml) } },
  });
  expect(response.status()).toBe(201);
  const { run } = (await response.json()) as { run: { id: string } };

  await page.goto(`/p/escaping-check/runs/${run.id}`);
  await expect(page.getByText(SCRIPT_NAME).first()).toBeVisible();
  await expect(page.getByText(IMG_MESSAGE).first()).toBeVisible();

  await page.goto("/p/escaping-check/triage");
  await expect(page.getByText(IMG_MESSAGE).first()).toBeVisible();
  await page.getByText(IMG_MESSAGE).first().click();
  await expect(page.getByText(SCRIPT_NAME).first()).toBeVisible();

  expect(await page.evaluate(() => (window as unknown as { __gbXss?: string }).__gbXss)).toBeUndefined();
  expect(await page.locator("img[src=x]").count()).toBe(0);
});
