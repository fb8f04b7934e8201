import { expect, test } from "@playwright/test";
import { ensureDemo } from "../fixtures/demo";

// The manager's path through the overview, by pointer and by keyboard, and the two themes.
test.describe.configure({ mode: "serial" });

test.beforeAll(async ({ browser }) => ensureDemo(browser));

test("manager flow: overview → a point of failures by category → that run's detail with the diff to the previous run", async ({ page }) => {
  await page.goto("/p/golden-path");
  const chart = page.getByTestId("chart-categories");
  const surface = chart.locator(".recharts-wrapper > svg.recharts-surface"); // legend icons are svgs too
  const box = await surface.boundingBox();
  if (!box) throw new Error("chart not drawn");
  // A point in the middle of the range: hover until the tooltip names its run, then click it.
  const position = { x: box.width * 0.55, y: box.height / 2 };
  await surface.hover({ position });
  const tooltip = chart.locator(".recharts-tooltip-wrapper");
  await expect(tooltip).toContainText(/ci-10\d\d/);
  const runKey = /ci-10\d\d/.exec((await tooltip.textContent()) ?? "")?.[0];
  if (!runKey) throw new Error("no run in the tooltip");
  await surface.click({ position });

  await expect(page).toHaveURL(/\/p\/golden-path\/runs\/[^/?]+$/);
  await expect(page.getByRole("heading", { name: runKey })).toBeVisible();
  const previous = page.getByText("compared with").getByRole("link");
  await expect(previous).toHaveText(/ci-10\d\d/);
  await expect(previous).not.toHaveText(runKey);
  for (const [kind, title] of [
    ["newly-failing", /newly failing/i],
    ["fixed", /fixed/i],
    ["still-failing", /still failing/i],
    ["newly-missing", /newly missing/i],
  ] as const) {
    await expect(page.getByTestId(`diff-${kind}`)).toBeVisible();
    await expect(page.getByTestId(`diff-${kind}`)).toContainText(title);
  }
});

test("keyboard: skip link, then Tab reaches a chart's table and a run link in it, and Enter opens the run", async ({ page }) => {
  await page.goto("/p/golden-path");
  await expect(page.getByTestId("chart-categories")).toBeVisible();

  await page.keyboard.press("Tab");
  const skip = page.getByRole("link", { name: "Skip to content" });
  await expect(skip).toBeFocused();
  await expect(skip).toBeVisible();
  await page.keyboard.press("Enter");
  await expect(page.locator("#content")).toBeFocused();

  // Tab on until the categories chart's "Show as table" toggle has focus.
  const toggle = page.getByTestId("chart-categories").locator("xpath=following-sibling::details[1]/summary");
  for (let i = 0; i < 40 && !(await toggle.evaluate((el) => el === document.activeElement)); i++) await page.keyboard.press("Tab");
  await expect(toggle).toBeFocused();
  // The focus ring is visible (a real outline, not the browser's suppressed one).
  expect(await toggle.evaluate((el) => getComputedStyle(el).outlineStyle)).not.toBe("none");
  await page.keyboard.press("Enter");
  const table = page.getByTestId("chart-categories").locator("xpath=following-sibling::details[1]").getByRole("table");
  await expect(table).toBeVisible();
  await expect(table.getByRole("columnheader", { name: "Total" })).toBeVisible();

  await page.keyboard.press("Tab");
  const focused = page.locator(":focus");
  await expect(focused).toHaveAttribute("href", /\/p\/golden-path\/runs\/[^/?]+$/);
  const runKey = (await focused.textContent()) ?? "";
  expect(runKey).toBe("ci-1069"); // newest first
  await page.keyboard.press("Enter");
  await expect(page.getByRole("heading", { name: runKey })).toBeVisible();
});

test("every overview chart has a table with the same runs", async ({ page }) => {
  await page.goto("/p/golden-path");
  for (const id of ["chart-pass-rate", "chart-categories", "chart-teams-passRate", "chart-teams-openGroups"]) {
    const details = page.getByTestId(id).locator("xpath=following-sibling::details[1]");
    await details.locator("summary").click();
    await expect(details.getByRole("table").locator("tbody tr")).toHaveCount(30);
  }
});

test.describe("themes", () => {
  test.use({ colorScheme: "dark" });

  test("follow the OS by default; the header toggle switches and is remembered, set before paint", async ({ page }) => {
    const html = page.locator("html");
    await page.goto("/p/golden-path", { waitUntil: "domcontentloaded" });
    await expect(html).toHaveClass(/\bdark\b/);
    const darkBackground = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);

    const toggle = page.getByRole("group", { name: "Theme" });
    await expect(toggle.getByRole("button", { name: "System theme" })).toHaveAttribute("aria-pressed", "true");
    await toggle.getByRole("button", { name: "Light theme" }).click();
    await expect(html).not.toHaveClass(/\bdark\b/);
    await expect(toggle.getByRole("button", { name: "Light theme" })).toHaveAttribute("aria-pressed", "true");
    expect(await page.evaluate(() => getComputedStyle(document.body).backgroundColor)).not.toBe(darkBackground);
    expect(await page.evaluate(() => localStorage.getItem("greenboard-theme"))).toBe("light");

    // The choice survives a reload and is on <html> when the document is parsed, before hydration.
    await page.goto("/p/golden-path/runs", { waitUntil: "domcontentloaded" });
    await expect(html).toHaveClass(/\blight\b/);
    await expect(html).not.toHaveClass(/\bdark\b/);

    await page.getByRole("group", { name: "Theme" }).getByRole("button", { name: "Dark theme" }).click();
    await expect(html).toHaveClass(/\bdark\b/);
    await page.getByRole("group", { name: "Theme" }).getByRole("button", { name: "System theme" }).click();
    await expect(html).toHaveClass(/\bdark\b/);
    expect(await page.evaluate(() => localStorage.getItem("greenboard-theme"))).toBeNull();
    await page.emulateMedia({ colorScheme: "light" });
    await expect(html).not.toHaveClass(/\bdark\b/);
  });
});
