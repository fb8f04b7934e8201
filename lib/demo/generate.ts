/**
 * Demo data: the Golden Path remediation story (shared/context/golden-path-remediation-report.md)
 * as real JUnit XML, pytest-style, one report per CI shard. ~30 runs over six weeks on `main`:
 * the pass rate starts near 20 % with all five causes present and climbs toward ~85 % as Teams
 * A–D land their fixes, with a few flaky tests and two test files commented out for a while.
 * Deterministic: the same seed gives the same files.
 */

export interface DemoReport {
  filename: string;
  xml: string;
}

export interface DemoRun {
  runKey: string;
  branch: string;
  commitSha: string;
  ciUrl: string;
  startedAt: Date;
  reports: DemoReport[];
}

type Outcome =
  | { kind: "pass" }
  | { kind: "skip"; message: string }
  | { kind: "failure"; type: string; message: string; trace: string }
  | { kind: "error"; type: string; message: string; trace: string }
  | { kind: "absent" };

interface DemoTest {
  file: string;
  className: string;
  name: string;
  /** Outcome in run `i` (0-based) of `total`. */
  outcome: (i: number, random: () => number) => Outcome;
}

const DAY = 86_400_000;

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pass: Outcome = { kind: "pass" };

function redisDown(file: string, line: number): Outcome {
  return {
    kind: "failure",
    type: "AssertionError",
    message: "AssertionError: Redis connection required for persistence tests",
    trace: [
      `${file}:${line}: in setup_method`,
      "    assert redis_manager.is_connected(), \"Redis connection required for persistence tests\"",
      "E   AssertionError: Redis connection required for persistence tests",
      "----------------------------- Captured log call -----------------------------",
      "ERROR    netra_backend.app.redis_manager:redis_manager.py:177 Redis reconnection failed (attempt 1): Error 111 connecting to localhost:6379. Connection refused.",
      "WARNING  netra_backend.app.redis_manager:redis_manager.py:368 Redis recovery failed - returning None",
    ].join("\n"),
  };
}

function missingFixture(file: string, testName: string, fixture: string): Outcome {
  return {
    kind: "error",
    type: "",
    message: `failed on setup with "file ${file}, line 41\n  def ${testName}(${fixture}, auth_client):\nE       fixture '${fixture}' not found"`,
    trace: [
      `file ${file}, line 41`,
      `  def ${testName}(${fixture}, auth_client):`,
      `E       fixture '${fixture}' not found`,
      ">       available fixtures: anyio_backend, auth_client, cache, capfd, caplog, monkeypatch, tmp_path",
      ">       use 'pytest --fixtures [testpath]' for help on them.",
    ].join("\n"),
  };
}

function importFailure(symbol: string, module: string, file: string): Outcome {
  return {
    kind: "failure",
    type: "ImportError",
    message: `ImportError: cannot import name '${symbol}' from '${module}' (/app/${module.replaceAll(".", "/")}.py)`,
    trace: [
      `${file}:14: in <module>`,
      `    from ${module} import ${symbol}`,
      `E   ImportError: cannot import name '${symbol}' from '${module}' (/app/${module.replaceAll(".", "/")}.py)`,
    ].join("\n"),
  };
}

function mockWebSocket(file: string): Outcome {
  return {
    kind: "failure",
    type: "AttributeError",
    message: "AttributeError: 'MockWebSocket' object has no attribute 'accept'",
    trace: [
      `${file}:88: in test_websocket_flow`,
      "    await handler.connect(websocket)",
      "netra_backend/app/websocket/handler.py:52: in connect",
      "    await websocket.accept()",
      "E   AttributeError: 'MockWebSocket' object has no attribute 'accept'",
    ].join("\n"),
  };
}

function assertion(message: string, file: string): Outcome {
  return { kind: "failure", type: "AssertionError", message, trace: `${file}:120: in test\nE   ${message}` };
}

/** The fix of each cause lands at this run index (0-based), as in the report's phases. */
const FIX = { fixture: 8, mock: 11, infrastructure: 13, authModels: 15, dockerManager: 17, middleware: 19, health: 21, cors: 23 };
/** Team D's files were commented out (REMOVED_SYNTAX_ERROR) after the first runs and restored later. */
const COMMENTED_OUT_FROM = 2;

