// Producers the shared corpus lacks. The top-level fixtures were written by hand from each tool's
// documentation; where the tool itself could be run, its real output is in fixtures/real/ (tested at
// the end of this file) and the row below says so.
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
    ["surefire-rerun.xml", 4, 2, 1, 0, 1, 1, 1], // real: real/surefire-junit4-rerun/ (Surefire 2.22.3 declares every rerun in its totals)
    ["pytest-xunit1.xml", 6, 2, 1, 1, 2, 0, 1],
    ["pytest-xunit2.xml", 6, 2, 1, 1, 2, 0, 1],
    ["go-junit-report.xml", 4, 2, 1, 0, 1, 0, 2],
    ["gotestsum.xml", 4, 2, 2, 0, 0, 0, 1],
    ["vitest.xml", 3, 1, 1, 0, 1, 0, 1],
    ["phpunit-nested.xml", 3, 2, 1, 0, 0, 0, 4],
    ["ctest.xml", 3, 1, 1, 0, 1, 0, 1], // real: real/ctest/
    ["nextest.xml", 3, 2, 1, 0, 0, 1, 1],
    ["googletest.xml", 3, 1, 1, 0, 1, 0, 1], // real: real/googletest/
    ["robot-xunit.xml", 3, 1, 1, 0, 1, 0, 1],
    ["gradle.xml", 5, 2, 2, 0, 1, 0, 1], // real: real/gradle/ (Gradle 4.4.1, no retry)
    ["ant-junitreport.xml", 5, 2, 1, 1, 1, 0, 2], // real: real/ant/
    ["jasmine.xml", 4, 2, 1, 0, 1, 0, 2], // real: real/jasmine-reporters/
    ["karma.xml", 3, 1, 1, 0, 1, 0, 1], // real: real/karma-junit-reporter/
    ["cypress.xml", 3, 1, 1, 0, 1, 0, 2], // real: real/mocha-junit-reporter/ (plain mocha, same reporter)
    ["codeception.xml", 4, 1, 1, 1, 1, 0, 2],
    ["testng.xml", 5, 3, 1, 0, 1, 0, 1], // real: real/testng/ (TestNG 6.9.12)
    ["catch2.xml", 5, 2, 1, 1, 1, 0, 1], // real: real/catch2/ (Catch2 v2, no SKIP)
    ["cunit.xml", 4, 2, 1, 0, 1, 0, 2], // real: real/cunit/ (CUnit 2.1-3's JUnit output is not XML; this is CUnit 3's shape)
    ["swift-xunit.xml", 4, 2, 1, 0, 1, 0, 1],
    ["marathon.xml", 3, 1, 1, 0, 1, 0, 1],
    ["android-connected.xml", 2, 1, 1, 0, 0, 0, 1],
    ["failsafe.xml", 4, 2, 0, 1, 1, 1, 1], // real: none (Failsafe is not in Debian); real/surefire-junit4-rerun/ has the same writer
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

