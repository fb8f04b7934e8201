import { describe, expect, it } from "vitest";
import { copyText } from "@/lib/db/pg-copy";
import { copyLine } from "./store-file";
import type { StageRow } from "./stage-file";

// The generic encoding copyLine replaced: every value through copyText, tab-separated.
const generic = (row: StageRow) => `${row.map(copyText).join("\t")}\n`;

describe("copyLine", () => {
  const passed: StageRow = [0, "suite::a test", "a test", "com.acme.A", "suite", "src/a.test.ts", "passed", 0, 12.5, null, null, null, false, false, 1, null, null, null, null, false, "0000000000000001abcdef"];
  const failing: StageRow = [
    41, "k\\with\ttab", "name\nline", null, null, null, "error", 3, null, "Error", "boom\r\nat line 2\\", "trace\tline\n\tat x", true, true, 3,
    "infrastructure", "rule\twith tab", "0123456789abcdef0123456789abcdef", "Redis\ndown", true, null,
  ];

  it("writes what copyText writes for each value, tab-separated, one line", () => {
    for (const row of [passed, failing]) expect(copyLine(row)).toBe(generic(row));
  });

  it("escapes every backslash, tab and line break from the report, so the line has exactly 21 fields", () => {
    const line = copyLine(failing);
    expect(line.endsWith("\n")).toBe(true);
    expect(line.slice(0, -1).split("\t")).toHaveLength(21);
    expect(line.slice(0, -1)).not.toMatch(/[\n\r]/);
    expect(line).toContain("k\\\\with\\ttab");
    expect(line).toContain("boom\\r\\nat line 2\\\\");
  });

  it("writes a duration that is not a finite number as NULL", () => {
    for (const duration of [Number.NaN, Number.POSITIVE_INFINITY]) {
      const row = [...passed] as StageRow;
      row[8] = duration;
      expect(copyLine(row).split("\t")[8]).toBe("\\N");
    }
  });
});
