import { describe, expect, test } from "vitest";
import { fingerprintResult, groupTitle, normaliseMessage } from "./fingerprint";

describe("normaliseMessage", () => {
  test.each([
    ["Error: connect ECONNREFUSED 127.0.0.1:6379", "Error: connect ECONNREFUSED 127.0.0.1:<port>"],
    ["dial tcp redis:6379: connect: connection refused", "dial tcp redis:<port>: connect: connection refused"],
    ["<app.ws.Client object at 0x7f3a2b1c9d50> has no accept", "<app.ws.Client object> has no accept"],
    ["freed 0xdeadbeef twice", "freed <hex> twice"],
    ["run 3f2b8c1e-9d4a-4e2f-8a1b-2c3d4e5f6a7b failed", "run <uuid> failed"],
    ["at 2024-05-01T12:30:45.123Z the lock expired", "at <time> the lock expired"],
    ["on 2024-05-01 at 12:30:45", "on <date> at <time>"],
    ["Timed out after 5.2s", "Timed out after <duration>"],
    ["Exceeded timeout of 5000 ms for a hook.", "Exceeded timeout of <duration> for a hook."],
    ["FileNotFoundError: '/tmp/pytest-of-ci/pytest-12/test_a0/data.json'", "FileNotFoundError: '<tmp>'"],
    ["worker pid 48213 exited with code 1", "worker pid <n> exited with code <n>"],
    ["job 'b7c1e2f09a8d4c3b1f2e' not found", "job '<hex>' not found"],
    ["order 'ord_2Hk93nMzP0qLx81' missing", "order '<id>' missing"],
    ["\n\n   first   line  \nsecond line", "first line"],
    ["  ● Test suite failed to run\n\n    Cannot find module '../src/gone' from 'tests/a.test.js'", "Cannot find module '../src/gone' from 'tests/a.test.js'"],
    ['failed on setup with "file /repo/tests/test_a.py, line 5\n  def test_a(service_discovery):\nE       fixture \'service_discovery\' not found\n>       available fixtures: cache', "fixture 'service_discovery' not found"],
    ["", ""],
  ])("%j → %j", (input, expected) => {
    expect(normaliseMessage(input)).toBe(expected);
  });

  test("caps the title at 300 characters", () => {
    expect(normaliseMessage(`Error: ${"word ".repeat(200)}`).length).toBeLessThanOrEqual(300);
  });
});

describe("fingerprintResult", () => {
  test("is a 32-character hex digest", () => {
    expect(fingerprintResult("other", null, "boom")).toMatch(/^[0-9a-f]{32}$/);
  });

  test("the remediation report's two missing fixtures are two groups", () => {
    const pytestMessage = (fixture: string, line: number) =>
      `failed on setup with "file /repo/tests/test_cross_service_integration_auth.py, line ${line}\n  def test_x(${fixture}):\nE       fixture '${fixture}' not found\n>       available fixtures: cache, capsys"`;
    const a = fingerprintResult("fixture", null, pytestMessage("service_discovery", 12));
    const b = fingerprintResult("fixture", null, pytestMessage("launcher_config", 30));
    expect(a).not.toBe(b);
    expect(groupTitle(null, pytestMessage("service_discovery", 12))).toBe("fixture 'service_discovery' not found");
  });

  test("the same Redis outage over many tests and runs is one group", () => {
    const messages = Array.from({ length: 30 }, (_, run) =>
      `redis.exceptions.ConnectionError: Error 111 connecting to 127.0.0.1:${6379 + (run % 3)} at 2024-06-${String((run % 28) + 1).padStart(2, "0")}T0${run % 10}:15:00Z (pid ${4000 + run}, conn <Connection object at 0x7f${run.toString(16)}a9c>). Connection refused.`,
    );
    const fingerprints = new Set(messages.map((m) => fingerprintResult("infrastructure", "ConnectionError", m)));
    expect(fingerprints.size).toBe(1);
  });

  test("imports of different symbols are different groups", () => {
    const user = "ImportError: cannot import name 'User' from 'auth_service.auth_core.models'";
    const setup = "ImportError: cannot import name 'setup_middleware' from 'netra_backend.app.core.middleware_setup'";
    expect(fingerprintResult("import", "ImportError", user)).not.toBe(fingerprintResult("import", "ImportError", setup));
  });

  test("category and type are part of the fingerprint", () => {
    const message = "AttributeError: 'MockWebSocket' object has no attribute 'accept'";
    expect(fingerprintResult("mock", "AttributeError", message)).not.toBe(fingerprintResult("other", "AttributeError", message));
    expect(fingerprintResult("mock", "AttributeError", message)).not.toBe(fingerprintResult("mock", null, message));
  });

  test("volatile-only differences do not split a group, the trace's later lines do not either", () => {
    const a = "TimeoutError: upstream did not answer after 5.2s\n  at /tmp/run-1/a.js:10";
    const b = "TimeoutError: upstream did not answer after 12s\n  at /tmp/run-2/b.js:99";
    expect(fingerprintResult("infrastructure", null, a)).toBe(fingerprintResult("infrastructure", null, b));
  });

  test("groupTitle falls back to the type", () => {
    expect(groupTitle("java.lang.NullPointerException", null)).toBe("java.lang.NullPointerException");
    expect(groupTitle(null, null)).toBe("(no message)");
  });
});
