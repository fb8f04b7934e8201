import { expect, test } from "@playwright/test";

// One story, in order: a fresh install shows onboarding, a project gets a token once,
// the demo data loads inside the server and the overview shows its figures.
test.describe.configure({ mode: "serial" });

test("the instance admin of an install without projects lands on onboarding", async ({ page }) => {
  await page.goto("/");
  await expect(page).toHaveURL(/\/onboarding$/);
  await expect(page.getByRole("heading", { name: "Get your test suite to green" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Load demo data" })).toBeVisible();
});

test("creating a project shows its upload token once and a CI snippet", async ({ page }) => {
  await page.goto("/onboarding");
  await page.getByLabel("Name").fill("Payments API");
  await page.getByRole("button", { name: "Create project and upload token" }).click();
  const token = page.getByTestId("new-token");
  await expect(token).toHaveText(/^gb_[a-z0-9]{8}_[A-Za-z0-9_-]{32,}$/);
  await expect(page.getByText("Authorization: Bearer $GREENBOARD_TOKEN")).toBeVisible();
  await page.getByRole("link", { name: "Open the project overview →" }).click();
  await expect(page).toHaveURL(/\/p\/payments-api$/);
  await expect(page.getByTestId("no-runs")).toBeVisible();
});

test("loading the demo data opens a non-empty overview", async ({ page }) => {
  await page.goto("/onboarding");
  await page.getByTestId("load-demo").click();
  await expect(page).toHaveURL(/\/p\/golden-path$/, { timeout: 90_000 });
  await expect(page.getByRole("heading", { name: "Golden Path integration suite" })).toBeVisible();
  const passRate = page.getByTestId("kpi-pass-rate");
  await expect(passRate).toContainText(/\d+\.\d %/);
  await expect(passRate).toContainText("ci-1069");
  // Charts drew one point per run.
  await expect(page.getByTestId("chart-pass-rate").locator(".recharts-line-dots circle").first()).toBeVisible();
  await expect(page.getByTestId("chart-pass-rate").locator(".recharts-line-dots").first().locator("circle")).toHaveCount(30);
  await expect(page.getByTestId("chart-teams-passRate")).toBeVisible();
  await expect(page.getByTestId("projection")).toContainText(/target by|Not converging|Target reached/);
  await page.mouse.move(0, 0); // no tooltip in the screenshot
  await page.screenshot({ path: "test-results/overview.png", fullPage: true });
});

test("the demo cannot be loaded twice", async ({ page }) => {
  await page.goto("/onboarding");
  await page.getByTestId("load-demo").click();
  await expect(page.getByRole("alert").filter({ hasText: "demo project" })).toHaveText('The demo project "golden-path" already exists');
});
