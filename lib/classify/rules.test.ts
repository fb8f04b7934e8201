import { describe, expect, test } from "vitest";
import { DEFAULT_RULES } from "./default-rules";
import { ClassifyError } from "./errors";
import { MATCH_LIMITS, buildRulebook, classifyResult, compileRules } from "./rules";
import type { ClassifiableResult, RuleDefinition } from "./types";

function result(overrides: Partial<ClassifiableResult>): ClassifiableResult {
  return { status: "failed", type: null, message: null, trace: null, file: null, name: "t", classname: null, ...overrides };
}

const defaults = buildRulebook();
const categoryOf = (input: Partial<ClassifiableResult>) => classifyResult(result(input), defaults).category;

describe("compileRules / classifyResult mechanics", () => {
  test("first matching rule wins and its id is recorded", () => {
    const rulebook = compileRules([
      { id: "a", name: "A", category: "infrastructure", message: "refused" },
      { id: "b", name: "B", category: "assertion", message: "connection" },
    ]);
    expect(classifyResult(result({ message: "Connection refused" }), rulebook)).toEqual({
      category: "infrastructure",
      ruleId: "a",
      ruleName: "A",
    });
    expect(classifyResult(result({ message: "connection closed" }), rulebook).ruleId).toBe("b");
  });

  test("all present matchers must match", () => {
    const rulebook = compileRules([
      { id: "r", name: "R", category: "fixture", statuses: ["error"], type: "^KeyError$", message: "session", file: "tests/**/*.py", testName: "^test_" },
    ]);
    const base = { status: "error" as const, type: "KeyError", message: "KeyError: 'session'", file: "tests/api/test_a.py", name: "test_a" };
    expect(classifyResult(result(base), rulebook).ruleId).toBe("r");
    expect(classifyResult(result({ ...base, status: "failed" }), rulebook).ruleId).toBe("default:unmatched");
    expect(classifyResult(result({ ...base, type: "ValueError" }), rulebook).ruleId).toBe("default:unmatched");
    expect(classifyResult(result({ ...base, file: "src/a.py" }), rulebook).ruleId).toBe("default:unmatched");
    expect(classifyResult(result({ ...base, file: null }), rulebook).ruleId).toBe("default:unmatched");
    expect(classifyResult(result({ ...base, name: "check_a" }), rulebook).ruleId).toBe("default:unmatched");
  });

  test("a glob without a slash matches the basename; backslashes and ./ are normalised", () => {
    const rulebook = compileRules([{ id: "g", name: "G", category: "import", file: "*_integration.py" }]);
    expect(classifyResult(result({ file: ".\\tests\\x\\redis_integration.py" }), rulebook).ruleId).toBe("g");
  });

  test("regexes are case-insensitive unless the rule says otherwise", () => {
    const rules: RuleDefinition[] = [{ id: "c", name: "C", category: "other", message: "TIMEOUT", caseSensitive: true }];
    expect(classifyResult(result({ message: "timeout" }), compileRules(rules)).ruleId).toBe("default:unmatched");
    expect(classifyResult(result({ message: "timeout" }), compileRules([{ ...rules[0]!, caseSensitive: false }])).ruleId).toBe("c");
  });

  test("the message matcher falls back to the trace when the report has no message", () => {
    const rulebook = compileRules([{ id: "m", name: "M", category: "import", message: "No module named" }]);
    expect(classifyResult(result({ message: "", trace: "E   ModuleNotFoundError: No module named 'x'" }), rulebook).ruleId).toBe("m");
  });

  test("passed and skipped results are not classified; unmatched ones are other", () => {
    expect(classifyResult(result({ status: "passed" }), defaults)).toEqual({ category: null, ruleId: null, ruleName: null });
    expect(classifyResult(result({ status: "skipped", message: "ECONNREFUSED" }), defaults).category).toBeNull();
    expect(classifyResult(result({ message: "ValueError: bad literal" }), defaults)).toEqual({
      category: "other",
      ruleId: "default:unmatched",
      ruleName: "No rule matched",
    });
  });

  test("only the first 32 KiB of a trace are searched", () => {
    const rulebook = compileRules([{ id: "t", name: "T", category: "infrastructure", trace: "ECONNREFUSED" }]);
    const padding = "x".repeat(MATCH_LIMITS.trace);
    expect(classifyResult(result({ message: "boom", trace: `${padding}ECONNREFUSED` }), rulebook).ruleId).toBe("default:unmatched");
    expect(classifyResult(result({ message: "boom", trace: `ECONNREFUSED${padding}` }), rulebook).ruleId).toBe("t");
  });

  test("a huge adversarial trace stays fast with the default rulebook", () => {
    const trace = `${"a".repeat(5_000_000)}!`;
    const started = performance.now();
    classifyResult(result({ message: "x".repeat(1_000_000), trace }), defaults);
    expect(performance.now() - started).toBeLessThan(2_000);
  });

  test.each([
    [{ id: "x", name: "X", category: "other", message: "(unclosed" }, "invalid-rule", /message is not a valid regular expression/],
    [{ id: "x", name: "X", category: "nope", message: "a" }, "invalid-rule", /unknown category "nope"/],
    [{ id: "x", name: "X", category: "other", statuses: ["passed"] }, "invalid-rule", /unknown status "passed"/],
    [{ id: " ", name: "X", category: "other" }, "invalid-rule", /non-empty id/],
  ])("rejects a bad rule %#", (rule, code, message) => {
    let thrown: unknown;
    try {
      compileRules([rule as RuleDefinition]);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ClassifyError);
    expect((thrown as ClassifyError).code).toBe(code);
    expect((thrown as ClassifyError).message).toMatch(message);
  });

  test("rejects duplicate rule ids", () => {
    const rule: RuleDefinition = { id: "d", name: "D", category: "other" };
    expect(() => compileRules([rule, rule])).toThrow(/used more than once/);
  });

  test("project rules come before the defaults", () => {
    const rulebook = buildRulebook([{ id: "project:redis-flaky", name: "Known Redis flake", category: "other", message: "ECONNREFUSED 127\\.0\\.0\\.1:6379" }]);
    expect(classifyResult(result({ message: "connect ECONNREFUSED 127.0.0.1:6379" }), rulebook).ruleId).toBe("project:redis-flaky");
    expect(classifyResult(result({ message: "connect ECONNREFUSED 10.0.0.1:5432" }), rulebook).ruleId).toBe("default:node-network-error");
  });

  test("default rule ids are unique and namespaced", () => {
    const ids = DEFAULT_RULES.map((rule) => rule.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^default:[a-z0-9-]+(?::trace)?$/);
  });
});

