import { describe, expect, test } from "vitest";
import { copyText, sqlLiteral } from "./pg-copy";

describe("COPY text and SQL literals", () => {
  test("copyText escapes backslash, tab and line breaks, and nothing else", () => {
    expect(copyText("plain text, with 'quotes' and \"double\" ones")).toBe("plain text, with 'quotes' and \"double\" ones");
    expect(copyText("a\\b\tc\nd\re")).toBe("a\\\\b\\tc\\nd\\re");
    expect(copyText("\\\\")).toBe("\\\\\\\\");
    expect(copyText("")).toBe("");
    // One value after another with the same expressions: no state carried over between calls.
    expect([copyText("x\ty"), copyText("xy"), copyText("x\ny")]).toEqual(["x\\ty", "xy", "x\\ny"]);
  });

  test("copyText writes null, booleans and numbers as COPY reads them", () => {
    expect([copyText(null), copyText(undefined), copyText(true), copyText(false), copyText(1.5), copyText(Number.NaN), copyText(Infinity)]).toEqual([
      "\\N",
      "\\N",
      "t",
      "f",
      "1.5",
      "\\N",
      "\\N",
    ]);
  });

  test("sqlLiteral quotes strings, escapes backslashes and refuses NUL", () => {
    expect(sqlLiteral("it's")).toBe("'it''s'");
    expect(sqlLiteral("a\\b")).toBe("E'a\\\\b'");
    expect(sqlLiteral(new Date("2026-01-02T03:04:05.000Z"))).toBe("'2026-01-02T03:04:05.000Z'");
    expect(() => sqlLiteral("a\0b")).toThrow(/NUL/);
  });
});
