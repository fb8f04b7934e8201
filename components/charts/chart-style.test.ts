import { describe, expect, test } from "vitest";
import { runAtIndex } from "./chart-style";

const data = [{ runId: "a" }, { runId: "b" }];

describe("runAtIndex (a chart click → its run)", () => {
  test.each([
    [0, "a"],
    ["1", "b"],
    [2, undefined],
    [null, undefined],
    [undefined, undefined],
    ["", undefined],
    ["x", undefined],
    [0.5, undefined],
  ])("active index %j → %j", (index, runId) => {
    expect(runAtIndex(data, index)).toBe(runId);
  });
});
