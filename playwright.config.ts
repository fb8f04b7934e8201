import { defineConfig, devices } from "@playwright/test";

// e2e runs against a production build (`npm run test:e2e` builds first) on a fresh embedded
// database, with Debian's Chromium: Playwright cannot download browsers on this network.
const port = Number(process.env.E2E_PORT ?? 3210);
const dataDir = process.env.E2E_DATA_DIR ?? `.data/e2e-${Date.now()}`;

/** The instance admin's signed-in browser state, written by e2e/ui/setup.spec.ts. */
export const ADMIN_STATE = "e2e/.auth/admin.json";

const chromium = {
  ...devices["Desktop Chrome"],
  launchOptions: {
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
  },
};

export default defineConfig({
  testDir: "e2e",
  timeout: 60_000,
  fullyParallel: false,
  workers: 1,
  reporter: process.env.CI ? [["list"]] : [["list"], ["html", { open: "never" }]],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
  },
  // A fresh install first: setup creates the instance admin (and saves its session), onboarding
  // creates projects and the demo as that admin; everything else depends on both.
  projects: [
    { name: "setup", testMatch: "ui/setup.spec.ts", use: chromium },
    { name: "onboarding", testMatch: "ui/onboarding.spec.ts", dependencies: ["setup"], use: { ...chromium, storageState: ADMIN_STATE } },
    { name: "chromium", testIgnore: ["ui/setup.spec.ts", "ui/onboarding.spec.ts", "postgres/**"], dependencies: ["onboarding"], use: { ...chromium, storageState: ADMIN_STATE } },
    // Its own server on PostgreSQL (E2E_POSTGRES_URL, default the local one), on port E2E_PORT + 1.
    { name: "postgres", testMatch: "postgres/*.spec.ts", use: chromium },
  ],
  webServer: {
    // Migrates the fresh data directory, then serves the build `npm run test:e2e` just made.
    command: `npx tsx scripts/db-migrate.ts && npx next start -p ${port}`,
    url: `http://127.0.0.1:${port}/api/v1/health`,
    env: { DATABASE_URL: `pglite:${dataDir}`, REDIS_URL: "" },
    timeout: 120_000,
    reuseExistingServer: false,
    stdout: "pipe",
  },
});