function buildSuite(): DemoTest[] {
  const tests: DemoTest[] = [];
  const add = (file: string, className: string, names: string[], outcome: DemoTest["outcome"]) => {
    for (const name of names) tests.push({ file, className, name, outcome });
  };
  const mod = (file: string) => file.replace(/\.py$/, "").replaceAll("/", ".");

  const persistence = "tests/integration/test_3tier_persistence_integration.py";
  add(
    persistence,
    `${mod(persistence)}.TestThreeTierPersistence`,
    [
      "test_redis_primary_storage",
      "test_postgres_checkpoint_creation",
      "test_failover_chain_recovery",
      "test_cross_database_consistency",
      "test_atomic_transaction_guarantees",
      "test_concurrent_agent_persistence",
      "test_24_hour_persistence_lifecycle",
      "test_enterprise_workload_validation",
    ],
    (i) => (i < FIX.infrastructure ? redisDown(persistence, 57) : pass),
  );
  add(persistence, `${mod(persistence)}.TestThreeTierPersistence`, ["test_clickhouse_analytics_tier"], (i) =>
    i < FIX.infrastructure ? redisDown(persistence, 57) : { kind: "skip", message: "ClickHouse not available in this environment" },
  );

  const auth = "tests/integration/test_cross_service_integration_auth.py";
  add(auth, `${mod(auth)}.TestCrossServiceAuth`, ["test_auth_token_generation"], (i) =>
    i < FIX.fixture ? missingFixture(auth, "test_auth_token_generation", "service_discovery") : pass,
  );
  add(auth, `${mod(auth)}.TestCrossServiceAuth`, ["test_auth_token_setup"], (i) =>
    i < FIX.fixture ? missingFixture(auth, "test_auth_token_setup", "launcher_config") : pass,
  );

  const ws = "tests/integration/test_websocket_integration.py";
  add(
    ws,
    `${mod(ws)}.TestWebSocketIntegration`,
    ["test_auth_handshake", "test_reconnection_with_auth", "test_token_refresh", "test_multi_client_broadcast", "test_rate_limiting"],
    (i) => (i < FIX.mock ? mockWebSocket(ws) : pass),
  );
  add(ws, `${mod(ws)}.TestWebSocketIntegration`, ["test_invalid_token_rejection"], (i) =>
    i < FIX.mock
      ? mockWebSocket(ws)
      : assertion("AssertionError: expected ValueError to be raised for an invalid token, got AuthenticationError", ws),
  );

  const system = "tests/integration/test_system_integration.py";
  const systemClass = `${mod(system)}.TestSystemIntegration`;
  add(
    system,
    systemClass,
    [
      "test_configuration_consistency",
      "test_database_integration",
      "test_logging_integration",
      "test_environment_isolation",
      "test_websocket_readiness",
      "test_error_handling",
      "test_service_health_indicators",
      "test_dev_launcher_readiness",
      "test_system_startup_sequence",
    ],
    () => pass,
  );
  add(system, systemClass, ["test_middleware_integration", "test_auth_integration"], (i) =>
    i < FIX.middleware ? importFailure("setup_middleware", "netra_backend.app.core.middleware_setup", system) : pass,
  );
  add(system, systemClass, ["test_auth_service_config_loading"], () => ({
    kind: "failure",
    type: "ModuleNotFoundError",
    message: "ModuleNotFoundError: No module named 'auth_service.config'",
    trace: `${system}:9: in <module>\n    from auth_service.config import AuthConfig\nE   ModuleNotFoundError: No module named 'auth_service.config'`,
  }));

  const models = "tests/integration/test_auth_models_integration.py";
  add(models, `${mod(models)}.TestAuthModels`, ["test_user_model_export", "test_user_roundtrip", "test_user_permissions"], (i) =>
    i < FIX.authModels ? importFailure("User", "auth_service.auth_core.models", models) : pass,
  );

  const docker = "tests/integration/test_docker_manager_integration.py";
  add(
    docker,
    `${mod(docker)}.TestUnifiedDockerManager`,
    ["test_service_type_enum", "test_start_services", "test_health_wait", "test_teardown"],
    (i) => (i < FIX.dockerManager ? importFailure("ServiceType", "test_framework.unified_docker_manager", docker) : pass),
  );

  const isolated = "tests/integration/test_isolated_environment.py";
  add(isolated, `${mod(isolated)}.TestIsolatedEnvironment`, ["test_env_isolation_per_user", "test_env_cleanup", "test_env_secrets_masked"], () =>
    missingFixture(isolated, "test_env_isolation_per_user", "isolated_test_env"),
  );

  const health = "tests/integration/test_health_route_integration_failures.py";
  const healthClass = `${mod(health)}.TestHealthRouteIntegration`;
  const healthRestored = (i: number) => i < COMMENTED_OUT_FROM || i >= FIX.health;
  add(health, healthClass, ["test_health_endpoint_ok", "test_readiness_probe", "test_liveness_probe"], (i) => (healthRestored(i) ? pass : { kind: "absent" }));
  add(health, healthClass, ["test_websocket_http_health_format", "test_redis_database_race", "test_service_port_conflicts"], (i) =>
    healthRestored(i)
      ? assertion("AssertionError: health payload format differs between WebSocket and HTTP endpoints", health)
      : { kind: "absent" },
  );

  const cors = "tests/integration/test_cors_integration.py";
  add(
    cors,
    `${mod(cors)}.TestCorsIntegration`,
    [
      "test_backend_cors_preflight",
      "test_backend_cors_actual_requests",
      "test_auth_service_cors",
      "test_websocket_cors_headers",
      "test_cors_with_credentials",
      "test_cors_multiple_origins",
      "test_cors_rejected_origins",
      "test_cors_method_restrictions",
    ],
    (i) => {
      if (i >= FIX.cors) return pass;
      if (i >= COMMENTED_OUT_FROM) return { kind: "absent" };
      // Before they were commented out, these failed because the auth service was not running.
      return {
        kind: "failure",
        type: "ConnectionRefusedError",
        message: "httpx.ConnectError: [Errno 111] Connection refused (auth-service:8081)",
        trace: `${cors}:33: in test\n    response = client.options(AUTH_URL, headers=PREFLIGHT)\nE   httpx.ConnectError: [Errno 111] Connection refused`,
      };
    },
  );

  // Two tests that flip now and then: a retry makes them pass, which is what "flaky" means here.
  const flakyFile = "tests/integration/test_agent_pipeline.py";
  add(flakyFile, `${mod(flakyFile)}.TestAgentPipeline`, ["test_pipeline_end_to_end", "test_pipeline_cancellation"], () => pass);
  return tests;
}

