// Public shapes of the JUnit parser: bytes in, these out. Shared by lib/ingest and the CLI.

export type TestStatus = "passed" | "failed" | "error" | "skipped";

/** A `<property name value>` (or `<property name>text</property>`) on a suite or a case. */
export interface ReportProperty {
  name: string;
  value: string;
}

/**
 * An extra run of one testcase element recorded inside it: Surefire/Failsafe
 * `<flakyFailure>`/`<flakyError>` (an earlier failing run of a test that finally passed) and
 * `<rerunFailure>`/`<rerunError>` (a rerun that failed again).
 */
export interface CaseAttempt {
  kind: "flakyFailure" | "flakyError" | "rerunFailure" | "rerunError";
  status: "failed" | "error";
  type: string | null;
  message: string | null;
  trace: string | null;
  messageTruncated: boolean;
  traceTruncated: boolean;
}

export interface ParsedCase {
  /** Name of the innermost enclosing `<testsuite>`, or null when it has none. */
  suite: string | null;
  classname: string | null;
  name: string;
  /** Source file of the test: attribute, derived from the classname, or the suite's file (docs/test-identity.md). */
  file: string | null;
  line: number | null;
  /** Stable identity `<classname, or file, or suite>::<name>` — see docs/test-identity.md. */
  key: string;
  status: TestStatus;
  flaky: boolean;
  durationMs: number | null;
  type: string | null;
  message: string | null;
  trace: string | null;
  messageTruncated: boolean;
  traceTruncated: boolean;
  systemOut?: string;
  systemErr?: string;
  properties?: ReportProperty[];
  attempts?: CaseAttempt[];
}

/** A case after `mergeAttempts`: one per key, `attemptCount` = every run seen for that key. */
export interface MergedCase extends ParsedCase {
  attemptCount: number;
}

export interface DeclaredTotals {
  tests: number | null;
  failures: number | null;
  errors: number | null;
  skipped: number | null;
  disabled: number | null;
  timeMs: number | null;
}

export interface CountedTotals {
  tests: number;
  passed: number;
  failed: number;
  errors: number;
  skipped: number;
  flaky: number;
}

/** Emitted when a `<testsuite>` element closes (nested suites close before their parent). */
export interface ParsedSuite {
  name: string | null;
  file: string | null;
  /** 0 for a top-level suite (the root `<testsuite>` or a direct child of `<testsuites>`). */
  depth: number;
  timestamp: string | null;
  hostname: string | null;
  declared: DeclaredTotals;
  /** Counted from the testcase elements under this suite, nested suites included. */
  counted: CountedTotals;
  systemOut?: string;
  systemErr?: string;
  properties?: ReportProperty[];
}

export interface ParseWarning {
  code: "declared-totals-mismatch" | "control-characters-replaced" | "text-truncated" | "limit-reached";
  message: string;
}

export interface ReportSummary extends CountedTotals {
  /** Number of `<testsuite>` elements, nested ones included. */
  suites: number;
  /** Root `<testsuites>` totals when present, else the sum over top-level suites; for warnings only. */
  declared: DeclaredTotals;
  /** Sum of case durations, null when no case had a time. */
  durationMs: number | null;
  rootElement: "testsuites" | "testsuite";
  encoding: string;
  warnings: ParseWarning[];
}

export type JUnitEvent =
  | { kind: "case"; case: ParsedCase }
  | { kind: "suite"; suite: ParsedSuite }
  | { kind: "summary"; summary: ReportSummary };

export interface ParsedReport {
  cases: ParsedCase[];
  suites: ParsedSuite[];
  summary: ReportSummary;
}

export interface ParseLimits {
  /** Cap for `message` (UTF-16 code units). Default 64 KiB. */
  maxMessageLength: number;
  /** Cap for `trace`. Default 64 KiB. */
  maxTraceLength: number;
  /** Cap for system-out / system-err on cases and suites. Default 64 KiB. */
  maxOutputLength: number;
  /** Cap for one property value. Default 4 KiB. */
  maxPropertyLength: number;
  /** Properties kept per suite or case. Default 256. */
  maxProperties: number;
  /** A single attribute value longer than this is rejected. Default 4 MiB. */
  maxAttributeLength: number;
  /** A whole start tag (all attributes) longer than this is rejected. Default 16 MiB. */
  maxTagLength: number;
  /** Element nesting depth. Default 256. */
  maxDepth: number;
  /** Result elements (failure/error/skipped/flaky…) kept per testcase; more are counted, not stored. Default 32. */
  maxResultElements: number;
  /** Warnings kept per report. Default 100. */
  maxWarnings: number;
}

export type ByteSource =
  | AsyncIterable<Uint8Array>
  | Iterable<Uint8Array>
  | ReadableStream<Uint8Array>;

export interface ParseOptions {
  limits?: Partial<ParseLimits>;
  /** Name used in error messages (e.g. `archive.zip!/a.xml`). */
  fileName?: string;
  /** Keep system-out/err (default true). */
  keepOutput?: boolean;
  /** Keep properties (default true). */
  keepProperties?: boolean;
}
