import { describe, expect, test } from "vitest";
import { csvCell, csvLine, csvResponse } from "./csv";
import { badgeColor, formatBadgeRate, passRateBadge } from "./badge";

describe("csvCell", () => {
  test.each([
    [null, ""],
    [undefined, ""],
    [12, "12"],
    [0.5, "0.5"],
    [true, "true"],
    ["plain", "plain"],
    ["a,b", '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ["two\nlines", '"two\nlines"'],
    ["=HYPERLINK(1)", "'=HYPERLINK(1)"],
    ["-1+2", "'-1+2"],
    ["@cmd", "'@cmd"],
  ])("%j → %s", (value, expected) => {
    expect(csvCell(value)).toBe(expected);
  });

  test("a line ends in CRLF", () => {
    expect(csvLine(["a", 1, null])).toBe("a,1,\r\n");
  });

  test("a response streams the header and then each row", async () => {
    async function* rows() {
      yield ["x", 1];
      yield ["y", 2];
    }
    const response = csvResponse("f.csv", ["name", "n"], rows());
    expect(await response.text()).toBe("name,n\r\nx,1\r\ny,2\r\n");
  });
});

describe("pass-rate badge", () => {
  test.each([
    [1, "#4c1"],
    [0.95, "#97ca00"],
    [0.8, "#a4a61d"],
    [0.6, "#dfb317"],
    [0.3, "#fe7d37"],
    [0.2, "#e05d44"],
    [null, "#9f9f9f"],
  ])("pass rate %s is %s", (rate, color) => {
    expect(badgeColor(rate)).toBe(color);
  });

  test("the rate is rounded down to one decimal", () => {
    expect(formatBadgeRate(0.8526)).toBe("85.2 %");
    expect(formatBadgeRate(0.99999)).toBe("99.9 %");
    expect(formatBadgeRate(null)).toBe("n/a");
  });

  test("a below-target rate of 100 % of a lower target is brightgreen", () => {
    expect(badgeColor(0.9, 0.9)).toBe("#4c1");
  });

  test("the SVG names label and value", () => {
    const svg = passRateBadge(0.852);
    expect(svg).toContain("<title>tests: 85.2 %</title>");
    expect(svg).toContain('fill="#a4a61d"');
  });
});
