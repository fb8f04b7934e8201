// Producers the shared corpus lacks, as fixtures shaped like each tool's real output.
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, test } from "vitest";
import { mergeAttempts } from "./attempts";
import { parseJUnitFile } from "./parse";

const fixtures = fileURLToPath(new URL("./fixtures/", import.meta.url));
const load = (name: string) => parseJUnitFile(path.join(fixtures, name));

describe("dialect fixtures: counts", () => {
  test.each([
    // file, tests, passed, failed, errors, skipped, flaky, suites
    ["surefire-rerun.xml", 4, 2, 1, 0, 1, 1, 1],
    ["pytest-xunit1.xml", 6, 2, 1, 1, 2, 0, 1],
    ["pytest-xunit2.xml", 6, 2, 1, 1, 2, 0, 1],
    ["go-junit-report.xml", 4, 2, 1, 0, 1, 0, 2],
    ["gotestsum.xml", 4, 2, 2, 0, 0, 0, 1],
    ["vitest.xml", 3, 1, 1, 0, 1, 0, 1],
    ["phpunit-nested.xml", 3, 2, 1, 0, 0, 0, 4],
    ["ctest.xml", 3, 1, 1, 0, 1, 0, 1],
    ["nextest.xml", 3, 2, 1, 0, 0, 1, 1],
    ["googletest.xml", 3, 1, 1, 0, 1, 0, 1],
    ["robot-xunit.xml", 3, 1, 1, 0, 1, 0, 1],
  ])("%s", async (file, tests, passed, failed, errors, skipped, flaky, suites) => {
    const { summary } = await load(file);
    expect(summary).toMatchObject({ tests, passed, failed, errors, skipped, flaky, suites });
    expect(summary.warnings.filter((w) => w.code === "declared-totals-mismatch")).toEqual([]);
  });
});

