import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, test } from "vitest";
import { resetEnv } from "@/lib/env.mjs";
import { openPglite } from "./adapters";

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
    const db = await openPglite(dir);
    try {
      expect((await db.query<{ shared_buffers: string }>("SHOW shared_buffers")).rows[0]?.shared_buffers).toBe(expected);
      expect((await db.query<{ random_page_cost: string }>("SHOW random_page_cost")).rows[0]?.random_page_cost).toBe("1.1");
    } finally {
      await db.close();
    }
  });
});
