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

  // One database (each new one runs initdb, ~7 s here); the default, 128, is env.test.ts's.
  test("GREENBOARD_EMBEDDED_SHARED_BUFFERS_MB sets its shared_buffers; random_page_cost is 1.1", async () => {
    process.env.GREENBOARD_EMBEDDED_SHARED_BUFFERS_MB = "16";
    resetEnv();
    const dir = mkdtempSync(path.join(tmpdir(), "greenboard-buffers-"));
    dirs.push(dir);
    const db = await openDatabase({ kind: "pglite", dataDir: dir }, { holder: "adapters.test" });
    try {
      const show = async (setting: string) => (await db.sql.query<Record<string, string>>(`SHOW ${setting}`))[0]?.[setting];
      expect(await show("shared_buffers")).toBe("16MB");
      expect(await show("random_page_cost")).toBe("1.1");
    } finally {
      await db.close();
    }
  });
});
