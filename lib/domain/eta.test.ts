import { describe, expect, test } from "vitest";
import { projectEta } from "./eta";

const DAY = 86_400_000;
const series = (rates: number[]) => rates.map((passRate, i) => ({ at: Date.UTC(2026, 0, 1) + i * DAY, passRate }));

describe("projectEta", () => {
  test.each([
    ["no runs", [], { kind: "insufficient-data" }],
    ["one run below target", [0.5], { kind: "insufficient-data" }],
    ["already at target", [0.4, 1], { kind: "reached" }],
    ["flat", [0.5, 0.5, 0.5], { kind: "not-converging", slopePerDay: 0 }],
  ])("%s", (_label, rates, expected) => {
    expect(projectEta(series(rates), 1)).toEqual(expected);
  });

  test("falling pass rate is not converging", () => {
    expect(projectEta(series([0.8, 0.7, 0.6]), 1).kind).toBe("not-converging");
  });

  test("a steady climb of 10 points a day from 20 % reaches 100 % on day 8", () => {
    const projection = projectEta(series([0.2, 0.3, 0.4, 0.5]), 1);
    expect(projection.kind).toBe("eta");
    if (projection.kind !== "eta") return;
    expect(projection.slopePerDay).toBeCloseTo(0.1);
    expect(projection.date).toBe(new Date(Date.UTC(2026, 0, 9)).toISOString());
  });

  test("only the last 10 runs count", () => {
    const old = Array.from({ length: 20 }, () => 0.9);
    const projection = projectEta(series([...old, ...[0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.85, 0.9]]), 1);
    expect(projection.kind).toBe("eta");
  });
});
