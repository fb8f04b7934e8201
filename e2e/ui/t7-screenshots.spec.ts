import { mkdirSync } from "node:fs";
import { expect, test, type Page } from "@playwright/test";
import { ensureDemo } from "../fixtures/demo";

// Screenshots of the main pages with the demo data, for the CI artefacts and the README
// (docs/screenshots/ holds the copies the README shows). SCREENSHOT_DIR overrides the folder.
const dir = process.env.SCREENSHOT_DIR ?? "test-results/screenshots";

test.describe.configure({ mode: "serial" });
test.use({ viewport: { width: 1440, height: 900 }, colorScheme: "light" });

test.beforeAll(async ({ browser }) => {
  mkdirSync(dir, { recursive: true });
  await ensureDemo(browser);
});

async function shoot(page: Page, name: string) {
  await page.mouse.move(0, 0); // no tooltip or hover state in the picture
  // A viewport as tall as the page (up to 2200 px), rather than fullPage: the sticky sidebar is one screen high.
  const viewport = page.viewportSize() ?? { width: 1440, height: 900 };
  const height = await page.evaluate(() => document.documentElement.scrollHeight);
  await page.setViewportSize({ width: viewport.width, height: Math.min(Math.max(height, viewport.height), 2200) });
  await page.screenshot({ path: `${dir}/${name}.png`, animations: "disabled" });
  await page.setViewportSize(viewport);
}

test("overview, light and dark", async ({ page }) => {
  await page.goto("/p/golden-path");
  await expect(page.getByTestId("chart-pass-rate").locator(".recharts-line-dots circle").first()).toBeVisible();
  await shoot(page, "overview");
  await page.emulateMedia({ colorScheme: "dark" });
  await expect(page.locator("html")).toHaveClass(/\bdark\b/);
  await shoot(page, "overview-dark");
});

test("runs, run detail, triage, group detail, test detail, upload, settings", async ({ page }) => {
  await page.goto("/p/golden-path/runs");
  await expect(page.getByTestId("run-row").first()).toBeVisible();
  await shoot(page, "runs");

  await page.getByTestId("run-row").first().getByRole("link").first().click();
  await expect(page.getByTestId("result-row").first()).toBeVisible();
  await shoot(page, "run-detail");

  await page.goto("/p/golden-path/triage");
  await expect(page.getByTestId("group-row").first()).toBeVisible();
  await shoot(page, "triage");

  await page.getByTestId("group-row").first().getByRole("link").first().click();
  await expect(page.getByTestId("chart-group-history")).toBeVisible();
  await shoot(page, "group-detail");

  await page.getByTestId("affected-tests").getByRole("link").first().click();
  await expect(page.getByTestId("chart-test-history")).toBeVisible();
  await shoot(page, "test-detail");

  await page.goto("/p/golden-path/upload");
  await expect(page.getByRole("heading").first()).toBeVisible();
  await shoot(page, "upload");

  await page.goto("/p/golden-path/settings");
  await expect(page.locator("#settings-name")).toBeVisible();
  await shoot(page, "settings");
});

test("run detail and triage, dark", async ({ page }) => {
  await page.emulateMedia({ colorScheme: "dark" });
  await page.goto("/p/golden-path/runs");
  await page.getByTestId("run-row").first().getByRole("link").first().click();
  await expect(page.getByTestId("result-row").first()).toBeVisible();
  await expect(page.locator("html")).toHaveClass(/\bdark\b/);
  await shoot(page, "run-detail-dark");
  await page.goto("/p/golden-path/triage");
  await expect(page.getByTestId("group-row").first()).toBeVisible();
  await shoot(page, "triage-dark");
});
