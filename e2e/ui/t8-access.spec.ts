import { expect, test } from "@playwright/test";

// Roles in the browser: an admin invites a viewer with a link (no e-mail server), the viewer signs
// up through it and can read but not triage — the UI shows no controls and the API says 403.
test.describe.configure({ mode: "serial" });

const VIEWER = { name: "Vera Viewer", email: "vera@greenboard.test", password: "read only, thank you" };

test("an admin's invite link makes a viewer who reads but cannot change a status", async ({ page, browser, baseURL }) => {
  await page.goto("/p/golden-path/settings/members");
  await page.getByLabel("For e-mail (optional)").fill(VIEWER.email);
  await page.getByLabel("Invite role").selectOption("viewer");
  await page.getByRole("button", { name: "Create invite link" }).click();
  const link = (await page.getByTestId("invite-link").textContent()) ?? "";
  expect(link).toMatch(/\/invite\/[A-Za-z0-9_-]{20,}$/);

  const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const viewer = await context.newPage();
  // Signed out, the project is not readable.
  await viewer.goto("/p/golden-path");
  await expect(viewer).toHaveURL(/\/login\?next=%2Fp%2Fgolden-path$/);
  expect((await viewer.request.get("/api/v1/projects/golden-path/overview")).status()).toBe(401);

  await viewer.goto(link);
  await expect(viewer.getByText("You are invited as viewer of Golden Path integration suite.")).toBeVisible();
  await expect(viewer.getByLabel("E-mail")).toHaveValue(VIEWER.email);
  await viewer.getByLabel("Name").fill(VIEWER.name);
  await viewer.getByLabel("Password (10 characters or more)").fill(VIEWER.password);
  await viewer.getByLabel("Password again").fill(VIEWER.password);
  await viewer.getByRole("button", { name: "Create account" }).click();
  await expect(viewer).toHaveURL(/\/p\/golden-path$/);
  await expect(viewer.getByTestId("project-role")).toHaveText("viewer");
  // No settings or upload for a viewer.
  const nav = viewer.getByRole("navigation", { name: "Project" });
  await expect(nav.getByRole("link", { name: "Triage" })).toBeVisible();
  await expect(nav.getByRole("link", { name: "Settings" })).toHaveCount(0);
  await expect(nav.getByRole("link", { name: "Upload" })).toHaveCount(0);

  await viewer.goto("/p/golden-path/triage");
  const firstGroup = viewer.getByTestId("group-row").first().getByRole("link").first();
  await firstGroup.click();
  await expect(viewer).toHaveURL(/\/p\/golden-path\/triage\/[^/?]+/);
  await expect(viewer.getByTestId("group-readonly")).toBeVisible();
  await expect(viewer.getByTestId("group-status")).toHaveCount(0);
  const groupId = new URL(viewer.url()).pathname.split("/").pop() as string;

  // The API refuses the same change, from the viewer's own signed-in page.
  const patch = await viewer.request.patch(`/api/v1/projects/golden-path/groups/${groupId}`, {
    headers: { origin: baseURL as string, "content-type": "application/json" },
    data: { status: "fixed" },
  });
  expect(patch.status()).toBe(403);
  expect((await patch.json()).code).toBe("forbidden");
  await viewer.goto("/p/golden-path/settings");
  await expect(viewer).toHaveURL(/\/no-access\?project=golden-path&needed=admin$/);

  // The admin sees the new member and the audit trail names who invited whom.
  await page.reload();
  await expect(page.getByTestId("members")).toContainText(VIEWER.email);

  // The invite worked once.
  await viewer.goto(link);
  await expect(viewer.getByRole("heading", { name: "This invite link does not work" })).toBeVisible();

  await viewer.goto("/p/golden-path");
  await viewer.getByRole("button", { name: "Sign out" }).click();
  await expect(viewer).toHaveURL(/\/login$/);
  await context.close();
});