describe("dialect fixtures: more producers", () => {
  const rows = async (file: string) =>
    (await load(file)).cases.map((c) => [c.key, c.file, c.status, c.flaky]);

  test("Gradle: one suite per class, retried tests repeat the element and merge to flaky", async () => {
    const { cases, suites } = await load("gradle.xml");
    expect(cases.map((c) => [c.key, c.file, c.status])).toEqual([
      ["com.acme.cart.CartTest::addsItem()", null, "passed"],
      ["com.acme.cart.CartTest::totals(int)[1]", null, "failed"],
      ["com.acme.cart.CartTest::connectsToStock()", null, "failed"],
      ["com.acme.cart.CartTest::connectsToStock()", null, "passed"],
      ["com.acme.cart.CartTest::exportsCsv()", null, "skipped"],
    ]);
    expect(cases[1]).toMatchObject({ type: "org.opentest4j.AssertionFailedError", message: "org.opentest4j.AssertionFailedError: expected: <300> but was: <250>" });
    expect(cases[1]?.trace).toContain("CartTest.java:31");
    const retried = mergeAttempts(cases).find((c) => c.name === "connectsToStock()");
    expect(retried).toMatchObject({ status: "passed", flaky: true, attemptCount: 2 });
    expect(suites[0]?.systemOut).toBe("Stock service started on port 8089\n");
  });

  test("Ant junitreport: the suite name drops the package, the classname keeps it", async () => {
    const { cases, suites } = await load("ant-junitreport.xml");
    expect(await rows("ant-junitreport.xml")).toEqual([
      ["com.acme.cart.CartTest::testAdd", null, "passed", false],
      ["com.acme.cart.CartTest::testTotal", null, "failed", false],
      ["com.acme.cart.CartTest::testStock", null, "error", false],
      ["com.acme.cart.CartTest::testExport", null, "skipped", false],
      ["com.acme.cart.PriceTest::testRound", null, "passed", false],
    ]);
    expect(cases.map((c) => c.suite)).toEqual(["CartTest", "CartTest", "CartTest", "CartTest", "PriceTest"]);
    expect(cases[2]).toMatchObject({ type: "java.net.ConnectException", message: "Connection refused" });
    expect(cases[3]?.message).toBe("not on CI");
    expect(suites[0]?.properties).toContainEqual({ name: "java.version", value: "17.0.10" });
  });

  test("jasmine-reporters: nested describes become dotted sibling suites; xit is skipped with its reason", async () => {
    const { cases } = await load("jasmine.xml");
    expect(cases.map((c) => [c.suite, c.key, c.status])).toEqual([
      ["Cart", "Cart::adds an item", "passed"],
      ["Cart", "Cart::totals the items", "failed"],
      ["Cart", "Cart::exports csv", "skipped"],
      ["Cart.discounts", "Cart.discounts::applies 10 %", "passed"],
    ]);
    expect(cases[1]).toMatchObject({ type: "expect", message: "Expected 250 to equal 300." });
    expect(cases[1]?.trace).toContain("spec/cart.spec.js:12:25");
    expect(cases[2]?.message).toBe("Temporarily disabled with xit");
  });

  test("Karma: the browser is part of the classname, so it is part of the key", async () => {
    const { cases, suites } = await load("karma.xml");
    const scope = "Chrome_Headless_120_0_6099_109_(Linux_x86_64).CartComponent";
    expect(await rows("karma.xml")).toEqual([
      [`${scope}::CartComponent should create`, null, "passed", false],
      [`${scope}::CartComponent should show the total`, null, "failed", false],
      [`${scope}::CartComponent exports csv`, null, "skipped", false],
    ]);
    // karma-junit-reporter puts the message in the text and leaves type empty.
    expect(cases[1]).toMatchObject({ type: null, message: null });
    expect(cases[1]?.trace).toContain("Expected '$2.50' to equal '$3.00'.");
    expect(cases[0]?.suite).toBe("Chrome Headless 120.0.6099.109 (Linux x86_64)");
    expect(suites[0]?.properties?.[0]?.name).toBe("browser.fullName");
  });

  test("Cypress (mocha-junit-reporter): the spec file comes from the suite; an empty Root Suite is counted", async () => {
    const { cases, summary } = await load("cypress.xml");
    expect(await rows("cypress.xml")).toEqual([
      ["logs in with a password::Login logs in with a password", "cypress/e2e/login.cy.ts", "passed", false],
      ["shows an error for a wrong password::Login shows an error for a wrong password", "cypress/e2e/login.cy.ts", "failed", false],
      ["logs in with SSO::Login logs in with SSO", "cypress/e2e/login.cy.ts", "skipped", false],
    ]);
    expect(summary.suites).toBe(2);
    expect(cases[1]).toMatchObject({ type: "AssertionError", durationMs: 3810 });
    expect(cases[1]?.message).toMatch(/^Timed out retrying after 4000ms/);
  });

  test("Codeception: class= is the classname, file= the file, Cest and Test alike", async () => {
    const { cases } = await load("codeception.xml");
    expect(cases.map((c) => [c.suite, c.key, c.file, c.status])).toEqual([
      ["Unit", "Tests\\Unit\\CartTest::testAdd", "/app/tests/Unit/CartTest.php", "passed"],
      ["Unit", "Tests\\Unit\\CartTest::testTotal", "/app/tests/Unit/CartTest.php", "failed"],
      ["Unit", "Tests\\Unit\\CartTest::testExport", "/app/tests/Unit/CartTest.php", "skipped"],
      ["Acceptance", "Tests\\Acceptance\\LoginCest::tryToLogin", "/app/tests/Acceptance/LoginCest.php", "error"],
    ]);
    // No message= attribute: the reason is only in the text.
    expect(cases[1]).toMatchObject({ type: "PHPUnit\\Framework\\ExpectationFailedException", message: null });
    expect(cases[1]?.trace).toContain("Failed asserting that 250 matches expected 300.");
  });

  test("TestNG: data-provider invocations share one key, so they merge as attempts", async () => {
    const { cases } = await load("testng.xml");
    expect(cases.filter((c) => c.name === "appliesDiscount").map((c) => c.key)).toEqual([
      "com.acme.cart.CartTest::appliesDiscount",
      "com.acme.cart.CartTest::appliesDiscount",
    ]);
    expect(cases[1]).toMatchObject({ status: "failed", type: "java.lang.AssertionError", message: "expected [300] but found [250]" });
    // The indentation around the CDATA section is part of the text, as the rules say.
    expect(cases[1]?.trace?.trim()).toMatch(/^java\.lang\.AssertionError: expected \[300\] but found \[250\]/);
    expect(cases[4]?.status).toBe("skipped");
    expect(mergeAttempts(cases).find((c) => c.name === "appliesDiscount")).toMatchObject({ status: "passed", flaky: false, attemptCount: 2 });
  });

  test("Catch2: sections are part of the name; status=\"run\" is not a skip word; SKIP is skipped", async () => {
    const { cases } = await load("catch2.xml");
    expect(cases.map((c) => [c.name, c.status, c.type])).toEqual([
      ["Cart starts empty", "passed", null],
      ["Cart can be resized/growing changes size", "passed", null],
      ["Cart can be resized/shrinking changes size", "failed", "CHECK"],
      ["Prices parse", "error", "TEST_CASE"],
      ["Exports are skipped at runtime", "skipped", "SKIP"],
    ]);
    expect(cases.every((c) => c.classname === "cart-tests.global" && c.file === null)).toBe(true);
    expect(cases[2]?.trace).toContain("5 == 3");
  });

  test("CUnit: the package name prefixes the suite in the classname", async () => {
    expect(await rows("cunit.xml")).toEqual([
      ["CartUnitTests.cart::test_add", null, "passed", false],
      ["CartUnitTests.cart::test_total", null, "failed", false],
      ["CartUnitTests.cart::test_export", null, "skipped", false],
      ["CartUnitTests.price::test_round", null, "passed", false],
    ]);
    const { cases } = await load("cunit.xml");
    expect(cases[1]).toMatchObject({ type: "Failure", message: "CU_ASSERT_EQUAL(cart_total(&cart),300)" });
  });

  test("swift test --xunit-output: XCTest module.class classnames, swift-testing function names", async () => {
    const { cases } = await load("swift-xunit.xml");
    expect(cases.map((c) => [c.key, c.status, c.durationMs])).toEqual([
      ["CartTests.CartTests::testAddsItem", "passed", 1.2],
      ["CartTests.CartTests::testTotals", "failed", 3.1],
      ["CartTests.PriceTests::testRounds", "passed", 0.4],
      ["CartTests::exportsCSV()", "skipped", 0.7],
    ]);
    expect(cases[1]).toMatchObject({ message: "failed", type: null, trace: null });
  });

  test("Marathon and Android connected tests: failures carry no message, only the stack trace", async () => {
    const marathon = await load("marathon.xml");
    expect(marathon.cases.map((c) => [c.suite, c.key, c.status])).toEqual([
      ["common", "com.example.cart.CartInstrumentedTest::addsItem", "passed"],
      ["common", "com.example.cart.CartInstrumentedTest::checksOut", "failed"],
      ["common", "com.example.cart.CartInstrumentedTest::exportsCsv", "skipped"],
    ]);
    expect(marathon.cases[1]).toMatchObject({ message: null, type: null });
    expect(marathon.cases[1]?.trace).toMatch(/^androidx\.test\.espresso\.NoMatchingViewException/);
    const android = await load("android-connected.xml");
    expect(android.cases.map((c) => [c.key, c.status])).toEqual([
      ["com.example.cart.ExampleInstrumentedTest::useAppContext", "passed"],
      ["com.example.cart.ExampleInstrumentedTest::opensCart", "failed"],
    ]);
    expect(android.suites[0]?.properties).toContainEqual({ name: "device", value: "Pixel_6_API_34(AVD) - 14" });
  });

  test("Maven Failsafe: flakyError passes as flaky, error with rerunError stays an error", async () => {
    const { cases } = await load("failsafe.xml");
    expect(await rows("failsafe.xml")).toEqual([
      ["com.acme.checkout.CheckoutIT::checksOut", null, "passed", false],
      ["com.acme.checkout.CheckoutIT::paysWithCard", null, "passed", true],
      ["com.acme.checkout.CheckoutIT::refunds", null, "error", false],
      ["com.acme.checkout.CheckoutIT::exportsInvoice", null, "skipped", false],
    ]);
    expect(cases[1]?.attempts).toEqual([
      expect.objectContaining({ kind: "flakyError", status: "error", type: "java.net.SocketTimeoutException", message: "Read timed out" }),
    ]);
    expect(cases[1]?.attempts?.[0]?.trace).toContain("CheckoutIT.java:64");
    expect(cases[2]).toMatchObject({ type: "java.net.ConnectException", message: "Connection refused" });
    expect(cases[2]?.attempts?.map((a) => [a.kind, a.trace])).toEqual([["rerunError", "java.net.ConnectException: Connection refused (rerun 1)"]]);
    expect(cases[3]?.message).toBe("@Disabled: waits for ACME-412");
  });
});

