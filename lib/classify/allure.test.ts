import { describe, expect, test } from "vitest";
import { exportAllureCategories, importAllureCategories, parseAllureCategories } from "./allure";
import { DEFAULT_RULES } from "./default-rules";
import { ClassifyError } from "./errors";
import { classifyResult, compileRules } from "./rules";
import type { ClassifiableResult, RuleDefinition } from "./types";

// The shape of Allure's documented example categories.json.
const ALLURE_EXAMPLE = JSON.stringify([
  { name: "Ignored tests", matchedStatuses: ["skipped"] },
  { name: "Infrastructure problems", matchedStatuses: ["broken", "failed"], messageRegex: ".*bye-bye.*" },
  { name: "Outdated tests", matchedStatuses: ["broken"], traceRegex: ".*FileNotFoundException.*" },
  { name: "Product defects", matchedStatuses: ["failed"] },
  { name: "Test defects", matchedStatuses: ["broken"] },
]);

function result(overrides: Partial<ClassifiableResult>): ClassifiableResult {
  return { status: "failed", type: null, message: null, trace: null, file: null, name: "t", classname: null, ...overrides };
}

describe("importAllureCategories", () => {
  const rules = importAllureCategories(ALLURE_EXAMPLE, {
    "Infrastructure problems": "infrastructure",
    "Outdated tests": "fixture",
    "Product defects": "assertion",
  });
  const rulebook = compileRules(rules);

  test("maps statuses and categories, defaulting to other", () => {
    expect(rules.map((r) => [r.id, r.category, r.statuses])).toEqual([
      ["allure:ignored-tests", "other", ["skipped"]],
      ["allure:infrastructure-problems", "infrastructure", ["error", "failed"]],
      ["allure:outdated-tests", "fixture", ["error"]],
      ["allure:product-defects", "assertion", ["failed"]],
      ["allure:test-defects", "other", ["error"]],
    ]);
  });

  test("regexes match the whole text with DOTALL, case-sensitively", () => {
    expect(classifyResult(result({ message: "server said\nbye-bye\nthen closed" }), rulebook).ruleId).toBe("allure:infrastructure-problems");
    expect(classifyResult(result({ message: "BYE-BYE" }), rulebook).ruleId).toBe("allure:product-defects");
    const wholeOnly = compileRules(importAllureCategories([{ name: "exact", messageRegex: "timeout" }]));
    expect(classifyResult(result({ message: "timeout" }), wholeOnly).ruleId).toBe("allure:exact");
    expect(classifyResult(result({ message: "a timeout here" }), wholeOnly).ruleId).toBe("default:unmatched");
  });

  test("Java inline flags become RegExp flags", () => {
    const rulebook = compileRules(importAllureCategories([{ name: "ci", messageRegex: "(?i).*connection refused.*" }]));
    expect(classifyResult(result({ message: "Connection Refused" }), rulebook).ruleId).toBe("allure:ci");
  });

  test("repeated names get distinct ids", () => {
    const ids = importAllureCategories([{ name: "A" }, { name: "a" }]).map((r) => r.id);
    expect(ids).toEqual(["allure:a", "allure:a-2"]);
  });

  test.each([
    ["not json", "{", /not valid JSON/],
    ["not an array", { name: "x" }, /not an array of Allure categories/],
    ["missing name", [{ messageRegex: ".*" }], /at 0\.name/],
    ["unknown status", [{ name: "x", matchedStatuses: ["exploded"] }], /at 0\.matchedStatuses\.0/],
    ["bad regex", [{ name: "x", messageRegex: "(" }], /Category "x": messageRegex is not a valid regular expression/],
    ["unsupported flag", [{ name: "x", messageRegex: "(?u).*" }], /unsupported inline flag/],
  ])("rejects %s with a typed error", (_title, input, message) => {
    let thrown: unknown;
    try {
      importAllureCategories(input);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ClassifyError);
    expect((thrown as ClassifyError).code).toBe("invalid-allure-categories");
    expect((thrown as ClassifyError).message).toMatch(message);
  });
});

describe("exportAllureCategories", () => {
  test("wraps contains-patterns so Allure's whole-string match keeps their meaning", () => {
    const { categories } = exportAllureCategories([
      { id: "p:redis", name: "Redis down", category: "infrastructure", statuses: ["failed", "error"], message: "ECONNREFUSED" },
    ]);
    expect(categories).toEqual([
      { name: "Redis down", messageRegex: "(?i)(?s:.*)(?:ECONNREFUSED)(?s:.*)", matchedStatuses: ["failed", "broken"] },
    ]);
  });

  test("leaves out what Allure cannot express and says why", () => {
    const { omitted } = exportAllureCategories(DEFAULT_RULES);
    expect(omitted).toContainEqual({ ruleId: "default:missing-test", reason: "Allure has no status for missing tests" });
    expect(omitted).toContainEqual({ ruleId: "default:hook-test-name", reason: "Allure cannot match on testName" });
  });

  test("Allure → rules → Allure gives the file back", () => {
    const parsed = parseAllureCategories(ALLURE_EXAMPLE);
    const rules = importAllureCategories(parsed);
    const { categories, omitted } = exportAllureCategories(rules);
    expect(omitted).toEqual([]);
    expect(categories).toEqual(parsed);
  });

  test("rules → Allure → rules classifies the same way (default rulebook)", () => {
    const { categories } = exportAllureCategories(DEFAULT_RULES);
    const names = Object.fromEntries(DEFAULT_RULES.map((r) => [r.name, r.category]));
    const roundTripped = compileRules(importAllureCategories(JSON.stringify(categories), names));
    const exportable = compileRules(DEFAULT_RULES.filter((r) => !exportAllureCategories([r]).omitted.length));
    const samples: Partial<ClassifiableResult>[] = [
      { message: "Error: connect ECONNREFUSED 127.0.0.1:6379" },
      { message: "AttributeError: Mock object has no attribute 'accept'" },
      { message: "ImportError: cannot import name 'User' from 'auth.models'" },
      { status: "error", message: "failed on setup with \"file t.py, line 3\nE       fixture 'x' not found\"" },
      { message: "Your test suite must contain at least one test." },
      { message: "AssertionError: expected 4 to be 5" },
      { message: "ValueError: nope" },
      { message: "collection failure", trace: "E   ModuleNotFoundError: No module named 'x'" },
    ];
    for (const sample of samples) {
      const input = result(sample);
      expect(classifyResult(input, roundTripped).category).toBe(classifyResult(input, exportable).category);
    }
  });

  test("a rule set with an invalid pattern cannot be imported back silently", () => {
    const broken: RuleDefinition = { id: "x", name: "x", category: "other", message: "(" };
    const { categories } = exportAllureCategories([broken]);
    expect(() => importAllureCategories(categories)).toThrow(ClassifyError);
  });
});