describe("default rulebook: order decides conflicts", () => {
  test.each([
    ["AttributeError on a mock is mock", { message: "AttributeError: 'MockWebSocket' object has no attribute 'accept'" }, "mock"],
    ["AttributeError on a real object is not mock", { message: "AttributeError: 'WebSocket' object has no attribute 'accept'" }, "other"],
    ["AttributeError on a module is import", { message: "AttributeError: module 'auth.models' has no attribute 'User'" }, "import"],
    ["AssertionError about Redis is infrastructure", { message: "AssertionError: Redis connection required for persistence tests" }, "infrastructure"],
    ["service down inside a pytest fixture is infrastructure", { status: "error", message: 'failed on setup with "ConnectionRefusedError: [Errno 111] Connection refused"' }, "infrastructure"],
    ["import error inside a fixture is import", { status: "error", message: "failed on setup with \"ModuleNotFoundError: No module named 'app.settings'\"" }, "import"],
    ["mock error inside a fixture is mock", { status: "error", message: "failed on setup with \"AttributeError: Mock object has no attribute 'connect'\"" }, "mock"],
    ["other error inside a fixture is fixture", { status: "error", message: 'failed on setup with "RuntimeError: boom"' }, "fixture"],
    ["missing fixture is fixture", { status: "error", message: "failed on setup with \"file t.py, line 3\n  def test_a(service_discovery):\nE       fixture 'service_discovery' not found\"" }, "fixture"],
    ["renamed export (bare binding) is import", { message: "TypeError: buildUser is not a function" }, "import"],
    ["babel interop binding is import", { message: "TypeError: (0 , _models.buildUser) is not a function" }, "import"],
    ["ts-jest binding is import", { message: "TypeError: models_1.buildUser is not a function" }, "import"],
    ["module member called in the test file is import", { message: "TypeError: models.createUser is not a function\n    at Object.createUser (/repo/tests/models.test.js:9:17)" }, "import"],
    ["member missing on an injected double is mock", { message: "TypeError: ws.accept is not a function\n    at openSocket (/repo/src/handler.js:1:30)" }, "mock"],
    ["vi.mock factory without the export is mock", { message: '[vitest] No "sendDigest" export is defined on the "./mailer" mock. Did you forget to return it from "vi.mock"?' }, "mock"],
    ["interaction verification is assertion, not mock", { message: "AssertionError: expected call not found.\nExpected: send('bob')\nActual: send('alice')" }, "assertion"],
    ["Mockito verification is assertion", { message: "Wanted but not invoked:\nmailer.send(\"bob\");\n-> at com.acme.MailerTest.sends(MailerTest.java:31)" }, "assertion"],
    ["Mockito misuse is mock", { message: "org.mockito.exceptions.misusing.UnfinishedStubbingException: \nUnfinished stubbing detected here:" }, "mock"],
    ["docker down beats a file-not-found inside it", { message: "docker.errors.DockerException: Error while fetching server API version: ('Connection aborted.', FileNotFoundError(2, 'No such file or directory'))" }, "infrastructure"],
    ["assembly load failure is import, not missing data", { message: "System.IO.FileNotFoundException : Could not load file or assembly 'Acme.Core, Version=1.0.0.0'" }, "import"],
    ["empty jest suite beats 'Test suite failed to run'", { status: "error", message: "  ● Test suite failed to run\n\n    Your test suite must contain at least one test." }, "commented-out"],
    ["a syntax error while loading is import", { status: "error", message: "  ● Test suite failed to run\n\n    SyntaxError: /repo/src/broken.js: Unexpected token (1:31)" }, "import"],
    ["a missing test is commented-out whatever its text", { status: "missing", message: null }, "commented-out"],
    ["a Spring context that cannot reach Postgres is infrastructure", { message: "java.lang.IllegalStateException: Failed to load ApplicationContext", trace: "java.lang.IllegalStateException: Failed to load ApplicationContext\nCaused by: org.postgresql.util.PSQLException: Connection to localhost:5432 refused.\nCaused by: java.net.ConnectException: Connection refused" }, "infrastructure"],
    ["a Spring context with a missing bean is fixture", { message: "java.lang.IllegalStateException: Failed to load ApplicationContext", trace: "Caused by: org.springframework.beans.factory.NoSuchBeanDefinitionException: No qualifying bean of type 'com.acme.Clock'" }, "fixture"],
  ])("%s", (_title, input, expected) => {
    expect(categoryOf(input as Partial<ClassifiableResult>)).toBe(expected);
  });
});

