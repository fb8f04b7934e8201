import type { Category, RuleDefinition } from "./types";

// The default rulebook. Order is the design: the first match wins, so a cause that can show up
// wrapped in another one's symptom comes first — a vanished suite before everything, a service
// that is down before the setup hook or assertion it broke ("AssertionError: Redis connection
// required" is infrastructure), a missing module before the fixture that imported it, a test
// double's missing member before the generic fixture/assertion rules. Patterns are generic
// signatures of real tools, never of particular test names.

const either = (...parts: string[]): string => parts.join("|");

/** A rule on the message plus the same pattern on the trace (`:trace` id suffix). */
function onMessageOrTrace(
  id: string,
  name: string,
  category: Category,
  pattern: string,
  tracePattern: string = pattern,
): RuleDefinition[] {
  return [
    { id, name, category, message: pattern },
    { id: `${id}:trace`, name: `${name} (in trace)`, category, trace: tracePattern },
  ];
}

// A pytest trace shows the source of each frame; the raised exception is on lines starting
// with "E   " and in the closing "path.py:12: ExcType" line, so trace rules for Python anchor there.
const pyRaised = (types: string): string => `(?:^|\\n)E\\s+(?:[\\w.]+\\.)?(?:${types})\\b|:\\d+: (?:[\\w.]+\\.)?(?:${types})\\s*$`;

// ---------------------------------------------------------------- commented-out
const EMPTY_SUITE = either(
  "REMOVED_SYNTAX_ERROR",
  "collected 0 items",
  "\\bno tests ran\\b",
  "Your test suite must contain at least one test",
  "No test suite found in file",
  "\\bNo tests found\\b",
  "No test files found",
  "No examples found",
  "No tests were (?:found|executed)",
  "No runnable methods",
  "contains no tests",
);

// ---------------------------------------------------------------- infrastructure
const NODE_NETWORK = either(
  "\\b(?:ECONNREFUSED|ECONNRESET|ETIMEDOUT|EHOSTUNREACH|ENETUNREACH|ENOTFOUND|EAI_AGAIN|ECONNABORTED)\\b",
  "socket hang up",
  "TypeError: fetch failed",
  "^fetch failed$",
  "\\bUND_ERR_(?:CONNECT_TIMEOUT|SOCKET|HEADERS_TIMEOUT)\\b",
  "Redis connection to [^\\n]* failed",
  "Connection terminated unexpectedly",
  "MongoServerSelectionError|MongoNetworkError",
  "KafkaJSConnectionError|KafkaJSNumberOfRetriesExceeded",
  "SequelizeConnection(?:Refused)?Error",
);
const PY_NETWORK_TYPES = either(
  "ConnectionRefusedError",
  "ConnectionResetError",
  "ConnectionAbortedError",
  "ConnectionError",
  "RemoteDisconnected",
  "gaierror",
  "ConnectTimeout(?:Error)?",
  "ReadTimeout(?:Error)?",
  "NewConnectionError",
  "MaxRetryError",
  "ServerSelectionTimeoutError",
  "NoBrokersAvailable",
);
const PY_NETWORK = either(
  `\\b(?:[\\w.]+\\.)?(?:${PY_NETWORK_TYPES})\\b`,
  "\\[Errno (?:111|104|110|113|101|-2|-3|-5)\\]",
  "(?:psycopg2?|psycopg|pymysql(?:\\.err)?|MySQLdb|asyncpg\\.exceptions)\\.(?:OperationalError|InterfaceError)",
  "redis\\.exceptions\\.(?:ConnectionError|TimeoutError|BusyLoadingError)",
  "Connect call failed",
  "TimeoutError: timed out",
  "urlopen error",
);
const GENERIC_NETWORK = either(
  "connection (?:was )?(?:refused|reset|timed out|aborted)",
  "could not connect to (?:server|the server|database|redis|host)",
  "(?:Could not|Unable to|Failed to|Cannot) (?:connect|establish (?:a )?connection) to",
  "server closed the connection",
  "Remote end closed connection",
  "Can't connect to (?:local )?MySQL server",
  "Name or service not known",
  "Temporary failure in name resolution",
  "nodename nor servname",
  "No address associated with hostname",
  "Network is unreachable",
  "No route to host",
  "connect timed out",
  "Read timed out",
  "too many (?:clients|connections)",
  "remaining connection slots are reserved",
  "(?:connection )?pool (?:is )?(?:exhausted|timeout|timed out)",
  "Timeout waiting for (?:idle object|connection)",
  "Unable to acquire JDBC Connection",
  "Connection is not available, request timed out",
  "QueuePool limit",
  "could not obtain (?:a )?(?:database )?connection",
);
const SERVICE_DOWN =
  "\\b(?:redis|postgres(?:ql)?|mysql|mariadb|mongo(?:db)?|kafka|clickhouse|rabbitmq|amqp|elasticsearch|opensearch|memcached|zookeeper|cassandra|database|broker)\\b[^\\n]{0,40}" +
  "\\b(?:(?:re)?connection (?:is )?(?:required|failed|refused|error|lost|closed|unavailable|timed out)|reconnection failed|recovery failed|(?:is )?(?:not |un)(?:available|reachable|running)|is down)";
