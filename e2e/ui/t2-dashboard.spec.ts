import { expect, test, type Page } from "@playwright/test";
import { ADMIN_EMAIL } from "../fixtures/accounts";
import { ensureDemo } from "../fixtures/demo";

// Runs after onboarding.spec.ts (files run alphabetically), which loads the demo project
// `golden-path` (runs ci-1040 … ci-1069). Run alone, it loads the demo itself.
test.describe.configure({ mode: "serial" });

const screenshots = process.env.E2E_SCREENSHOT_DIR;

async function shoot(page: Page, name: string) {
  if (screenshots) await page.screenshot({ path: `${screenshots}/${name}.png`, fullPage: true });
}

test.beforeAll(async ({ browser }) => ensureDemo(browser));

test("runs list → newest run: totals, diff to the previous run, results filtered by status in the URL", async ({ page }) => {
  await page.goto("/p/golden-path");
  await page.getByRole("navigation", { name: "Project" }).getByRole("link", { name: "Runs" }).click();
  await expect(page).toHaveURL(/\/p\/golden-path\/runs$/);
  await expect(page.getByRole("link", { name: "Runs", exact: true })).toHaveAttribute("aria-current", "page");
  const rows = page.getByTestId("run-row");
  await expect(rows).toHaveCount(30);
  await expect(rows.first()).toContainText("ci-1069");
  await expect(rows.first()).toContainText("main");
  await shoot(page, "runs");

  await rows.first().getByRole("link", { name: "ci-1069" }).click();
  await expect(page).toHaveURL(/\/p\/golden-path\/runs\/[^/?]+$/);
  await expect(page.getByRole("heading", { name: "ci-1069" })).toBeVisible();
  await expect(page.getByRole("navigation", { name: "Breadcrumb" })).toContainText("Runs");
  await expect(page.getByTestId("run-pass-rate")).toContainText(/\d+\.\d %/);
  await expect(page.getByText("compared with")).toContainText("ci-1068");
  for (const kind of ["newly-failing", "fixed", "still-failing", "newly-missing"]) {
    await expect(page.getByTestId(`diff-${kind}`)).toBeVisible();
  }
  const results = page.getByTestId("result-row");
  await expect(results.first()).toBeVisible();
  await shoot(page, "run-detail");

  await page.getByTestId("status-filter-failed").click();
  await expect(page).toHaveURL(/[?&]status=failed(&|$)/);
  await expect(page.getByTestId("status-filter-failed")).toHaveAttribute("aria-pressed", "true");
  await expect(results.first()).toBeVisible();
  await expect(page.locator('[data-testid="result-row"]:not([data-status="failed"])')).toHaveCount(0);
  // A failing row links to its failure group.
  await expect(results.first().getByRole("link", { name: "Failure group →" })).toBeVisible();

  // The URL alone reproduces the view.
  await page.reload();
  await expect(page.getByTestId("status-filter-failed")).toHaveAttribute("aria-pressed", "true");
  await expect(page.locator('[data-testid="result-row"]:not([data-status="failed"])')).toHaveCount(0);
});

test("triage → filter by cause → group: change status, add a note, the audit trail shows both", async ({ page }) => {
  await page.goto("/p/golden-path/triage");
  await expect(page.getByRole("heading", { name: "Failure groups" })).toBeVisible();
  await expect(page.getByTestId("group-row").first()).toBeVisible();
  await shoot(page, "triage");

  // Filter by the cause of the most impactful open group (which causes are still open depends on the demo's story).
  const category = await page.getByTestId("group-row").first().locator("[data-category]").getAttribute("data-category");
  if (!category) throw new Error("no category on the first group");
  await page.getByTestId("category-filter").selectOption(category);
  await expect(page).toHaveURL(new RegExp(`[?&]category=${category}(&|$)`));
  const rows = page.getByTestId("group-row");
  await expect(rows.first()).toBeVisible();
  await expect(page.locator(`[data-testid="group-row"] [data-category]:not([data-category="${category}"])`)).toHaveCount(0);

  await rows.first().getByRole("link").first().click();
  await expect(page).toHaveURL(/\/p\/golden-path\/triage\/[^/?]+$/);
  await expect(page.getByTestId("group-title")).toBeVisible();
  await expect(page.getByTestId("chart-group-history")).toBeVisible();
  await expect(page.getByTestId("affected-tests").locator("li").first()).toBeVisible();

  await page.getByTestId("group-status").selectOption("investigating");
  const trail = page.getByTestId("audit-trail");
  await expect(trail.locator('[data-action="status"]').first()).toContainText("investigating");
  await page.getByLabel("Add a note").fill("Reproduced locally; the owning team is adding the missing service container.");
  await page.getByRole("button", { name: "Post note" }).click();
  await expect(trail.locator("li").first()).toContainText("the owning team is adding the missing service container");
  await expect(trail.locator("li").first()).toHaveAttribute("data-action", "note");
  await expect(trail.locator('[data-action="status"]').first()).toContainText(ADMIN_EMAIL);
  await expect(page.getByTestId("group-status")).toHaveValue("investigating");
  await shoot(page, "group-detail");

  // Both survive a reload (they were stored, not just shown).
  await page.reload();
  await expect(page.getByTestId("audit-trail").locator("li").first()).toContainText("the owning team is adding the missing service container");
  await expect(page.getByTestId("group-status")).toHaveValue("investigating");
});

test("the overview links to runs: recent runs card and clicking a pass-rate point", async ({ page }) => {
  await page.goto("/p/golden-path");
  await expect(page.getByTestId("recent-runs").locator("li")).toHaveCount(6);
  await shoot(page, "overview");
  const chart = page.getByTestId("chart-pass-rate").locator(".recharts-surface");
  const box = await chart.boundingBox();
  if (!box) throw new Error("chart not drawn");
  // The right edge of the plot is the newest run. Recharts picks the run under the pointer on
  // mouse move (once per frame), so hover until the tooltip shows it, as a person would.
  const position = { x: box.width - 20, y: box.height / 2 };
  await chart.hover({ position });
  await expect(page.getByTestId("chart-pass-rate").locator(".recharts-tooltip-wrapper")).toContainText("ci-1069");
  await chart.click({ position });
  await expect(page).toHaveURL(/\/p\/golden-path\/runs\/[^/?]+$/);
  await expect(page.getByRole("heading", { name: "ci-1069" })).toBeVisible();
});
