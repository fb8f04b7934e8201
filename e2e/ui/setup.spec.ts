import { expect, test } from "@playwright/test";
import { ADMIN_EMAIL, ADMIN_PASSWORD } from "../fixtures/accounts";

// A fresh install: nobody can see anything until the first account exists, and that account is
// the instance admin. Its signed-in state is what the other projects of this run use.
test.describe.configure({ mode: "serial" });

test("a fresh install sends everyone to setup, and the first account becomes the instance admin", async ({ page }) => {
  await page.goto("/");
  await expect(page).toHaveURL(/\/setup$/);
  await expect(page.getByRole("heading", { name: "Welcome to Greenboard" })).toBeVisible();
  // The API is closed too.
  expect((await page.request.get("/api/v1/projects")).status()).toBe(401);

  await page.getByLabel("Name").fill("Ada Admin");
  await page.getByLabel("E-mail").fill(ADMIN_EMAIL);
  await page.getByLabel("Password (10 characters or more)").fill(ADMIN_PASSWORD);
  await page.getByLabel("Password again").fill("not the same password");
  await page.getByRole("button", { name: "Create admin account" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "passwords" })).toHaveText("The passwords differ.");

  await page.getByLabel("Password again").fill(ADMIN_PASSWORD);
  await page.getByRole("button", { name: "Create admin account" }).click();
  await expect(page).toHaveURL(/\/onboarding$/);
  await expect(page.getByRole("heading", { name: "Get your test suite to green" })).toBeVisible();
  expect((await page.request.get("/api/v1/projects")).status()).toBe(200);

  // The session cookie is http-only and SameSite=Lax.
  const session = (await page.context().cookies()).find((c) => c.name.endsWith("session_token"));
  expect(session).toMatchObject({ httpOnly: true, sameSite: "Lax" });
  await page.context().storageState({ path: "e2e/.auth/admin.json" });
});

test("setup happens once; afterwards it is sign-in, with wrong passwords refused", async ({ page }) => {
  await page.goto("/setup");
  await expect(page).toHaveURL(/\/login$/);
  await page.getByLabel("E-mail").fill(ADMIN_EMAIL);
  await page.getByLabel("Password").fill("a wrong password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "match" })).toContainText("do not match");
  await page.getByLabel("Password").fill(ADMIN_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/onboarding$/);
});