const JAVA_NETWORK = either(
  "java\\.net\\.(?:ConnectException|SocketTimeoutException|UnknownHostException|NoRouteToHostException|SocketException)",
  "java\\.nio\\.channels\\.UnresolvedAddressException",
  "PSQLException: Connection to [^\\n]* refused",
  "Communications link failure",
  "RedisConnectionException|JedisConnectionException",
  "CannotGetJdbcConnectionException",
  "HttpHostConnectException|ConnectTimeoutException",
  "Connection reset by peer",
);
const GO_NETWORK = either(
  "dial (?:tcp|udp|unix)[^\\n]*: (?:connect: )?(?:connection refused|i/o timeout|no such host|no such file or directory)",
  "lookup [^\\s]+(?: on [^\\n]*)?: no such host",
  "(?:read|write) tcp [^\\n]*: connection reset by peer",
);
const DOTNET_NETWORK = either(
  "System\\.Net\\.Sockets\\.SocketException",
  "System\\.Net\\.Http\\.HttpRequestException",
  "actively refused it",
  "NpgsqlException[^\\n]*(?:connect|refused|timeout)",
  "It was not possible to connect to the redis server",
  "A network-related or instance-specific error",
  "MongoConnectionException",
);
const RUBY_PHP_NETWORK = either(
  "Errno::(?:ECONNREFUSED|ECONNRESET|EHOSTUNREACH|ETIMEDOUT)",
  "Redis::CannotConnectError|PG::ConnectionBad|Mysql2::Error::ConnectionError",
  "Net::(?:OpenTimeout|ReadTimeout)",
  "SocketError: (?:getaddrinfo|Failed to open TCP connection)",
  "Faraday::ConnectionFailed",
  "SQLSTATE\\[(?:HY000\\] \\[2002|08006|08001)",
  "Predis\\\\Connection\\\\ConnectionException|RedisException: Connection refused",
  "GuzzleHttp\\\\Exception\\\\ConnectException|cURL error (?:6|7|28):",
);
const DOCKER = either(
  "Cannot connect to the Docker daemon",
  "docker\\.errors\\.DockerException",
  "Could not find a valid Docker environment",
  "Is the docker daemon running",
  "error during connect:",
  "org\\.testcontainers\\.[\\w.]*(?:Exception|Error)",
  "ContainerLaunchException",
  "testcontainers[^\\n]*(?:failed|error|not available|could not)",
);

// ---------------------------------------------------------------- assertion about calls (before mock)
const CALL_VERIFICATION = either(
  "org\\.mockito\\.exceptions\\.verification\\.",
  "Wanted but not invoked",
  "Argument\\(s\\) are different!",
  "TooManyActualInvocations|NeverWantedButInvoked",
  "Expected invocation on the mock",
  "ReceivedCallsException",
  "missing call\\(s\\) to",
  "ExpectationError",
  "Expectation failed for method name",
  "expected: \\d+ times? with arguments",
);

