import { expect, test } from "@playwright/test";

// Runs after onboarding, which loaded the demo project "golden-path".
test("a project rule is tried against recent failures, saved, and reclassifies open failures in the background", async ({ page }) => {
  await page.goto("/p/golden-path/settings/rules");
  await page.getByRole("button", { name: "New rule" }).click();
  await page.getByLabel("Name", { exact: true }).fill("auth_service.config is a packaging gap");
  await page.getByLabel("Category").selectOption("other");
  await page.getByLabel("Message (regex)").fill("No module named 'auth_service\\.config'");

  await page.getByRole("button", { name: "Try against recent failures" }).click();
  await expect(page.getByText(/the rule matches 1, saving it would change 1\./)).toBeVisible();

  await page.getByRole("button", { name: "Save rule" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Reclassifying open failures" })).toContainText("done", { timeout: 30_000 });
  await expect(page.getByText("auth_service.config is a packaging gap")).toBeVisible();

  await page.goto("/p/golden-path/triage?category=other");
  await expect(page.getByText("No module named 'auth_service.config'").first()).toBeVisible();
});
