import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, test } from "vitest";
import { resetEnv } from "@/lib/env.mjs";
import { openDatabase } from "./connection";

describe("the embedded database", () => {
  const dirs: string[] = [];
  afterEach(() => {
    delete process.env.GREENBOARD_EMBEDDED_SHARED_BUFFERS_MB;
    resetEnv();
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  test.each([
    [undefined, "128MB"],
    ["16", "16MB"],
  ])("GREENBOARD_EMBEDDED_SHARED_BUFFERS_MB=%s gives it shared_buffers %s", async (value, expected) => {
    if (value !== undefined) process.env.GREENBOARD_EMBEDDED_SHARED_BUFFERS_MB = value;
    resetEnv();
    const dir = mkdtempSync(path.join(tmpdir(), "greenboard-buffers-"));
    dirs.push(dir);
    const db = await openDatabase({ kind: "pglite", dataDir: dir }, { holder: "adapters.test" });
    try {
      const show = async (setting: string) => (await db.sql.query<Record<string, string>>(`SHOW ${setting}`))[0]?.[setting];
      expect(await show("shared_buffers")).toBe(expected);
      expect(await show("random_page_cost")).toBe("1.1");
    } finally {
      await db.close();
    }
  });
});
