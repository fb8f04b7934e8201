import { expect, test } from "@playwright/test";
import { ensureDemo } from "../fixtures/demo";

// The Teams settings tab of the demo project: the report's four teams own their categories;
// adding a team and a path rule for it lists both, with the precedence explained beside the rules,
// and the ownership job recomputes in the background.
test.beforeAll(async ({ browser }) => {
  await ensureDemo(browser);
});

test("a team is added, a path rule gives it a directory, and both are listed", async ({ page }) => {
  await page.goto("/p/golden-path/settings");
  await page.getByRole("navigation", { name: "Settings" }).getByRole("link", { name: "Teams" }).click();
  await expect(page).toHaveURL(/\/p\/golden-path\/settings\/teams$/);
  await expect(page.getByTestId("teams-list")).toContainText("Team A · Infrastructure");
  await expect(page.getByTestId("category-rules")).toContainText("Infrastructure");
  await expect(page.getByTestId("ownership-precedence")).toContainText("A team assigned by hand on the failure group always wins");

  await page.getByLabel("Team name").fill("Team E · Agents");
  await page.getByRole("button", { name: "Add team" }).click();
  await expect(page.getByTestId("teams-list")).toContainText("Team E · Agents");

  const form = page.getByTestId("new-ownership-rule");
  await form.getByLabel("Kind").selectOption("path");
  await form.getByLabel("Pattern").fill("/tests/integration/test_agent_pipeline.py");
  await form.getByLabel("Team").selectOption({ label: "Team E · Agents" });
  await form.getByRole("button", { name: "Add rule" }).click();

  const pathRules = page.getByTestId("path-rules");
  await expect(pathRules).toContainText("/tests/integration/test_agent_pipeline.py");
  await expect(pathRules.getByRole("listitem").filter({ hasText: "test_agent_pipeline.py" })).toContainText("Team E · Agents");
  await expect(page.getByTestId("ownership-job")).toContainText("done", { timeout: 30_000 });
});