// Messages in the shape the tools print them (pytest, jest, vitest, mocha, JUnit, Go, .NET, RSpec, PHPUnit).
describe("default rulebook per language and framework", () => {
  test.each([
    // infrastructure
    ["python", "redis.exceptions.ConnectionError: Error 111 connecting to localhost:6379. Connection refused.", "infrastructure"],
    ["python", 'psycopg2.OperationalError: connection to server at "localhost" (127.0.0.1), port 5432 failed: Connection refused', "infrastructure"],
    ["python", "sqlalchemy.exc.OperationalError: (psycopg2.OperationalError) server closed the connection unexpectedly", "infrastructure"],
    ["python", "requests.exceptions.ConnectionError: HTTPConnectionPool(host='localhost', port=8000): Max retries exceeded with url: /health (Caused by NewConnectionError('<urllib3.connection.HTTPConnection object at 0x7f1c>: Failed to establish a new connection: [Errno 111] Connection refused'))", "infrastructure"],
    ["python", "sqlalchemy.exc.TimeoutError: QueuePool limit of size 5 overflow 10 reached, connection timed out, timeout 30.00", "infrastructure"],
    ["node", "Error: connect ECONNREFUSED 127.0.0.1:6379", "infrastructure"],
    ["node", "Error: getaddrinfo EAI_AGAIN postgres", "infrastructure"],
    ["node", "Error: Connection terminated unexpectedly", "infrastructure"],
    ["java", "java.net.ConnectException: Connection refused (Connection refused)", "infrastructure"],
    ["java", "org.testcontainers.containers.ContainerLaunchException: Container startup failed for image postgres:16", "infrastructure"],
    ["java", "java.lang.IllegalStateException: Could not find a valid Docker environment. Please see logs and check configuration", "infrastructure"],
    ["java", "com.zaxxer.hikari.pool.HikariPool$PoolInitializationException: Failed to initialize pool: Communications link failure", "infrastructure"],
    ["go", "dial tcp 127.0.0.1:5432: connect: connection refused", "infrastructure"],
    ["go", "dial tcp: lookup redis on 127.0.0.11:53: no such host", "infrastructure"],
    [".net", "System.Net.Sockets.SocketException : No connection could be made because the target machine actively refused it. 127.0.0.1:6379", "infrastructure"],
    [".net", "StackExchange.Redis.RedisConnectionException : It was not possible to connect to the redis server(s). UnableToConnect on localhost:6379", "infrastructure"],
    ["ruby", "Redis::CannotConnectError: Error connecting to Redis on localhost:6379 (Errno::ECONNREFUSED)", "infrastructure"],
    ["ruby", "PG::ConnectionBad: could not connect to server: Connection refused", "infrastructure"],
    ["php", "PDOException: SQLSTATE[HY000] [2002] Connection refused", "infrastructure"],
    ["docker", "Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?", "infrastructure"],
    // fixture
    ["pytest", "fixture 'launcher_config' not found", "fixture"],
    ["pytest", "ScopeMismatch: You tried to access the function scoped fixture tmp_path with a session scoped request object.", "fixture"],
    ["jest", 'thrown: "Exceeded timeout of 5000 ms for a hook.', "fixture"],
    ["vitest", "Error: Hook timed out in 10000ms.", "fixture"],
    ["junit5", "org.junit.jupiter.api.extension.ParameterResolutionException: No ParameterResolver registered for parameter [com.acme.Db db]", "fixture"],
    ["spring", "java.lang.IllegalStateException: Failed to load ApplicationContext", "fixture"],
    ["testng", "Configuration failure: beforeClass", "fixture"],
    ["nunit", "OneTimeSetUp: System.InvalidOperationException : seed data missing", "fixture"],
    ["xunit", "The following constructor parameters did not have matching fixture data: DatabaseFixture fixture", "fixture"],
    ["rspec", "An error occurred in a `before(:suite)` hook.", "fixture"],
    ["node", "Error: ENOENT: no such file or directory, open 'tests/fixtures/users.json'", "fixture"],
    ["go", "open testdata/golden.json: no such file or directory", "fixture"],
    ["java", "java.io.FileNotFoundException: src/test/resources/users.csv (No such file or directory)", "fixture"],
    ["config", "Error: DATABASE_URL is not set", "fixture"],
    // import
    ["python", "ModuleNotFoundError: No module named 'auth_service'", "import"],
    ["python", "ImportError: cannot import name 'setup_middleware' from 'netra_backend.app.core.middleware_setup'", "import"],
    ["node", "Error: Cannot find module '../src/gone' from 'tests/a.test.js'", "import"],
    ["node", "SyntaxError: The requested module './models.js' does not provide an export named 'User'", "import"],
    ["vitest", 'Error: Failed to resolve import "./gone" from "src/a.ts". Does the file exist?', "import"],
    ["java", "java.lang.NoClassDefFoundError: com/acme/auth/User", "import"],
    ["java", "java.lang.ClassNotFoundException: com.acme.auth.User", "import"],
    ["go", "./auth_test.go:12:9: undefined: auth.NewUser", "import"],
    ["go", "FAIL	github.com/acme/auth [build failed]", "import"],
    [".net", "System.TypeLoadException : Could not load type 'Acme.Auth.User' from assembly 'Acme.Auth'", "import"],
    ["ruby", "LoadError: cannot load such file -- acme/auth/user", "import"],
    ["ruby", "NameError: uninitialized constant Acme::Auth::User", "import"],
    ["php", 'Error: Class "App\\Auth\\User" not found', "import"],
    // mock
    ["python", "AttributeError: Mock object has no attribute 'accept'", "mock"],
    ["python", "AttributeError: <class 'app.ws.WebSocket'> does not have the attribute 'accept_v2'", "mock"],
    ["python", "TypeError: object MagicMock can't be used in 'await' expression", "mock"],
    ["jest", "TypeError: mockClient.query.mockResolvedValue is not a function", "mock"],
    ["jest", "Cannot spy on the `sendBulk` property because it is not a function; undefined given instead", "mock"],
    ["sinon", "TypeError: Cannot stub non-existent property sendBulk", "mock"],
    ["mockito", "org.mockito.exceptions.misusing.WrongTypeOfReturnValue: String cannot be returned by size()", "mock"],
    ["mockito", "org.mockito.exceptions.base.MockitoException: Mockito cannot mock this class: class com.acme.FinalClient", "mock"],
    ["moq", "Moq.MockException : IClient.Send(\"x\") invocation failed with mock behavior Strict.", "mock"],
    ["moq", "System.NotSupportedException : Unsupported expression: c => c.Send(It.IsAny<string>()) Non-overridable members may not be used in setup / verification expressions.", "mock"],
    ["rspec", "#<InstanceDouble(Acme::Client) (anonymous)> received unexpected message :accept with (no args)", "mock"],
    ["rspec", "the Acme::Client class does not implement the instance method: accept_v2", "mock"],
    ["phpunit", 'Trying to configure method "acceptV2" which cannot be configured because it does not exist, has not been specified, is final, or is static', "mock"],
    ["gomock", "Unexpected call to *mocks.MockClient.Accept([]) at client_test.go:21 because: there are no expected calls of the method \"Accept\" for that receiver", "mock"],
    ["testify", "mock: I don't know what to return because the method call was unexpected.", "mock"],
    // commented-out
    ["pytest", "collected 0 items", "commented-out"],
    ["pytest", "# REMOVED_SYNTAX_ERROR: def test_health_route():", "commented-out"],
    ["jest", "Your test suite must contain at least one test.", "commented-out"],
    ["jest", "No tests found, exiting with code 1", "commented-out"],
    ["vitest", "Error: No test suite found in file /repo/tests/health.test.ts", "commented-out"],
    ["junit4", "java.lang.Exception: No runnable methods", "commented-out"],
    ["rspec", "No examples found.", "commented-out"],
    // assertion
    ["pytest", "assert [1, 2, 3] == [1, 2, 3, 4]", "assertion"],
    ["pytest", "Failed: DID NOT RAISE <class 'ValueError'>", "assertion"],
    ["unittest", "AssertionError: 10 != 9", "assertion"],
    ["jest", "Error: expect(received).toBe(expected) // Object.is equality\n\nExpected: 5\nReceived: 4", "assertion"],
    ["vitest", "AssertionError: expected 4 to be 5 // Object.is equality", "assertion"],
    ["node:assert", "AssertionError [ERR_ASSERTION]: Expected values to be strictly equal:\n\n4 !== 5", "assertion"],
    ["junit5", "org.opentest4j.AssertionFailedError: expected: <5> but was: <4>", "assertion"],
    ["junit4", "java.lang.AssertionError: expected:<5> but was:<4>", "assertion"],
    ["testify", "Error Trace:	calc_test.go:12\n	Error:      	Not equal: \n	            	expected: 5\n	            	actual  : 4", "assertion"],
    ["nunit", "  Expected: 5\n  But was:  4", "assertion"],
    ["xunit", "Assert.Equal() Failure\nExpected: 5\nActual:   4", "assertion"],
    ["rspec", "Failure/Error: expect(total).to eq(5)\n\n  expected: 5\n       got: 4", "assertion"],
    ["phpunit", "Failed asserting that 4 is identical to 5.", "assertion"],
  ])("%s: %s → %s", (_tool, message, expected) => {
    expect(categoryOf({ message })).toBe(expected);
  });

  test.each([
    ["org.opentest4j.AssertionFailedError", "assertion"],
    ["AssertionError", "assertion"],
    ["Xunit.Sdk.EqualException", "assertion"],
    ["PHPUnit\\Framework\\ExpectationFailedException", "assertion"],
  ])("failure type %s → %s", (type, expected) => {
    expect(categoryOf({ type, message: "values differ" })).toBe(expected);
  });
});
