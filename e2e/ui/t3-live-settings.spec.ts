import { expect, test, type Page } from "@playwright/test";

// Runs after onboarding.spec.ts, which loads the demo project `golden-path`. This file makes its
// own project ("Live e2e") through onboarding, for an upload token, as e2e/api/runs.spec.ts does.
test.describe.configure({ mode: "serial" });

const screenshots = process.env.E2E_SCREENSHOT_DIR;
async function shoot(page: Page, name: string) {
  if (screenshots) await page.screenshot({ path: `${screenshots}/${name}.png`, fullPage: true });
}

const report = (cases: string) => Buffer.from(`<?xml version="1.0"?><testsuites><testsuite name="live">${cases}</testsuite></testsuites>`);
const pass = (name: string) => `<testcase classname="tests.test_live" name="${name}" time="0.3"/>`;
const fail = (name: string) => `<testcase classname="tests.test_live" name="${name}" time="0.1"><failure type="AssertionError" message="expected 1 got 2">trace</failure></testcase>`;

let token = "";

test.beforeAll(async ({ browser }) => {
  const page = await browser.newPage();
  if ((await page.request.get("/api/v1/projects/golden-path/overview")).status() === 404) {
    await page.goto("/onboarding");
    await page.getByTestId("load-demo").click();
    await expect(page).toHaveURL(/\/p\/golden-path$/, { timeout: 90_000 });
  }
  await page.goto("/onboarding");
  await page.getByLabel("Name").fill("Live e2e");
  await page.getByRole("button", { name: "Create project and upload token" }).click();
  const shown = page.getByTestId("new-token");
  await expect(shown).toHaveText(/^gb_[a-z0-9]{8}_[A-Za-z0-9_-]{32,}$/);
  token = (await shown.textContent()) ?? "";
  await page.close();
});

test("an API upload while the overview is open shows up within 2 s, without a reload", async ({ page, request }) => {
  const first = await request.post("/api/v1/runs", {
    headers: { authorization: `Bearer ${token}` },
    multipart: { runKey: "live-1", branch: "main", completed: "true", files: { name: "junit.xml", mimeType: "application/xml", buffer: report(pass("a") + pass("b") + fail("c")) } },
  });
  expect(first.status()).toBe(201);

  await page.goto("/p/live-e2e");
  await expect(page.getByTestId("kpi-pass-rate")).toContainText("66.7 %");
  await expect(page.getByTestId("recent-runs").locator("li")).toHaveCount(1);
  await expect(page.getByTestId("live-indicator")).toHaveAttribute("data-state", "live");
  // A marker on the window survives only if the page is not reloaded.
  await page.evaluate(() => Object.assign(window, { __notReloaded: true }));

  const second = await request.post("/api/v1/runs", {
    headers: { authorization: `Bearer ${token}` },
    multipart: { runKey: "live-2", branch: "main", files: { name: "junit.xml", mimeType: "application/xml", buffer: report(pass("a") + pass("b") + pass("c") + pass("d")) } },
  });
  expect(second.status()).toBe(201);
  await expect(page.getByTestId("kpi-pass-rate")).toContainText("100.0 %", { timeout: 2_000 });
  await expect(page.getByTestId("recent-runs").locator("li")).toHaveCount(2, { timeout: 2_000 });
  expect(await page.evaluate(() => (window as unknown as { __notReloaded?: boolean }).__notReloaded)).toBe(true);
  await shoot(page, "live-overview");
});

test("flaky tests → a test's history; a run's results link to their test", async ({ page }) => {
  await page.goto("/p/golden-path");
  await page.getByRole("navigation", { name: "Project" }).getByRole("link", { name: "Tests" }).click();
  await expect(page).toHaveURL(/\/p\/golden-path\/tests$/);
  await expect(page.getByRole("heading", { name: "Flaky tests" })).toBeVisible();
  const rows = page.getByTestId("flaky-row");
  await expect(rows.first()).toBeVisible();
  await shoot(page, "flaky-tests");

  await rows.first().getByRole("link").first().click();
  await expect(page).toHaveURL(/\/p\/golden-path\/tests\/[^/?]+$/);
  await expect(page.getByTestId("test-name")).toBeVisible();
  await expect(page.getByTestId("flaky-badge")).toBeVisible();
  await expect(page.getByTestId("chart-test-history").locator(".test-history-dot").first()).toBeVisible();
  await expect(page.getByTestId("flaky-evidence")).toContainText("retry");
  await page.mouse.move(0, 0);
  await shoot(page, "test-detail");

  await page.goto("/p/golden-path/runs");
  await page.getByTestId("run-row").first().getByRole("link").first().click();
  const link = page.getByTestId("result-row").first().getByTestId("test-link");
  const name = (await link.textContent())?.trim() ?? "";
  await link.click();
  await expect(page).toHaveURL(/\/p\/golden-path\/tests\/[^/?]+$/);
  await expect(page.getByTestId("test-name")).toHaveText(name);
});

test("settings: change the target; the change is saved and listed in recent admin changes", async ({ page }) => {
  await page.goto("/p/live-e2e");
  await page.getByRole("navigation", { name: "Project" }).getByRole("link", { name: "Settings" }).click();
  await expect(page).toHaveURL(/\/p\/live-e2e\/settings$/);
  await expect(page.getByRole("navigation", { name: "Settings" }).getByRole("link", { name: "General" })).toHaveAttribute("aria-current", "page");
  await page.getByLabel("Pass-rate target").fill("95");
  await page.getByLabel("Run idle timeout").fill("30");
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByTestId("settings-saved")).toBeVisible();
  const changes = page.getByTestId("admin-changes");
  await expect(changes.locator('[data-action="project.update"]').first()).toContainText("run idle timeout");
  await expect(changes).toContainText("from 100 % to 95 %");
  await shoot(page, "settings-general");

  await page.reload();
  await expect(page.getByLabel("Pass-rate target")).toHaveValue("95");
  await expect(page.getByTestId("admin-changes")).toContainText("from 100 % to 95 %");
});