// Real output: every file under fixtures/real/ was written by the tool itself from a tiny suite
// kept beside it (`*.txt`); each folder's README gives the commands, versions and the tool's own
// summary line, which the counts below match.
describe("real producer output: counts", () => {
  const mismatches = async (file: string) =>
    (await load(`real/${file}`)).summary.warnings.filter((w) => w.code === "declared-totals-mismatch").length;

  test.each([
    // file, tests, passed, failed, errors, skipped, flaky, suites, declared-totals warnings
    // JUnit 5 ConsoleLauncher: "7 tests found, 1 skipped, 4 successful, 2 failed".
    ["junit5-console/TEST-junit-jupiter.xml", 7, 4, 1, 1, 1, 0, 1, 0],
    ["junit5-console/TEST-junit-vintage.xml", 0, 0, 0, 0, 0, 0, 1, 0],
    // Surefire: "Tests run: 6, Failures: 1, Errors: 1, Skipped: 1, Flakes: 1"; the XML declares
    // tests=11 failures=4 errors=3 (every rerun counted), hence one warning.
    ["surefire-junit4-rerun/TEST-com.acme.payment.PaymentServiceTest.xml", 6, 3, 1, 1, 1, 1, 1, 1],
    ["surefire-junit5/TEST-com.acme.cart.CartTest.xml", 7, 4, 1, 1, 1, 0, 1, 0],
    // TestNG: "Total tests run: 9, Failures: 2, Skips: 2" (the retried attempt is one of the skips).
    ["testng/Command line test.xml", 9, 5, 2, 0, 2, 0, 1, 0],
    ["testng/junitreports/TEST-com.acme.cart.CartTest.xml", 9, 5, 2, 2, 0, 0, 1, 0],
    // Ant: "Tests run: 5, Failures: 1, Errors: 1, Skipped: 1" and "Tests run: 2, Failures: 0, …".
    ["ant/TEST-com.acme.cart.CartTest.xml", 5, 2, 1, 1, 1, 0, 1, 0],
    ["ant/TEST-com.acme.cart.PriceTest.xml", 2, 2, 0, 0, 0, 0, 1, 0],
    ["ant/TESTS-TestSuites.xml", 7, 4, 1, 1, 1, 0, 2, 0],
    // Gradle: "7 tests completed, 2 failed, 1 skipped".
    ["gradle/TEST-com.acme.cart.CartTest.xml", 5, 2, 2, 0, 1, 0, 1, 0],
    ["gradle/TEST-com.acme.cart.PriceTest.xml", 2, 2, 0, 0, 0, 0, 1, 0],
    // Catch2: "test cases: 4 | 2 passed | 2 failed"; one case per leaf section; tests= is assertions.
    ["catch2/results.xml", 5, 3, 1, 1, 0, 0, 1, 1],
    // GoogleTest: "7 tests ran, PASSED 4, SKIPPED 1, FAILED 2, 1 DISABLED".
    ["googletest/gtest.xml", 8, 4, 2, 0, 2, 0, 2, 0],
    // ctest: "71% tests passed, 2 tests failed out of 7", one Disabled and one Skipped not run.
    ["ctest/ctest-junit.xml", 8, 4, 2, 0, 2, 0, 1, 0],
    // jasmine: "7 specs, 2 failures, 2 pending specs".
    ["jasmine-reporters/junitresults.xml", 7, 3, 2, 0, 2, 0, 2, 0],
    // mocha: "4 passing, 1 pending, 2 failing"; by default the pending test is left out of the XML.
    ["mocha-junit-reporter/test-output.xml", 6, 4, 2, 0, 0, 0, 3, 2],
    ["mocha-junit-reporter/test-output-include-pending.xml", 7, 4, 2, 0, 1, 0, 3, 0],
    // Karma: "Executed 5 of 6 (2 FAILED) (skipped 1)", "TOTAL: 2 FAILED, 3 SUCCESS".
    ["karma-junit-reporter/TESTS-Chrome_Headless_156.0.0.0_(Linux_0.0.0).xml", 6, 3, 2, 0, 1, 0, 1, 0],
  ])("%s", async (file, tests, passed, failed, errors, skipped, flaky, suites, warnings) => {
    const { summary } = await load(`real/${file}`);
    expect(summary).toMatchObject({ tests, passed, failed, errors, skipped, flaky, suites });
    expect(await mismatches(file)).toBe(warnings);
  });

  test("CUnit 2.1-3 (Debian): its JUnit writer's output is not XML, so it is refused as MALFORMED", async () => {
    for (const file of ["cunit/CartUnitTests-Results.xml", "cunit/CartUnitTests-Results.aborted.xml"]) {
      await expect(load(`real/${file}`)).rejects.toMatchObject({ name: "JUnitParseError", code: "MALFORMED" });
    }
  });
});

