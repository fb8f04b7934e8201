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
    ["gradle.xml", 5, 2, 2, 0, 1, 0, 1],
    ["ant-junitreport.xml", 5, 2, 1, 1, 1, 0, 2],
    ["jasmine.xml", 4, 2, 1, 0, 1, 0, 2],
    ["karma.xml", 3, 1, 1, 0, 1, 0, 1],
    ["cypress.xml", 3, 1, 1, 0, 1, 0, 2],
    ["codeception.xml", 4, 1, 1, 1, 1, 0, 2],
    ["testng.xml", 5, 3, 1, 0, 1, 0, 1],
    ["catch2.xml", 5, 2, 1, 1, 1, 0, 1],
    ["cunit.xml", 4, 2, 1, 0, 1, 0, 2],
    ["swift-xunit.xml", 4, 2, 1, 0, 1, 0, 1],
    ["marathon.xml", 3, 1, 1, 0, 1, 0, 1],
    ["android-connected.xml", 2, 1, 1, 0, 0, 0, 1],
    ["failsafe.xml", 4, 2, 0, 1, 1, 1, 1],
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