test("API tokens: create (shown once), use, revoke (then refused)", async ({ page, request }) => {
  await page.goto("/p/live-e2e/settings/tokens");
  await page.getByLabel("Name").fill("e2e pipeline");
  await page.getByRole("button", { name: "Create token" }).click();
  const shown = page.getByTestId("new-token");
  await expect(shown).toHaveText(/^gb_[a-z0-9]{8}_[A-Za-z0-9_-]{32,}$/);
  const created = (await shown.textContent()) ?? "";
  const prefix = created.slice(3, 11);
  const row = page.locator(`[data-testid="token-row"][data-prefix="${prefix}"]`);
  await expect(row).toContainText("e2e pipeline");
  await expect(row).toContainText("never");
  await shoot(page, "settings-tokens");

  const upload = (runKey: string) =>
    request.post("/api/v1/runs", {
      headers: { authorization: `Bearer ${created}` },
      multipart: { runKey, branch: "feature", files: { name: "junit.xml", mimeType: "application/xml", buffer: report(pass("a")) } },
    });
  expect((await upload("live-token-1")).status()).toBe(201);

  page.once("dialog", (dialog) => void dialog.accept());
  // The row shows "revoked" at once (optimistic); the upload below must come after the server's answer.
  const revoked = page.waitForResponse((response) => response.request().method() === "DELETE" && response.url().includes("/tokens/"));
  await row.getByRole("button", { name: "Revoke" }).click();
  await expect(row.getByText("revoked")).toBeVisible();
  expect((await revoked).status()).toBe(200);
  expect((await upload("live-token-2")).status()).toBe(401);
  await page.goto("/p/live-e2e/settings");
  await expect(page.getByTestId("admin-changes").locator('[data-action="token.revoke"]').first()).toContainText(`${prefix} · e2e pipeline`);
});

test("upload page: drop a report and pick a broken one; progress, result and problem per file", async ({ page }) => {
  await page.goto("/p/live-e2e/upload");
  await expect(page.getByRole("heading", { name: "Upload reports" })).toBeVisible();
  await page.getByTestId("upload-run-key").fill("browser-e2e");

  // Drag and drop, as a person would: a drop event carrying a file.
  const xml = report(pass("dropped_a") + fail("dropped_b")).toString();
  const dataTransfer = await page.evaluateHandle((text) => {
    const transfer = new DataTransfer();
    transfer.items.add(new File([text], "dropped.xml", { type: "application/xml" }));
    return transfer;
  }, xml);
  await page.getByTestId("dropzone").dispatchEvent("drop", { dataTransfer });
  const rows = page.getByTestId("upload-row");
  await expect(rows.first()).toHaveAttribute("data-state", "done");
  await expect(rows.first().getByTestId("upload-result")).toContainText("2 tests");
  await expect(rows.first()).toContainText("browser-e2e");

  await page.getByTestId("file-input").setInputFiles({ name: "broken.xml", mimeType: "application/xml", buffer: Buffer.from("<testsuites><testsuite name='x'><testcase name='y'></testsuites>") });
  await expect(rows.nth(1)).toHaveAttribute("data-state", "failed");
  await expect(rows.nth(1).getByTestId("upload-problem")).toContainText("broken.xml");
  await shoot(page, "upload");

  await rows.first().getByRole("link", { name: "browser-e2e" }).click();
  await expect(page.getByRole("heading", { name: "browser-e2e" })).toBeVisible();
});

test("danger zone: delete a run typing its key, then the project typing its slug", async ({ page }) => {
  await page.goto("/p/live-e2e/settings/danger");
  const run = page.locator('[data-testid="danger-run"][data-run-key="live-1"]');
  await run.getByRole("button", { name: "Delete…" }).click();
  const dialog = page.getByTestId("confirm-dialog").filter({ hasText: "Delete run live-1?" });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByTestId("confirm-submit")).toBeDisabled();
  await dialog.getByTestId("confirm-input").fill("live-2");
  await expect(dialog.getByTestId("confirm-submit")).toBeDisabled();
  await dialog.getByTestId("confirm-input").fill("live-1");
  await shoot(page, "danger-dialog");
  await dialog.getByTestId("confirm-submit").click();
  await expect(page.getByTestId("delete-notice")).toContainText("Deleted run live-1");
  await expect(run).toHaveCount(0);
  await page.goto("/p/live-e2e/settings");
  await expect(page.getByTestId("admin-changes").locator('[data-action="run.delete"]').first()).toContainText("live-1");

  await page.goto("/p/live-e2e/settings/danger");
  await page.getByTestId("delete-project").click();
  const projectDialog = page.getByTestId("confirm-dialog").filter({ hasText: "Delete this project?" });
  await projectDialog.getByTestId("confirm-input").fill("live-e2e");
  await projectDialog.getByTestId("confirm-submit").click();
  await expect(page).not.toHaveURL(/live-e2e/);
  expect((await page.request.get("/api/v1/projects/live-e2e")).status()).toBe(404);
});