// ---------------------------------------------------------------- mock (named doubles and mock APIs)
const DOUBLE_WORD = "(?:mock|fake|stub|spy|dummy|double)";
const JS_MOCK = either(
  `[\\w$]*${DOUBLE_WORD}[\\w$]*(?:\\.[\\w$]+)* is not a (?:function|constructor)`,
  "\\.(?:mock(?:Resolved|Rejected)?Value(?:Once)?|mockImplementation(?:Once)?|mockReturnValue(?:Once)?|mockReturnThis|mockClear|mockReset|mockRestore|resolves|rejects|returns|callsFake|withArgs|onCall|yields) is not a function",
  "reading 'mock\\w*'",
  "Cannot spy on [^\\n]*(?:not a function|does not exist|undefined given)",
  "Property `[\\w$]+` does not exist in the provided object",
  'The property "[\\w$]+" is not defined on the object',
  "Cannot stub non-existent (?:own )?property",
  "Attempted to wrap (?:undefined property|\\w+ which is already wrapped)",
  'No "[^"]+" export is defined on the "[^"]+" mock',
  "The module factory of `jest\\.mock\\(\\)` is not allowed",
);
const PY_MOCK = either(
  "Mock object has no attribute",
  `'[\\w.]*${DOUBLE_WORD}\\w*' object has no attribute`,
  "> does not have the attribute '",
  "AttributeError: mock\\.[\\w.]+\\s*$",
  `'\\w*${DOUBLE_WORD}\\w*' object is not (?:callable|iterable|subscriptable|an iterator|awaitable)`,
  "object \\w*Mock can't be used in 'await' expression",
  `\\b\\w*${DOUBLE_WORD}\\w*\\.\\w+\\(\\) (?:takes|got|missing)`,
  "Attempting to set unsupported magic method",
  "Cannot spec a Mock object",
);
const OTHER_MOCK = either(
  "org\\.mockito\\.exceptions\\.",
  "UnfinishedStubbing|WrongTypeOfReturnValue|UnnecessaryStubbing|MissingMethodInvocation|InvalidUseOfMatchers|PotentialStubbingProblem|NotAMockException|CannotStubVoidMethodWithReturnValue",
  "Mockito cannot mock",
  "MockitoException",
  "invocation failed with mock behavior Strict",
  "All invocations on the mock must have a corresponding setup",
  "(?:Invalid|Unsupported) (?:setup|expression)[^\\n]*(?:non-virtual|Non-overridable)",
  "NSubstitute\\.Exceptions\\.(?:CouldNotSetReturn|UnexpectedArgumentMatcher|AmbiguousArguments|SubstituteException)",
  "received unexpected message",
  "does not implement: ",
  "class does not implement the (?:class|instance) method",
  "#<(?:Double|InstanceDouble|ClassDouble)",
  'Trying to (?:configure|mock) method "[^"]+" which cannot be configured because it does not exist',
  'Cannot stub or mock class or interface "[^"]+" which does not exist',
  "Prophecy\\\\Exception\\\\Doubler",
  "Unexpected call to \\*\\w*[Mm]ock",
  "mock: (?:Unexpected Method Call|I don't know what to return)",
  "there are no expected calls of the method",
);