function escapeXml(text: string): string {
  return text
    .replaceAll("&", "&amp;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;")
    .replaceAll("\n", "&#10;");
}

function testcaseXml(test: DemoTest, outcome: Outcome, time: number, flakyRetry: boolean): string {
  // pytest's xunit1 family writes the file too, which path ownership rules match on.
  const head = `<testcase classname="${test.className}" name="${test.name}" file="${test.file}" time="${time.toFixed(3)}"`;
  const body = (kind: "failure" | "error", o: { type: string; message: string; trace: string }) =>
    `${head}><${kind} message="${escapeXml(o.message)}"${o.type ? ` type="${escapeXml(o.type)}"` : ""}>${escapeXml(o.trace)}</${kind}></testcase>`;
  switch (outcome.kind) {
    case "pass":
      if (flakyRetry) {
        // pytest-rerunfailures style: the failed attempt and the passing rerun, same classname and name.
        const failed = body("failure", {
          type: "TimeoutError",
          message: "TimeoutError: pipeline did not finish within 30s",
          trace: `${test.file}:77: in ${test.name}\nE   TimeoutError: pipeline did not finish within 30s`,
        });
        return `${failed}\n    ${head}/>`;
      }
      return `${head}/>`;
    case "skip":
      return `${head}><skipped type="pytest.skip" message="${escapeXml(outcome.message)}">${escapeXml(`${test.file}:30: ${outcome.message}`)}</skipped></testcase>`;
    case "failure":
      return body("failure", outcome);
    case "error":
      return body("error", outcome);
    case "absent":
      return "";
  }
}

function reportXml(suiteName: string, cases: string[], timestamp: Date, hostname: string): string {
  const body = cases.filter(Boolean).join("\n    ");
  return `<?xml version="1.0" encoding="utf-8"?>
<testsuites>
  <testsuite name="${suiteName}" timestamp="${timestamp.toISOString().slice(0, 19)}" hostname="${hostname}">
    ${body}
  </testsuite>
</testsuites>
`;
}

export interface DemoOptions {
  runs?: number;
  /** Date of the last run; the others precede it at roughly 1.4-day intervals. */
  end?: Date;
  seed?: number;
}

export function generateDemoRuns(options: DemoOptions = {}): DemoRun[] {
  const total = options.runs ?? 30;
  const end = options.end ?? new Date();
  const random = mulberry32(options.seed ?? 20_260_101);
  const suite = buildSuite();
  const start = end.getTime() - 42 * DAY;
  const runs: DemoRun[] = [];
  for (let i = 0; i < total; i++) {
    const startedAt = new Date(start + ((end.getTime() - start) * i) / Math.max(1, total - 1) - Math.floor(random() * 3) * 3_600_000);
    const shards: string[][] = [[], []];
    suite.forEach((test, index) => {
      const outcome = test.outcome(i, random);
      const flakyRetry = outcome.kind === "pass" && test.file.endsWith("test_agent_pipeline.py") && random() < 0.25;
      const time = outcome.kind === "pass" ? 0.05 + random() * 2 : 0.01 + random() * 0.3;
      shards[index % 2]!.push(testcaseXml(test, outcome, time, flakyRetry));
    });
    const build = 1040 + i;
    runs.push({
      runKey: `ci-${build}`,
      branch: "main",
      commitSha: Array.from({ length: 40 }, () => Math.floor(random() * 16).toString(16)).join(""),
      ciUrl: `https://ci.example.com/golden-path/builds/${build}`,
      startedAt,
      reports: shards.map((cases, s) => ({
        filename: `reports/integration-shard-${s + 1}.xml`,
        xml: reportXml("pytest", cases, startedAt, `ci-runner-${s + 1}`),
      })),
    });
  }
  return runs;
}
