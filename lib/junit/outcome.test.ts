import { describe, expect, test } from "vitest";
import { isSkipStatusWord, parseCount, parseDurationMs } from "./outcome";

describe("parseDurationMs", () => {
  test.each([
    ["1.5", 1500],
    ["0", 0],
    ["0.001", 1],
    [".5", 500],
    ["5.", 5000],
    [".", null],
    ["123456.789012345", 123456789.012],
    ["1234567890123456", 1234567890123456000],
    ["1e-3", 1],
    ["2.5E+1", 25000],
    ["1,234", 1234],
    ["0,014", 14],
    ["1,234.5", 1234500],
    [" 3 ", 3000],
    ["-1", null],
    ["-0.5", null],
    ["", null],
    ["abc", null],
    ["Infinity", null],
    [undefined, null],
  ])("%j → %j", (raw, expected) => {
    expect(parseDurationMs(raw)).toBe(expected);
  });
});

describe("isSkipStatusWord", () => {
  test.each([
    ["disabled", true],
    ["Skipped", true],
    ["IGNORED", true],
    ["notrun", true],
    ["Not Run", true],
    ["NotExecuted", true],
    ["NotRunnable", true],
    ["Inconclusive", true],
    ["Pending", true],
    ["Explicit", true],
    ["passed", false],
    ["Failed", false],
    ["run", false],
    ["Error", false],
    ["Timeout", false],
    ["", false],
    [undefined, false],
  ])("%j → %j", (word, expected) => {
    expect(isSkipStatusWord(word)).toBe(expected);
  });
});

describe("parseCount", () => {
  test.each([
    ["5", 5],
    ["", null],
    [" 7 ", 7],
    ["x", null],
    [undefined, null],
  ])("%j → %j", (raw, expected) => {
    expect(parseCount(raw)).toBe(expected);
  });
});