// ---------------------------------------------------------------- import
const PY_IMPORT = either(
  "\\b(?:ModuleNotFoundError|ImportError)\\b",
  "No module named",
  "cannot import name",
  "ImportError while importing test module",
  "attempted relative import",
  "module '[\\w.]+' has no attribute",
);
const PY_LOAD_TRACE = pyRaised("ModuleNotFoundError|ImportError|SyntaxError|IndentationError|TabError");
const JS_IMPORT = either(
  "Cannot find (?:module|package) '[^']+'",
  "\\bERR_MODULE_NOT_FOUND\\b|\\bMODULE_NOT_FOUND\\b|ERR_PACKAGE_PATH_NOT_EXPORTED|ERR_UNSUPPORTED_DIR_IMPORT",
  "does not provide an export named",
  "Failed to (?:resolve|load) (?:import|url|module)",
  "Could not resolve \"",
  "Module not found: (?:Error: )?Can't resolve",
  "is not exported by",
  "export '[^']+' \\(imported as '[^']+'\\) was not found",
  "Cannot use import statement outside a module",
  "Jest encountered an unexpected token",
  "Test suite failed to run\\s+SyntaxError",
  "BABEL_PARSE_ERROR",
  "error TS2307",
);
// A renamed or missing export: the binding an import produced (bare identifier, babel/ts-jest
// interop names, vitest's import object) is not callable.
const JS_IMPORT_BINDING =
  "(?:^|TypeError: )(?:\\(0 ?, ?[\\w$.]+\\)|[\\w$]+_\\d+\\.[\\w$]+|__vi_import_\\d+__\\.[\\w$]+|_[\\w$]+\\.[\\w$]+|require\\(\\.\\.\\.\\)\\.[\\w$]+|[\\w$]+) is not a (?:function|constructor)";
// `module.member is not a function` raised directly in a test file: a member of an imported module.
const JS_MEMBER_IN_TEST =
  "(?:^|TypeError: )[\\w$]+\\.[\\w$]+ is not a function\\s*\\n\\s*(?:at [^\\n]*|❯ [^\\n]*)[./](?:test|spec)\\.[cm]?[jt]sx?:\\d+";
const JVM_IMPORT = either(
  "ClassNotFoundException",
  "NoClassDefFoundError",
  "NoSuchMethodError",
  "NoSuchFieldError",
  "IncompatibleClassChangeError",
  "UnsatisfiedLinkError",
  "error: cannot find symbol",
  "error: package [\\w.]+ does not exist",
  "Unresolved reference",
);
const GO_IMPORT = either(
  "\\bundefined: [\\w.]+",
  "cannot find package",
  "no required module provides package",
  "could not import",
  "\\[(?:build|setup) failed\\]",
  "build constraints exclude all Go files",
  "is not in (?:GOROOT|std)",
);
const DOTNET_IMPORT = either(
  "Could not load file or assembly",
  "System\\.(?:TypeLoadException|MissingMethodException|IO\\.FileLoadException)",
  "Could not load type",
  "error CS0(?:246|234|103)",
);
const RUBY_PHP_IMPORT = either(
  "\\bLoadError\\b",
  "cannot load such file",
  "uninitialized constant",
  "(?:Class|Interface|Trait|Enum) [\"'][^\"']+[\"'] not found",
  "Failed opening required",
  "Call to undefined function",
);

// ---------------------------------------------------------------- fixture
const FIXTURE_LOOKUP = either(
  "fixture '[^']+' not found",
  "ScopeMismatch",
  "recursive dependency involving fixture",
  "FixtureLookupError",
  "Fixture \"[^\"]+\" called directly",
  "had one or more unresolved constructor arguments",
  "did not have matching fixture data",
  "No ParameterResolver registered for parameter",
  "ParameterResolutionException",
);
const SETUP_FAILURE = either(
  "\\bfailed on (?:setup|teardown)\\b",
  "error (?:at|on|in) (?:setup|teardown)\\b",
  "Exceeded timeout of \\d+ ?ms for a hook",
  "Hook timed out in",
  "\"(?:before|after) (?:all|each)\" hook",
  "An error occurred in (?:a|an) `(?:before|after|around)\\(:(?:suite|context|all|each|example)\\)` hook",
  "\\b(?:OneTimeSetUp|OneTimeTearDown|SetUp|TearDown)\\s*:",
  "Failed to load ApplicationContext",
  "ApplicationContext failure threshold",
  "Error creating bean with name",
  "UnsatisfiedDependencyException|NoSuchBeanDefinitionException|BeanCreationException",
  "TestInstantiationException",
  "Configuration failure",
  "Skipped due to configuration failure",
);
const HOOK_TEST_NAME = either(
  "\"(?:before|after) (?:all|each)\" hook",
  "^(?:setUpClass|setUpModule|tearDownClass|tearDownModule)\\b",
  "^classMethod$",
  "\\b(?:beforeAll|afterAll|@BeforeAll|@AfterAll|@BeforeClass|@AfterClass|OneTimeSetUp|OneTimeTearDown)\\b",
);
const MISSING_DATA = either(
  "FileNotFoundError",
  "ENOENT: no such file or directory",
  "No such file or directory",
  "FileNotFoundException",
  "NoSuchFileException",
  "Errno::ENOENT",
  "DirectoryNotFoundException",
  "Could not find (?:file|a part of the path)",
  "open [^\\n]*: no such file or directory",
);
const MISSING_ENV = either(
  "\\b(?:environment variable|env var)\\b[^\\n]{0,60}\\b(?:not set|missing|undefined|required|is empty)",
  "\\b[A-Z][A-Z0-9]*_[A-Z0-9_]+\\b (?:is )?(?:not set|missing|undefined|required)",
  "KeyError: '[A-Z][A-Z0-9]*_[A-Z0-9_]+'",
);