describe("dialect fixtures: identity and details", () => {
  test("pytest keys are the same under xunit1 and xunit2, and so are files", async () => {
    const [one, two] = await Promise.all([load("pytest-xunit1.xml"), load("pytest-xunit2.xml")]);
    expect(two.cases.map((c) => c.key)).toEqual(one.cases.map((c) => c.key));
    expect(two.cases.map((c) => c.file)).toEqual(one.cases.map((c) => c.file));
    expect(one.cases.map((c) => [c.key, c.file, c.status])).toEqual([
      ["tests/test_broken.py::tests.test_broken", "tests/test_broken.py", "error"],
      ["tests.test_cart.TestCart::test_add[qty-1]", "tests/test_cart.py", "passed"],
      ["tests.test_cart.TestCart::test_add[qty-2]", "tests/test_cart.py", "failed"],
      ["tests.test_cart.TestCart::test_remove", "tests/test_cart.py", "skipped"],
      ["tests.test_cart::test_module_level", "tests/test_cart.py", "skipped"],
      ["tests.test_cart::test_total", "tests/test_cart.py", "passed"],
    ]);
    expect(one.cases[3]).toMatchObject({ type: "pytest.xfail", message: "bug #812: remove is not idempotent" });
    expect(one.cases[0]?.trace).toContain("ModuleNotFoundError: No module named 'redis'");
  });

  test("Surefire flakyFailure passes as flaky; rerunFailure stays failed with its attempts", async () => {
    const { cases, suites } = await load("surefire-rerun.xml");
    const flaky = cases.find((c) => c.name === "retriesOnTimeout");
    expect(flaky).toMatchObject({ status: "passed", flaky: true, message: null });
    expect(flaky?.attempts).toEqual([
      expect.objectContaining({ kind: "flakyFailure", status: "failed", type: "org.opentest4j.AssertionFailedError", message: "expected: <200> but was: <503>" }),
    ]);
    expect(flaky?.attempts?.[0]?.trace).toContain("PaymentServiceTest.java:57");
    const rerun = cases.find((c) => c.name === "refundsPartially");
    expect(rerun).toMatchObject({ status: "failed", flaky: false, type: "java.net.ConnectException", message: "Connection refused" });
    expect(rerun?.attempts?.map((a) => [a.kind, a.trace])).toEqual([
      ["rerunFailure", "java.net.ConnectException: Connection refused (rerun 1)"],
      ["rerunFailure", "java.net.ConnectException: Connection refused (rerun 2)"],
    ]);
    expect(mergeAttempts(cases).find((c) => c.name === "refundsPartially")?.attemptCount).toBe(3);
    expect(cases.map((c) => c.file)).toEqual([null, null, null, null]);
    expect(suites[0]?.properties).toContainEqual({ name: "surefire.rerunFailingTestsCount", value: "2" });
  });

  test("gotestsum reruns: repeated elements merge to flaky, the raw parse keeps both", async () => {
    const { cases } = await load("gotestsum.xml");
    expect(cases.filter((c) => c.name === "TestConnect").map((c) => c.status)).toEqual(["failed", "passed"]);
    const merged = mergeAttempts(cases);
    expect(merged.map((c) => [c.key, c.status, c.flaky, c.attemptCount])).toEqual([
      ["github.com/acme/shop/store::TestSave", "passed", false, 1],
      ["github.com/acme/shop/store::TestConnect", "passed", true, 2],
      ["github.com/acme/shop/store::TestMain", "failed", false, 1],
    ]);
    expect(cases[1]?.trace).toContain("connect: connection refused");
  });

  test("go-junit-report: subtests keep their path, package is the classname, no file", async () => {
    const { cases } = await load("go-junit-report.xml");
    expect(cases.map((c) => c.key)).toContain("github.com/acme/shop/cart::TestAdd/negative_quantity");
    expect(cases.every((c) => c.file === null)).toBe(true);
  });

  test("vitest: the classname is the file", async () => {
    const { cases } = await load("vitest.xml");
    expect(cases.map((c) => [c.key, c.file])).toEqual([
      ["src/math.test.ts::math > adds", "src/math.test.ts"],
      ["src/math.test.ts::math > divides by zero", "src/math.test.ts"],
      ["src/math.test.ts::math > todo: rounds", "src/math.test.ts"],
    ]);
  });

  test("PHPUnit: data sets nest a suite; file comes from the testcase", async () => {
    const { cases } = await load("phpunit-nested.xml");
    expect(cases.map((c) => [c.suite, c.key, c.file])).toEqual([
      ["Tests\\Unit\\CartTest", "Tests.Unit.CartTest::testTotal", "/app/tests/Unit/CartTest.php"],
      ["Tests\\Unit\\CartTest::testAdd", "Tests.Unit.CartTest::testAdd with data set #0", "/app/tests/Unit/CartTest.php"],
      ["Tests\\Unit\\CartTest::testAdd", "Tests.Unit.CartTest::testAdd with data set #1", "/app/tests/Unit/CartTest.php"],
    ]);
  });

  test("GoogleTest: status=notrun is skipped; file and line are kept", async () => {
    const { cases } = await load("googletest.xml");
    expect(cases.map((c) => [c.name, c.status, c.file, c.line])).toEqual([
      ["Adds", "passed", "/src/cart_test.cc", 10],
      ["Totals", "failed", "/src/cart_test.cc", 20],
      ["DISABLED_Slow", "skipped", "/src/cart_test.cc", 30],
    ]);
  });

  test("cargo-nextest: flakyFailure passes as flaky, rerunFailure keeps the failure", async () => {
    const { cases } = await load("nextest.xml");
    expect(cases.map((c) => [c.key, c.status, c.flaky, c.attempts?.length ?? 0])).toEqual([
      ["shop::cart::tests::adds_items", "passed", false, 0],
      ["shop::cart::tests::flaky_network", "passed", true, 1],
      ["shop::cart::tests::totals", "failed", false, 1],
    ]);
  });

  test("ctest and Robot Framework keep output and messages", async () => {
    const ctest = await load("ctest.xml");
    expect(ctest.cases[1]).toMatchObject({ status: "failed", systemOut: "could not connect to server: Connection refused" });
    const robot = await load("robot-xunit.xml");
    expect(robot.cases[1]).toMatchObject({ key: "Shop.Checkout::Pay With Voucher", message: "Element 'id=voucher' not visible after 5 seconds." });
    expect(robot.suites[0]?.properties).toEqual([{ name: "Documentation", value: "Checkout flows" }]);
  });
});
