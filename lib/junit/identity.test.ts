import { describe, expect, test } from "vitest";
import { buildTestKey, deriveFileFromDottedName, normaliseWhitespace, resolveTestFile } from "./identity";

describe("normaliseWhitespace", () => {
  test.each([
    ["a  b", "a b"],
    ["  a\tb\n c  ", "a b c"],
    ["test_x[param-1]", "test_x[param-1]"],
    ["", ""],
  ])("%j → %j", (input, expected) => {
    expect(normaliseWhitespace(input)).toBe(expected);
  });
});

describe("deriveFileFromDottedName", () => {
  test.each([
    ["tests.test_x.TestY", "tests/test_x.py"],
    ["tests.test_x", "tests/test_x.py"],
    ["test.test_spark.SparkTests", "test/test_spark.py"],
    ["pkg.sub.foo_test.TestFoo", "pkg/sub/foo_test.py"],
    ["test_pkg.test_mod.TestC", "test_pkg/test_mod.py"],
    ["com.example.FooTest", null],
    ["org.acme.billing.InvoiceServiceIT", null],
    ["github.com/acme/repo/pkg", null],
    ["", null],
  ])("%j → %j", (input, expected) => {
    expect(deriveFileFromDottedName(input)).toBe(expected);
  });
});

describe("resolveTestFile", () => {
  test.each([
    ["file attribute wins", { fileAttribute: "tests/test_a.py", classname: "x.test_b", name: "t", suiteFile: "s.py" }, "tests/test_a.py"],
    ["pytest dotted classname", { fileAttribute: null, classname: "tests.test_a.TestA", name: "t", suiteFile: null }, "tests/test_a.py"],
    ["path-like classname (vitest)", { fileAttribute: null, classname: "src/math.test.ts", name: "adds", suiteFile: null }, "src/math.test.ts"],
    ["Java classname gives suite file", { fileAttribute: null, classname: "com.acme.FooTest", name: "t", suiteFile: "/src/FooTest.php" }, "/src/FooTest.php"],
    ["Java classname alone gives null", { fileAttribute: null, classname: "com.acme.FooTest", name: "t", suiteFile: null }, null],
    ["pytest collection error", { fileAttribute: null, classname: "", name: "tests.test_broken", suiteFile: null }, "tests/test_broken.py"],
    ["nothing", { fileAttribute: null, classname: null, name: "t", suiteFile: null }, null],
  ])("%s", (_label, sources, expected) => {
    expect(resolveTestFile(sources)).toBe(expected);
  });
});

describe("buildTestKey", () => {
  test.each([
    ["classname wins", "tests.test_x.TestY", "tests/test_x.py", "pytest", "test_a[param-1]", "tests.test_x.TestY::test_a[param-1]"],
    ["file when no classname", null, "tests/test_x.py", "pytest", "tests.test_x", "tests/test_x.py::tests.test_x"],
    ["empty classname is no classname", "  ", null, "suite A", "t", "suite A::t"],
    ["suite when neither", null, null, "My  Suite", "does\n  things", "My Suite::does things"],
    ["nothing at all", null, null, null, "t", "::t"],
  ])("%s", (_label, classname, file, suite, name, expected) => {
    expect(buildTestKey(classname, file, suite, name)).toBe(expected);
  });
});