describe("real producer output: identity and details", () => {
  const real = (file: string) => load(`real/${file}`);
  const rows = async (file: string) =>
    (await real(file)).cases.map((c) => [c.key, c.file, c.status, c.flaky]);

  test("JUnit 5 ConsoleLauncher: names keep (), the suite is the engine, the @Disabled reason is text", async () => {
    const { cases, suites } = await real("junit5-console/TEST-junit-jupiter.xml");
    const scope = "com.acme.cart.CartTest";
    expect(cases.map((c) => [c.key, c.file, c.status])).toEqual([
      [`${scope}::removesItem()`, null, "passed"],
      [`${scope}::appliesDiscount(int, int)[1]`, null, "passed"],
      [`${scope}::totals()`, null, "failed"],
      [`${scope}::addsItem()`, null, "passed"],
      [`${scope}::connectsToStock()`, null, "error"],
      [`${scope}::exportsCsv()`, null, "skipped"],
      [`${scope}::appliesDiscount(int, int)[2]`, null, "passed"],
    ]);
    expect(cases.every((c) => c.suite === "JUnit Jupiter")).toBe(true);
    expect(cases[2]).toMatchObject({ type: "org.opentest4j.AssertionFailedError", message: "expected: <300> but was: <250>" });
    expect(cases[2]?.trace).toContain("com.acme.cart.CartTest.totals(CartTest.java:29)");
    expect(cases[4]).toMatchObject({ type: "java.net.ConnectException", message: "Connection refused" });
    // No message= on <skipped>: the reason is the element's text.
    expect(cases[5]).toMatchObject({ message: null, trace: "waits for ACME-412" });
    expect(cases[0]?.systemOut).toContain("display-name: removes an item");
    expect(suites[0]?.properties).toContainEqual({ name: "java.version", value: "17.0.15" });
  });

  test("Surefire 2.22 reruns: flakyFailure passes as flaky; failure/error keep their reruns as attempts", async () => {
    const { cases } = await real("surefire-junit4-rerun/TEST-com.acme.payment.PaymentServiceTest.xml");
    const scope = "com.acme.payment.PaymentServiceTest";
    expect(await rows("surefire-junit4-rerun/TEST-com.acme.payment.PaymentServiceTest.xml")).toEqual([
      [`${scope}::retriesOnTimeout`, null, "passed", true],
      [`${scope}::authorizes`, null, "passed", false],
      [`${scope}::totals`, null, "failed", false],
      [`${scope}::exportsStatement`, null, "skipped", false],
      [`${scope}::refundsPartially`, null, "error", false],
      [`${scope}::capturesPayment`, null, "passed", false],
    ]);
    expect(cases[0]?.attempts).toEqual([
      expect.objectContaining({ kind: "flakyFailure", status: "failed", type: "java.lang.AssertionError", message: "status expected:<200> but was:<503>" }),
    ]);
    expect(cases[0]?.attempts?.[0]?.trace).toContain("PaymentServiceTest.java:28");
    expect(cases[2]).toMatchObject({ type: "java.lang.AssertionError", message: "expected:<300> but was:<250>" });
    expect(cases[2]?.attempts?.map((a) => a.kind)).toEqual(["rerunFailure", "rerunFailure"]);
    expect(cases[3]?.message).toBe("waits for ACME-412");
    expect(cases[4]).toMatchObject({ type: "java.net.ConnectException", message: "Connection refused (run 1)" });
    expect(cases[4]?.attempts?.map((a) => [a.kind, a.status, a.message])).toEqual([
      ["rerunError", "error", "Connection refused (run 2)"],
      ["rerunError", "error", "Connection refused (run 3)"],
    ]);
    const merged = mergeAttempts(cases);
    expect(merged.map((c) => [c.name, c.status, c.flaky, c.attemptCount])).toEqual([
      ["retriesOnTimeout", "passed", true, 2],
      ["authorizes", "passed", false, 1],
      ["totals", "failed", false, 3],
      ["exportsStatement", "skipped", false, 1],
      ["refundsPartially", "error", false, 3],
      ["capturesPayment", "passed", false, 1],
    ]);
  });

  test("Surefire 2.22 with JUnit 5: method names without (), parameters in braces, so keys differ from the ConsoleLauncher's", async () => {
    const { cases } = await real("surefire-junit5/TEST-com.acme.cart.CartTest.xml");
    expect(cases.map((c) => [c.name, c.status])).toEqual([
      ["appliesDiscount{int, int}[1]", "passed"],
      ["appliesDiscount{int, int}[2]", "passed"],
      ["connectsToStock", "error"],
      ["addsItem", "passed"],
      ["totals", "failed"],
      ["removesItem", "passed"],
      ["exportsCsv", "skipped"],
    ]);
    expect(cases[6]?.message).toBe("waits for ACME-412");
    const launcher = await real("junit5-console/TEST-junit-jupiter.xml");
    expect(launcher.cases.map((c) => c.key)).not.toContain("com.acme.cart.CartTest::totals");
  });

  test("TestNG 6.9.12 JUnitXMLReporter: the retried attempt is <skipped/> before the pass, so it merges to flaky", async () => {
    const { cases } = await real("testng/Command line test.xml");
    const scope = "com.acme.cart.CartTest";
    expect(cases.map((c) => [c.suite, c.key, c.status])).toEqual([
      ["Command line test", `${scope}::addsItem`, "passed"],
      ["Command line test", `${scope}::appliesDiscount`, "passed"],
      ["Command line test", `${scope}::appliesDiscount`, "passed"],
      ["Command line test", `${scope}::connectsToStock`, "failed"],
      ["Command line test", `${scope}::exportsCsv`, "skipped"],
      ["Command line test", `${scope}::removesItem`, "passed"],
      ["Command line test", `${scope}::reservesStock`, "skipped"],
      ["Command line test", `${scope}::reservesStock`, "passed"],
      ["Command line test", `${scope}::totals`, "failed"],
    ]);
    expect(cases[3]).toMatchObject({ type: "java.net.ConnectException", message: "Connection refused" });
    expect(cases[8]?.trace?.trim()).toMatch(/^java\.lang\.AssertionError: expected \[300\] but found \[250\]/);
    const merged = mergeAttempts(cases);
    expect(merged.find((c) => c.name === "reservesStock")).toMatchObject({ status: "passed", flaky: true, attemptCount: 2 });
    expect(merged.find((c) => c.name === "appliesDiscount")).toMatchObject({ status: "passed", flaky: false, attemptCount: 2 });
  });

  test("TestNG 6.9.12 JUnitReportReporter: a SkipException is an <error>; the retried failure comes after its pass", async () => {
    const { cases } = await real("testng/junitreports/TEST-com.acme.cart.CartTest.xml");
    expect(cases.map((c) => [c.name, c.status, c.type])).toEqual([
      ["addsItem", "passed", null],
      ["appliesDiscount", "passed", null],
      ["connectsToStock", "error", "java.net.ConnectException"],
      ["appliesDiscount", "passed", null],
      ["removesItem", "passed", null],
      ["reservesStock", "passed", null],
      ["totals", "failed", "java.lang.AssertionError"],
      ["reservesStock", "failed", "java.lang.AssertionError"],
      ["exportsCsv", "error", "org.testng.SkipException"],
    ]);
    expect(cases[8]?.message).toBe("waits for ACME-412");
    // Document order decides: the last element failed, so the rules keep the merge failed.
    expect(mergeAttempts(cases).find((c) => c.name === "reservesStock")).toMatchObject({ status: "failed", flaky: false, attemptCount: 2 });
  });

  test("Ant: TEST-*.xml and junitreport's aggregate give the same keys; the aggregate drops the package from the suite", async () => {
    const single = await real("ant/TEST-com.acme.cart.CartTest.xml");
    const { cases, suites } = await real("ant/TESTS-TestSuites.xml");
    expect(await rows("ant/TESTS-TestSuites.xml")).toEqual([
      ["com.acme.cart.CartTest::testAdd", null, "passed", false],
      ["com.acme.cart.CartTest::testStock", null, "error", false],
      ["com.acme.cart.CartTest::testTotal", null, "failed", false],
      ["com.acme.cart.CartTest::testExport", null, "skipped", false],
      ["com.acme.cart.CartTest::testRemove", null, "passed", false],
      ["com.acme.cart.PriceTest::testDiscount[0: 10 % off]", null, "passed", false],
      ["com.acme.cart.PriceTest::testDiscount[1: 25 % off]", null, "passed", false],
    ]);
    expect(single.cases.map((c) => c.key)).toEqual(cases.slice(0, 5).map((c) => c.key));
    expect(single.cases[0]?.suite).toBe("com.acme.cart.CartTest");
    expect(cases.map((c) => c.suite)).toEqual(["CartTest", "CartTest", "CartTest", "CartTest", "CartTest", "PriceTest", "PriceTest"]);
    expect(cases[1]).toMatchObject({ type: "java.net.ConnectException", message: "Connection refused" });
    expect(cases[2]).toMatchObject({ type: "junit.framework.AssertionFailedError", message: "expected:<300> but was:<250>" });
    expect(cases[3]?.message).toBe("not on CI");
    expect(suites[0]?.systemOut).toBe("removing one item\n");
    expect(suites[0]?.properties).toContainEqual({ name: "ant.version", value: "Apache Ant(TM) version 1.10.13 compiled on February 6 2023" });
  });

  test("Gradle 4.4: exceptions are failures with 'Type: message', @Ignore has no reason", async () => {
    const { cases, suites } = await real("gradle/TEST-com.acme.cart.CartTest.xml");
    expect(await rows("gradle/TEST-com.acme.cart.CartTest.xml")).toEqual([
      ["com.acme.cart.CartTest::testAdd", null, "passed", false],
      ["com.acme.cart.CartTest::testStock", null, "failed", false],
      ["com.acme.cart.CartTest::testTotal", null, "failed", false],
      ["com.acme.cart.CartTest::testExport", null, "skipped", false],
      ["com.acme.cart.CartTest::testRemove", null, "passed", false],
    ]);
    expect(cases[1]).toMatchObject({ type: "java.net.ConnectException", message: "java.net.ConnectException: Connection refused" });
    expect(cases[2]).toMatchObject({ type: "java.lang.AssertionError", message: "java.lang.AssertionError: expected:<300> but was:<250>" });
    expect(cases[2]?.trace).toContain("CartTest.java:25");
    expect(cases[3]).toMatchObject({ message: null, trace: null });
    expect(suites[0]?.systemOut).toBe("removing one item\n");
    const price = await real("gradle/TEST-com.acme.cart.PriceTest.xml");
    expect(price.cases.map((c) => c.key)).toEqual([
      "com.acme.cart.PriceTest::testDiscount[0: 10 % off]",
      "com.acme.cart.PriceTest::testDiscount[1: 25 % off]",
    ]);
  });

  test("Catch2 v2: one case per leaf section, an escaped exception is an error without message", async () => {
    const { cases } = await real("catch2/results.xml");
    expect(cases.map((c) => [c.key, c.status, c.type, c.message])).toEqual([
      ["cart-tests.global::Cart starts empty", "passed", null, null],
      ["cart-tests.global::Cart can be resized/growing changes size", "passed", null, null],
      ["cart-tests.global::Cart can be resized/shrinking changes size", "failed", "CHECK", "cart.size() == 5"],
      ["cart-tests.global::Prices parse", "error", "TEST_CASE", null],
      ["cart-tests.global::Discount applies", "passed", null, null],
    ]);
    expect(cases[2]?.trace).toContain("3 == 5");
    expect(cases[3]?.trace).toContain("price feed unavailable");
  });

  test("GoogleTest: file and line from the case, DISABLED_ is notrun, GTEST_SKIP keeps its reason", async () => {
    const { cases } = await real("googletest/gtest.xml");
    expect(cases.map((c) => [c.key, c.file, c.line, c.status])).toEqual([
      ["CartTest::Adds", "/tmp/rf/gtest/cart_test.cc", 7, "passed"],
      ["CartTest::Removes", "/tmp/rf/gtest/cart_test.cc", 9, "passed"],
      ["CartTest::Totals", "/tmp/rf/gtest/cart_test.cc", 11, "failed"],
      ["CartTest::LoadsStock", "/tmp/rf/gtest/cart_test.cc", 16, "failed"],
      ["CartTest::DISABLED_Slow", "/tmp/rf/gtest/cart_test.cc", 21, "skipped"],
      ["CartTest::ExportsCsv", "/tmp/rf/gtest/cart_test.cc", 23, "skipped"],
      ["Percent/DiscountTest::Applies/0", "/tmp/rf/gtest/cart_test.cc", 27, "passed"],
      ["Percent/DiscountTest::Applies/1", "/tmp/rf/gtest/cart_test.cc", 27, "passed"],
    ]);
    expect(cases[2]).toMatchObject({ type: null });
    expect(cases[2]?.message).toContain("Which is: 250");
    expect(cases[3]?.message).toContain('C++ exception with description "stock service unavailable"');
    expect(cases[4]).toMatchObject({ message: null, trace: null });
    expect(cases[5]?.message).toBe("/tmp/rf/gtest/cart_test.cc:23\nwaits for ACME-412");
  });

  test("ctest --output-junit: classname is the name; status=disabled with no child is skipped", async () => {
    const { cases } = await real("ctest/ctest-junit.xml");
    expect(cases.map((c) => [c.key, c.status, c.message])).toEqual([
      ["CartTest.Adds::CartTest.Adds", "passed", null],
      ["CartTest.Removes::CartTest.Removes", "passed", null],
      ["CartTest.Totals::CartTest.Totals", "failed", null],
      ["CartTest.LoadsStock::CartTest.LoadsStock", "failed", null],
      ["CartTest.Slow::CartTest.Slow", "skipped", null],
      ["CartTest.ExportsCsv::CartTest.ExportsCsv", "skipped", "SKIP_REGULAR_EXPRESSION_MATCHED"],
      ["Percent/DiscountTest.Applies/(10, 90)::Percent/DiscountTest.Applies/(10, 90)", "passed", null],
      ["Percent/DiscountTest.Applies/(25, 75)::Percent/DiscountTest.Applies/(25, 75)", "passed", null],
    ]);
    expect(cases.every((c) => c.suite === "(empty)" && c.file === null)).toBe(true);
    expect(cases[2]?.systemOut).toContain("Which is: 250");
  });

  test("jasmine-reporters: dotted sibling suites, thrown errors are failures, xit and pending() keep their reasons", async () => {
    const { cases } = await real("jasmine-reporters/junitresults.xml");
    expect(cases.map((c) => [c.suite, c.key, c.status, c.type, c.message])).toEqual([
      ["Cart", "Cart::adds an item", "passed", null, null],
      ["Cart", "Cart::totals the items", "failed", "toEqual", "Expected 250 to equal 300."],
      ["Cart", "Cart::connects to the stock service", "failed", "exception", "Error: ECONNREFUSED 127.0.0.1:8089"],
      ["Cart", "Cart::exports csv", "skipped", null, "Temporarily disabled with xit"],
      ["Cart", "Cart::waits for the pricing API", "skipped", null, "waits for ACME-412"],
      ["Cart.discounts", "Cart.discounts::applies 10 %", "passed", null, null],
      ["Cart.discounts", "Cart.discounts::applies 25 %", "passed", null, null],
    ]);
    expect(cases[1]?.trace).toContain("cart.spec.js:11:45");
  });

  test("mocha-junit-reporter: classname is the test title, the file comes from the suite, skips only with includePending", async () => {
    const file = "/tmp/rf/js/mocha/test/login.spec.js";
    expect(await rows("mocha-junit-reporter/test-output-include-pending.xml")).toEqual([
      ["logs in with a password::Login logs in with a password", file, "passed", false],
      ["shows an error for a wrong password::Login shows an error for a wrong password", file, "failed", false],
      ["reaches the auth server::Login reaches the auth server", file, "failed", false],
      ["logs in with SSO::Login logs in with SSO", file, "skipped", false],
      ["retries a slow login::Login retries a slow login", file, "passed", false],
      ["keeps the session for 7 days::Login remember me keeps the session for 7 days", file, "passed", false],
      ["keeps the session for 30 days::Login remember me keeps the session for 30 days", file, "passed", false],
    ]);
    const { cases } = await real("mocha-junit-reporter/test-output.xml");
    expect(cases.map((c) => c.name)).not.toContain("Login logs in with SSO");
    expect(cases[1]).toMatchObject({ type: "AssertionError" });
    // The raw newlines inside message="…" become spaces (XML attribute-value normalisation).
    expect(cases[1]?.message).toBe("Expected values to be strictly equal: + actual - expected  + 'Wrong password' - 'Invalid password'");
    expect(cases[1]?.trace).toContain("+ 'Wrong password'\n- 'Invalid password'");
    expect(cases[2]).toMatchObject({ type: "TypeError", message: "Cannot read properties of undefined (reading 'token')" });
    expect(cases[2]?.trace).toContain("test/login.spec.js:18:11");
  });

  test("karma-junit-reporter: the browser is the suite and starts every classname; the message is only text", async () => {
    const { cases, suites } = await real("karma-junit-reporter/TESTS-Chrome_Headless_156.0.0.0_(Linux_0.0.0).xml");
    const scope = "Chrome_Headless_156_0_0_0_(Linux_0_0_0).CartComponent";
    expect(cases.map((c) => [c.key, c.status])).toEqual([
      [`${scope}::CartComponent should create`, "passed"],
      [`${scope}::CartComponent should show the total`, "failed"],
      [`${scope}::CartComponent should load the stock`, "failed"],
      [`${scope}::CartComponent exports csv`, "skipped"],
      [`${scope} discounts::CartComponent discounts applies 10 %`, "passed"],
      [`${scope} discounts::CartComponent discounts applies 25 %`, "passed"],
    ]);
    expect(cases.every((c) => c.suite === "Chrome Headless 156.0.0.0 (Linux 0.0.0)" && c.file === null)).toBe(true);
    expect(cases[1]).toMatchObject({ type: null, message: null });
    expect(cases[1]?.trace).toMatch(/^Expected '\$2\.50' to equal '\$3\.00'\./);
    expect(cases[2]?.trace).toMatch(/^Error: ECONNREFUSED/);
    expect(suites[0]?.properties?.[0]?.name).toBe("browser.fullName");
  });
});