// ---------------------------------------------------------------- assertion
const ASSERTION_TYPE = either(
  "Assert",
  "ComparisonFailure",
  "ExpectationNotMet",
  "ExpectationFailed",
  "MultipleFailuresError",
  "Xunit\\.Sdk\\.",
);
const ASSERTION_MESSAGE = either(
  "\\bAssertionError\\b",
  "AssertionFailedError",
  "ComparisonFailure",
  "^assert\\b",
  "\\bassert(?:ion)? failed\\b",
  "expect\\([^\\n]*\\)\\.",
  "\\bexpected [^\\n]* to (?:be|equal|deeply equal|contain|have|match|throw|include|satisfy|strictly equal)\\b",
  "to be called with",
  "Expected (?:values|value) to be",
  "The (?:expression|input) (?:evaluated|did not match)",
  "DID NOT RAISE",
  "\\b\\w+ not raised\\b",
  "Failed asserting that",
  "Assert\\.\\w+\\(\\) Failure",
  "Expected: [^\\n]*\\n\\s*But was:",
  "Error Trace:",
  "Not equal:",
  "expected:<[^\\n]*> but was:<",
  "expected: [^\\n]* but was: ",
  "Failure/Error:",
  "\\bexpected: [^\\n]*\\n\\s*got: ",
  "ExpectationNotMetError",
  "ExpectationFailedException",
);

export const DEFAULT_RULES: RuleDefinition[] = [
  { id: "default:missing-test", name: "Test vanished from the run", category: "commented-out", statuses: ["missing"] },
  ...onMessageOrTrace("default:empty-suite", "Test file reported no tests", "commented-out", EMPTY_SUITE),

  ...onMessageOrTrace("default:docker-unavailable", "Docker / Testcontainers not available", "infrastructure", DOCKER),
  ...onMessageOrTrace("default:node-network-error", "Node network error (ECONNREFUSED, ENOTFOUND, …)", "infrastructure", NODE_NETWORK),
  { id: "default:python-connection-error", name: "Python connection error", category: "infrastructure", message: PY_NETWORK },
  { id: "default:python-connection-error:trace", name: "Python connection error (in trace)", category: "infrastructure", trace: pyRaised(PY_NETWORK_TYPES) },
  ...onMessageOrTrace("default:jvm-connection-error", "JVM connection error", "infrastructure", JAVA_NETWORK),
  ...onMessageOrTrace("default:go-connection-error", "Go dial / DNS error", "infrastructure", GO_NETWORK),
  ...onMessageOrTrace("default:dotnet-connection-error", ".NET connection error", "infrastructure", DOTNET_NETWORK),
  ...onMessageOrTrace("default:ruby-php-connection-error", "Ruby / PHP connection error", "infrastructure", RUBY_PHP_NETWORK),
  { id: "default:connection-error", name: "Connection refused / reset / DNS / pool exhausted", category: "infrastructure", message: GENERIC_NETWORK },
  { id: "default:service-unavailable", name: "Dependency service unavailable", category: "infrastructure", message: SERVICE_DOWN },

  { id: "default:empty-suite-collection", name: "Test file reported no tests", category: "commented-out", message: "^collection failure$", trace: EMPTY_SUITE },
  ...onMessageOrTrace("default:call-verification", "Interaction verification failed", "assertion", CALL_VERIFICATION),
  { id: "default:js-mock-member", name: "Test double lacks a member (JS)", category: "mock", message: JS_MOCK },
  { id: "default:python-mock-attribute", name: "Test double does not match the interface (Python)", category: "mock", message: PY_MOCK },

  { id: "default:python-import-error", name: "Python import error", category: "import", message: PY_IMPORT },
  { id: "default:python-import-error:trace", name: "Python module failed to load (in trace)", category: "import", trace: PY_LOAD_TRACE },
  { id: "default:pytest-collection-error", name: "pytest collection error", category: "import", message: "^collection failure$" },
  ...onMessageOrTrace("default:js-module-not-found", "Module not found / failed to load (JS)", "import", JS_IMPORT),
  { id: "default:js-missing-export", name: "Imported binding is not callable (renamed or missing export)", category: "import", message: JS_IMPORT_BINDING },
  { id: "default:js-module-member-in-test", name: "Module member missing, called from the test", category: "import", message: JS_MEMBER_IN_TEST },
  { id: "default:js-module-member-in-test:trace", name: "Module member missing, called from the test (in trace)", category: "import", message: "^(?:TypeError: )?[\\w$]+\\.[\\w$]+ is not a function", trace: JS_MEMBER_IN_TEST },
  ...onMessageOrTrace("default:jvm-class-loading", "JVM class loading / linkage error", "import", JVM_IMPORT),
  ...onMessageOrTrace("default:go-build-error", "Go build failure", "import", GO_IMPORT),
  ...onMessageOrTrace("default:dotnet-load-error", ".NET assembly / type load error", "import", DOTNET_IMPORT),
  ...onMessageOrTrace("default:ruby-php-load-error", "Ruby / PHP load error", "import", RUBY_PHP_IMPORT),

  ...onMessageOrTrace("default:mock-framework-misuse", "Mock framework misuse or strict mock mismatch", "mock", OTHER_MOCK),
  { id: "default:js-mock-not-a-function", name: "Method missing on an injected test double (JS)", category: "mock", message: "(?:^|TypeError: )[\\w$]+(?:\\.[\\w$]+)+ is not a function" },
  { id: "default:python-mock-signature", name: "Autospec signature mismatch", category: "mock", message: "\\bTypeError\\b", trace: "[/\\\\]mock[/\\\\]?\\w*\\.py|unittest[/\\\\]mock\\.py" },
  { id: "default:python-fake-lookup", name: "Fake or stub lacks expected data", category: "mock", message: "\\b(?:KeyError|IndexError|StopIteration)\\b", trace: `\\b\\w*(?:Fake|Stub|Mock|Dummy)\\w*\\b` },

  ...onMessageOrTrace("default:fixture-lookup", "Fixture not found / not resolvable", "fixture", FIXTURE_LOOKUP),
  { id: "default:setup-failure", name: "Setup / teardown / hook failed", category: "fixture", message: SETUP_FAILURE },
  { id: "default:hook-test-name", name: "Setup / teardown hook reported as a test", category: "fixture", testName: HOOK_TEST_NAME },
  { id: "default:missing-test-data", name: "Missing test data file", category: "fixture", message: MISSING_DATA },
  { id: "default:missing-test-config", name: "Missing test configuration (environment)", category: "fixture", message: MISSING_ENV, caseSensitive: true },

  { id: "default:assertion-type", name: "Assertion failure (type)", category: "assertion", type: ASSERTION_TYPE },
  { id: "default:assertion-message", name: "Assertion failure", category: "assertion", message: ASSERTION_MESSAGE },
  { id: "default:assertion-trace", name: "Assertion failure (in trace)", category: "assertion", trace: pyRaised("AssertionError|Failed") },
];
