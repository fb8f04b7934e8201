import { createReadStream } from "node:fs";
import { SaxesParser, type SaxesTagPlain } from "saxes";
import { ReportDecoder } from "./decode";
import { JUnitParseError, type JUnitErrorCode } from "./errors";
import { MarkupGuard } from "./guard";
import { createTestIdentityResolver } from "./identity";
import { isSkipStatusWord, parseCount, parseDurationMs } from "./outcome";
import type {
  ByteSource,
  CaseAttempt,
  CountedTotals,
  DeclaredTotals,
  JUnitEvent,
  ParseLimits,
  ParseOptions,
  ParseWarning,
  ParsedCase,
  ParsedReport,
  ParsedSuite,
  ReportProperty,
  ReportSummary,
  TestStatus,
} from "./types";

export const DEFAULT_PARSE_LIMITS: Readonly<ParseLimits> = Object.freeze({
  maxMessageLength: 64 * 1024,
  maxTraceLength: 64 * 1024,
  maxOutputLength: 64 * 1024,
  maxPropertyLength: 4 * 1024,
  maxProperties: 256,
  maxAttributeLength: 4 * 1024 * 1024,
  maxTagLength: 16 * 1024 * 1024,
  maxDepth: 256,
  maxResultElements: 32,
  maxWarnings: 100,
});

// Element kinds, matched by local name (a namespace prefix is ignored).
const K_OTHER = 0;
const K_TESTSUITES = 1;
const K_TESTSUITE = 2;
const K_TESTCASE = 3;
const K_FAILURE = 4;
const K_ERROR = 5;
const K_SKIPPED = 6;
const K_FLAKY_FAILURE = 7;
const K_FLAKY_ERROR = 8;
const K_RERUN_FAILURE = 9;
const K_RERUN_ERROR = 10;
const K_SYSTEM_OUT = 11;
const K_SYSTEM_ERR = 12;
const K_PROPERTIES = 13;
const K_PROPERTY = 14;
const K_STACK_TRACE = 15;

function kindOf(qualifiedName: string): number {
  const kind = kindOfLocalName(qualifiedName);
  if (kind !== K_OTHER) return kind;
  // Only an unknown name can carry a prefix worth stripping: no local name has a colon.
  const colon = qualifiedName.indexOf(":");
  return colon === -1 ? K_OTHER : kindOfLocalName(qualifiedName.slice(colon + 1));
}

function kindOfLocalName(name: string): number {
  switch (name) {
    case "testcase":
      return K_TESTCASE;
    case "testsuite":
      return K_TESTSUITE;
    case "testsuites":
      return K_TESTSUITES;
    case "failure":
      return K_FAILURE;
    case "error":
      return K_ERROR;
    case "skipped":
      return K_SKIPPED;
    case "system-out":
      return K_SYSTEM_OUT;
    case "system-err":
      return K_SYSTEM_ERR;
    case "properties":
      return K_PROPERTIES;
    case "property":
      return K_PROPERTY;
    case "flakyFailure":
      return K_FLAKY_FAILURE;
    case "flakyError":
      return K_FLAKY_ERROR;
    case "rerunFailure":
      return K_RERUN_FAILURE;
    case "rerunError":
      return K_RERUN_ERROR;
    case "stackTrace":
      return K_STACK_TRACE;
    default:
      return K_OTHER;
  }
}

/** Appends text up to a cap; what is beyond the cap is counted as truncation, never stored. */
class TextCollector {
  private parts: string[] = [];
  private length = 0;
  truncated = false;

  constructor(private readonly cap: number) {}

  append(text: string): void {
    if (this.truncated) return;
    const room = this.cap - this.length;
    if (text.length <= room) {
      this.parts.push(text);
      this.length += text.length;
      return;
    }
    let cut = room;
    const code = text.charCodeAt(cut - 1);
    if (cut > 0 && code >= 0xd800 && code <= 0xdbff) cut--;
    if (cut > 0) this.parts.push(text.slice(0, cut));
    this.length += cut;
    this.truncated = true;
  }

  value(): string {
    return this.parts.length === 1 ? (this.parts[0] as string) : this.parts.join("");
  }
}

/** The value cut to `cap` (never between the halves of a surrogate pair); it was cut when `value.length > cap`. */
function capString(value: string, cap: number): string {
  if (value.length <= cap) return value;
  let cut = cap;
  const code = value.charCodeAt(cut - 1);
  if (cut > 0 && code >= 0xd800 && code <= 0xdbff) cut--;
  return value.slice(0, cut);
}

/** Same answer as `text.trim() === ""`, without a trimmed copy when the text starts with a visible character. */
function isBlank(text: string): boolean {
  const code = text.charCodeAt(0);
  if (code > 0x20 && code < 0xa0) return false;
  return text.trim() === "";
}

interface ResultElement {
  message: string | null;
  type: string | null;
  text: TextCollector;
}

interface AttemptFrame {
  kind: CaseAttempt["kind"];
  message: string | null;
  type: string | null;
  text: TextCollector;
  stackTrace: TextCollector | null;
}

interface SuiteFrame {
  name: string | null;
  file: string | null;
  inheritedFile: string | null;
  depth: number;
  timestamp: string | null;
  hostname: string | null;
  declared: DeclaredTotals;
  counted: CountedTotals;
  systemOut: TextCollector | null;
  systemErr: TextCollector | null;
  properties: ReportProperty[] | null;
}

interface CaseFrame {
  classname: string | null;
  name: string;
  fileAttribute: string | null;
  line: number | null;
  durationMs: number | null;
  statusAttribute: string | undefined;
  suite: SuiteFrame | null;
  errors: ResultElement[];
  failures: ResultElement[];
  skips: ResultElement[];
  attempts: AttemptFrame[];
  systemOut: TextCollector | null;
  systemErr: TextCollector | null;
  properties: ReportProperty[] | null;
}

interface PropertyFrame {
  target: ReportProperty[];
  name: string;
  text: TextCollector;
}

function emptyCounted(): CountedTotals {
  return { tests: 0, passed: 0, failed: 0, errors: 0, skipped: 0, flaky: 0 };
}

function readDeclared(attributes: Record<string, string>): DeclaredTotals {
  return {
    tests: parseCount(attributes.tests),
    failures: parseCount(attributes.failures),
    errors: parseCount(attributes.errors),
    skipped: parseCount(attributes.skipped ?? attributes.skips),
    disabled: parseCount(attributes.disabled),
    timeMs: parseDurationMs(attributes.time),
  };
}

function nonEmpty(value: string | undefined): string | null {
  return value === undefined || value === "" ? null : value;
}

function joinMessages(elements: readonly (ResultElement | AttemptFrame)[]): string | null {
  let joined: string | null = null;
  for (const element of elements) {
    if (element.message === null) continue;
    joined = joined === null ? element.message : `${joined}\n${element.message}`;
  }
  return joined;
}

/** The non-blank texts joined by newlines; null when every text is blank. */
function joinTexts(elements: readonly (ResultElement | AttemptFrame)[]): string | null {
  let joined: string | null = null;
  for (const element of elements) {
    const text = element.text.value();
    if (isBlank(text)) continue;
    joined = joined === null ? text : `${joined}\n${text}`;
  }
  return joined;
}

function hasTruncatedText(elements: readonly (ResultElement | AttemptFrame)[]): boolean {
  for (const element of elements) if (element.text.truncated) return true;
  return false;
}

function hasAttempt(attempts: readonly AttemptFrame[], kind: CaseAttempt["kind"], otherKind: CaseAttempt["kind"] = kind): boolean {
  for (const attempt of attempts) if (attempt.kind === kind || attempt.kind === otherKind) return true;
  return false;
}

function toCaseAttempt(attempt: AttemptFrame, maxMessageLength: number): CaseAttempt {
  const text = attempt.stackTrace ?? attempt.text;
  const value = text.value();
  return {
    kind: attempt.kind,
    status: attempt.kind === "flakyError" || attempt.kind === "rerunError" ? "error" : "failed",
    type: attempt.type,
    message: attempt.message === null ? null : capString(attempt.message, maxMessageLength),
    trace: isBlank(value) ? null : value,
    messageTruncated: attempt.message !== null && attempt.message.length > maxMessageLength,
    traceTruncated: text.truncated,
  };
}

function addCounted(target: CountedTotals, source: CountedTotals): void {
  target.tests += source.tests;
  target.passed += source.passed;
  target.failed += source.failed;
  target.errors += source.errors;
  target.skipped += source.skipped;
  target.flaky += source.flaky;
}

function countStatus(target: CountedTotals, status: TestStatus, flaky: boolean): void {
  target.tests++;
  if (status === "passed") target.passed++;
  else if (status === "failed") target.failed++;
  else if (status === "error") target.errors++;
  else target.skipped++;
  if (flaky) target.flaky++;
}

function sumDeclared(into: DeclaredTotals, add: DeclaredTotals): void {
  const keys = ["tests", "failures", "errors", "skipped", "disabled", "timeMs"] as const;
  for (const key of keys) {
    const value = add[key];
    if (value !== null) into[key] = (into[key] ?? 0) + value;
  }
}

/** Differences between declared totals and the counted testcases, as readable text; empty when they agree. */
function describeMismatch(declared: DeclaredTotals, counted: CountedTotals): string[] {
  const differences: string[] = [];
  if (declared.tests !== null && declared.tests !== counted.tests) {
    differences.push(`tests=${declared.tests} but ${counted.tests} testcases`);
  }
  if (declared.failures !== null && declared.failures !== counted.failed) {
    differences.push(`failures=${declared.failures} but ${counted.failed} failed`);
  }
  if (declared.errors !== null && declared.errors !== counted.errors) {
    differences.push(`errors=${declared.errors} but ${counted.errors} errored`);
  }
  if (declared.skipped !== null) {
    const withDisabled = declared.skipped + (declared.disabled ?? 0);
    if (declared.skipped !== counted.skipped && withDisabled !== counted.skipped) {
      differences.push(`skipped=${declared.skipped} but ${counted.skipped} skipped`);
    }
  }
  return differences;
}

type EventSink = (event: JUnitEvent) => void;

const DISALLOWED_CHARACTERS = /[\x00-\x08\x0B\x0C\x0E-\x1F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

function sanitise(value: string): string {
  return value.replace(DISALLOWED_CHARACTERS, "\uFFFD");
}

/** Replaces characters XML (and PostgreSQL text) cannot hold in every string field, in place. */
function sanitiseStrings(target: ParsedCase | ParsedSuite): void {
  const record = target as unknown as Record<string, unknown>;
  for (const [field, value] of Object.entries(record)) {
    if (typeof value === "string") record[field] = sanitise(value);
  }
  if (target.properties) {
    for (const property of target.properties) {
      property.name = sanitise(property.name);
      property.value = sanitise(property.value);
    }
  }
  if ("attempts" in target && target.attempts) {
    for (const attempt of target.attempts) {
      if (attempt.message !== null) attempt.message = sanitise(attempt.message);
      if (attempt.trace !== null) attempt.trace = sanitise(attempt.trace);
      if (attempt.type !== null) attempt.type = sanitise(attempt.type);
    }
  }
}

/** Bytes decoded at a time: at most 32 Ki characters, 64 KiB even as UTF-16 — under V8's 128 KiB large-object threshold. */
const DECODE_SLICE = 32 * 1024;

/**
 * Push-based JUnit parser: feed bytes (or already-decoded text), receive case and suite events
 * as their elements close. `parseJUnitStream` wraps it as an async generator.
 */
export class JUnitStreamParser {
  private readonly limits: ParseLimits;
  private readonly fileName: string | null;
  private readonly keepOutput: boolean;
  private readonly keepProperties: boolean;
  private readonly decoder: ReportDecoder;
  private readonly guard: MarkupGuard;
  private readonly sax: SaxesParser<{ xmlns: false; position: true }>;
  private readonly sink: EventSink;

  private depth = 0;
  private readonly kinds: number[] = [];
  private rootKind = 0;
  private rootDeclared: DeclaredTotals | null = null;
  private readonly topLevelDeclared: DeclaredTotals = {
    tests: null,
    failures: null,
    errors: null,
    skipped: null,
    disabled: null,
    timeMs: null,
  };
  private readonly suites: SuiteFrame[] = [];
  private suiteCount = 0;
  private currentCase: CaseFrame | null = null;
  // Testcases do not nest, so one frame serves every testcase: openCase resets it.
  private readonly caseFrame: CaseFrame = {
    classname: null,
    name: "",
    fileAttribute: null,
    line: null,
    durationMs: null,
    statusAttribute: undefined,
    suite: null,
    errors: [],
    failures: [],
    skips: [],
    attempts: [],
    systemOut: null,
    systemErr: null,
    properties: null,
  };
  private currentResult: ResultElement | null = null;
  private currentAttempt: AttemptFrame | null = null;
  private currentProperty: PropertyFrame | null = null;
  private capture: TextCollector | null = null;
  private captureDepth = -1;
  private readonly totals: CountedTotals = emptyCounted();
  private durationMs: number | null = null;
  private readonly warnings: ParseWarning[] = [];
  private droppedWarnings = 0;
  private ended = false;
  private disallowedCharacters = 0;
  private readonly resolveIdentity = createTestIdentityResolver();

  constructor(sink: EventSink, options: ParseOptions = {}) {
    this.sink = sink;
    this.limits = { ...DEFAULT_PARSE_LIMITS, ...options.limits };
    this.fileName = options.fileName ?? null;
    this.keepOutput = options.keepOutput ?? true;
    this.keepProperties = options.keepProperties ?? true;
    this.decoder = new ReportDecoder(this.fileName);
    // Raw text shrinks when decoded ("&amp;" → "&"), so the raw cut sits well past every cap.
    const maxTextRun =
      6 *
        Math.max(
          this.limits.maxMessageLength,
          this.limits.maxTraceLength,
          this.limits.maxOutputLength,
          this.limits.maxPropertyLength,
        ) +
      16;
    this.sax = new SaxesParser({ xmlns: false, position: true });
    this.guard = new MarkupGuard(
      { maxAttributeLength: this.limits.maxAttributeLength, maxTagLength: this.limits.maxTagLength, maxTextRun },
      (text) => this.sax.write(text),
      (code, message, chunk, offset) => this.failInChunk(code, message, chunk, offset),
    );
    this.sax.on("error", (error) => {
      // Characters XML 1.0 forbids (ANSI escapes in captured output, NUL) are common in real
      // reports; saxes reports them and reads on, and we replace them in what we keep.
      if (error.message.endsWith("disallowed character.")) {
        this.disallowedCharacters++;
        return;
      }
      const detail = error.message.replace(/^(?:[^:\n]*:)?\d+:\d+: /, "");
      throw this.error("MALFORMED", `Not well-formed XML: ${detail}`);
    });
    this.sax.on("opentag", (tag) => {
      if (this.guard.cuts.length > 0) this.takeCuts();
      this.openTag(tag);
    });
    this.sax.on("closetag", () => {
      if (this.guard.cuts.length > 0) this.takeCuts();
      this.closeTag();
    });
    // Gives saxes its text and CDATA handler slots now: adding them at the first captured
    // element would change the parser's shape mid-document and slow every saxes method after.
    this.stopListeningForText();
  }

  // Listens only while directly inside the captured element: most text and CDATA (system-out
  // when output is not kept) then costs no call at all.
  private readonly onText = (text: string): void => {
    const capture = this.capture as TextCollector;
    capture.append(text);
    if (this.guard.cuts.length > 0 && this.takeCuts()) capture.truncated = true;
  };

  private listenForText(): void {
    this.sax.on("text", this.onText);
    this.sax.on("cdata", this.onText);
  }

  private stopListeningForText(): void {
    this.sax.off("text");
    this.sax.off("cdata");
  }

  /** Consumes the guard's cuts that saxes has now read past; true when there was one. */
  private takeCuts(): boolean {
    const cuts = this.guard.cuts;
    const position = this.sax.position;
    let taken = 0;
    while (taken < cuts.length && (cuts[taken] as number) <= position) taken++;
    if (taken > 0) cuts.splice(0, taken);
    return taken > 0;
  }

  /** Feeds raw bytes; the encoding is sniffed from the first bytes. */
  write(bytes: Uint8Array): void {
    // Decoded in slices: a string over 128 KiB lives in V8's large-object space, which only a
    // full GC frees, so 256 KiB reads made the RSS creep by the size of the file read so far.
    for (let start = 0; start < bytes.byteLength; start += DECODE_SLICE) {
      const text = this.decoder.write(start === 0 && bytes.byteLength <= DECODE_SLICE ? bytes : bytes.subarray(start, start + DECODE_SLICE));
      if (text.length > 0) this.guard.write(text);
    }
  }

  /** Feeds already-decoded text (for callers that hold a string). */
  writeText(text: string): void {
    if (text.length > 0) this.guard.write(text);
  }

  end(): ReportSummary {
    if (this.ended) throw new Error("JUnitStreamParser.end() called twice");
    this.ended = true;
    const rest = this.decoder.end();
    if (rest.length > 0) this.guard.write(rest);
    if (!this.guard.sawContent) throw new JUnitParseError("EMPTY", "The report is empty", { fileName: this.fileName });
    this.sax.close();
    if (this.rootKind === 0) throw this.error("EMPTY", "The report has no root element");
    return this.buildSummary();
  }

  private error(code: JUnitErrorCode, message: string): JUnitParseError {
    return new JUnitParseError(code, message, {
      line: this.sax.line,
      column: this.sax.column,
      fileName: this.fileName,
    });
  }

  private failInChunk(code: JUnitErrorCode, message: string, chunk: string, offset: number): never {
    // saxes has consumed everything before this chunk, so its position is the chunk's start.
    let line = this.sax.line;
    let column = this.sax.column;
    let from = 0;
    for (let nl = chunk.indexOf("\n"); nl !== -1 && nl < offset; nl = chunk.indexOf("\n", nl + 1)) {
      line++;
      from = nl + 1;
      column = 0;
    }
    column += offset - from;
    throw new JUnitParseError(code, message, { line, column, fileName: this.fileName });
  }

  private warn(code: ParseWarning["code"], message: string): void {
    if (this.warnings.length < this.limits.maxWarnings) this.warnings.push({ code, message });
    else this.droppedWarnings++;
  }

  private startCapture(collector: TextCollector): void {
    this.capture = collector;
    this.captureDepth = this.depth;
    this.listenForText();
  }

  private openTag(tag: SaxesTagPlain): void {
    const depth = ++this.depth;
    if (depth > this.limits.maxDepth) {
      throw this.error("TOO_DEEP", `Elements are nested deeper than ${this.limits.maxDepth} levels`);
    }
    const kind = kindOf(tag.name);
    const parentKind = this.kinds[depth - 1] ?? K_OTHER;
    this.kinds[depth] = kind;
    if (this.capture !== null) this.stopListeningForText(); // text of a child element is not the parent's text
    const attributes = tag.attributes;

    if (depth === 1) {
      if (kind !== K_TESTSUITES && kind !== K_TESTSUITE) {
        throw this.error("NOT_JUNIT", `Root element <${tag.name}> is not <testsuites> or <testsuite>`);
      }
      this.rootKind = kind;
      if (kind === K_TESTSUITES) this.rootDeclared = readDeclared(attributes);
    }

    switch (kind) {
      case K_TESTSUITE:
        if (this.currentCase === null) this.openSuite(attributes);
        else this.kinds[depth] = K_OTHER;
        return;
      case K_TESTCASE:
        if (this.currentCase === null) this.openCase(attributes);
        else this.kinds[depth] = K_OTHER;
        return;
      case K_FAILURE:
      case K_ERROR:
      case K_SKIPPED:
        if (parentKind === K_TESTCASE && this.currentCase !== null) {
          this.openResult(kind, attributes);
        } else {
          this.kinds[depth] = K_OTHER;
        }
        return;
      case K_FLAKY_FAILURE:
      case K_FLAKY_ERROR:
      case K_RERUN_FAILURE:
      case K_RERUN_ERROR:
        if (parentKind === K_TESTCASE && this.currentCase !== null) {
          this.openAttempt(kind, attributes);
        } else {
          this.kinds[depth] = K_OTHER;
        }
        return;
      case K_STACK_TRACE:
        if (this.currentAttempt !== null && parentKind >= K_FLAKY_FAILURE && parentKind <= K_RERUN_ERROR) {
          this.currentAttempt.stackTrace = new TextCollector(this.limits.maxTraceLength);
          this.startCapture(this.currentAttempt.stackTrace);
        }
        return;
      case K_SYSTEM_OUT:
      case K_SYSTEM_ERR:
        this.openOutput(kind, parentKind);
        return;
      case K_PROPERTY:
        if (parentKind === K_PROPERTIES) this.openProperty(attributes);
        return;
      default:
        return;
    }
  }

  private openSuite(attributes: Record<string, string>): void {
    const parent = this.suites[this.suites.length - 1] ?? null;
    const file = nonEmpty(attributes.file ?? attributes.filepath);
    this.suites.push({
      name: attributes.name ?? null,
      file,
      inheritedFile: file ?? parent?.inheritedFile ?? null,
      depth: this.suites.length,
      timestamp: nonEmpty(attributes.timestamp),
      hostname: nonEmpty(attributes.hostname),
      declared: readDeclared(attributes),
      counted: emptyCounted(),
      systemOut: null,
      systemErr: null,
      properties: null,
    });
    this.suiteCount++;
  }

  private openCase(attributes: Record<string, string>): void {
    const line = parseCount(attributes.line);
    const frame = this.caseFrame;
    frame.classname = attributes.classname ?? attributes.class ?? null;
    frame.name = attributes.name ?? "";
    frame.fileAttribute = nonEmpty(attributes.file ?? attributes.filepath);
    frame.line = line !== null && line >= 0 ? line : null;
    frame.durationMs = parseDurationMs(attributes.time);
    frame.statusAttribute = attributes.status;
    frame.suite = this.suites[this.suites.length - 1] ?? null;
    if (frame.errors.length > 0) frame.errors = [];
    if (frame.failures.length > 0) frame.failures = [];
    if (frame.skips.length > 0) frame.skips = [];
    if (frame.attempts.length > 0) frame.attempts = [];
    frame.systemOut = null;
    frame.systemErr = null;
    frame.properties = null;
    this.currentCase = frame;
  }

  private openResult(kind: number, attributes: Record<string, string>): void {
    const frame = this.currentCase;
    if (frame === null) return;
    const list = kind === K_ERROR ? frame.errors : kind === K_FAILURE ? frame.failures : frame.skips;
    const element: ResultElement = {
      message: nonEmpty(attributes.message),
      type: nonEmpty(attributes.type),
      text: new TextCollector(this.limits.maxTraceLength),
    };
    if (list.length < this.limits.maxResultElements) list.push(element);
    this.currentResult = element;
    this.startCapture(element.text);
  }

  private openAttempt(kind: number, attributes: Record<string, string>): void {
    const frame = this.currentCase;
    if (frame === null) return;
    const attempt: AttemptFrame = {
      kind:
        kind === K_FLAKY_FAILURE
          ? "flakyFailure"
          : kind === K_FLAKY_ERROR
            ? "flakyError"
            : kind === K_RERUN_FAILURE
              ? "rerunFailure"
              : "rerunError",
      message: nonEmpty(attributes.message),
      type: nonEmpty(attributes.type),
      text: new TextCollector(this.limits.maxTraceLength),
      stackTrace: null,
    };
    if (frame.attempts.length < this.limits.maxResultElements) frame.attempts.push(attempt);
    this.currentAttempt = attempt;
    this.startCapture(attempt.text);
  }

  private openOutput(kind: number, parentKind: number): void {
    if (!this.keepOutput) return;
    const collector = new TextCollector(this.limits.maxOutputLength);
    if (parentKind === K_TESTCASE && this.currentCase !== null) {
      if (kind === K_SYSTEM_OUT) this.currentCase.systemOut ??= collector;
      else this.currentCase.systemErr ??= collector;
      const target = kind === K_SYSTEM_OUT ? this.currentCase.systemOut : this.currentCase.systemErr;
      if (target !== null) this.startCapture(target);
    } else if (parentKind === K_TESTSUITE && this.currentCase === null) {
      const suite = this.suites[this.suites.length - 1];
      if (suite === undefined) return;
      if (kind === K_SYSTEM_OUT) suite.systemOut ??= collector;
      else suite.systemErr ??= collector;
      const target = kind === K_SYSTEM_OUT ? suite.systemOut : suite.systemErr;
      if (target !== null) this.startCapture(target);
    }
  }

  private openProperty(attributes: Record<string, string>): void {
    if (!this.keepProperties) return;
    const owner = this.kinds[this.depth - 2];
    let target: ReportProperty[] | null = null;
    if (owner === K_TESTCASE && this.currentCase !== null) {
      target = this.currentCase.properties ??= [];
    } else if (owner === K_TESTSUITE && this.currentCase === null) {
      const suite = this.suites[this.suites.length - 1];
      if (suite !== undefined) target = suite.properties ??= [];
    }
    if (target === null || target.length >= this.limits.maxProperties) return;
    const name = attributes.name ?? "";
    const value = attributes.value;
    if (value !== undefined) {
      target.push({ name, value: capString(value, this.limits.maxPropertyLength) });
      return;
    }
    // <property name="x">text</property> (Surefire attachments, some JUnit 5 producers).
    this.currentProperty = { target, name, text: new TextCollector(this.limits.maxPropertyLength) };
    this.startCapture(this.currentProperty.text);
  }

  private closeTag(): void {
    const depth = this.depth;
    const kind = this.kinds[depth] ?? K_OTHER;
    if (depth === this.captureDepth) {
      this.capture = null;
      this.captureDepth = -1;
      this.stopListeningForText();
    } else if (depth - 1 === this.captureDepth && this.capture !== null) {
      this.listenForText();
    }
    this.depth = depth - 1;

    switch (kind) {
      case K_TESTCASE:
        this.closeCase();
        return;
      case K_TESTSUITE:
        this.closeSuite();
        return;
      case K_FAILURE:
      case K_ERROR:
      case K_SKIPPED:
        this.currentResult = null;
        return;
      case K_FLAKY_FAILURE:
      case K_FLAKY_ERROR:
      case K_RERUN_FAILURE:
      case K_RERUN_ERROR:
        this.currentAttempt = null;
        return;
      case K_PROPERTY:
        if (this.currentProperty !== null) {
          this.currentProperty.target.push({ name: this.currentProperty.name, value: this.currentProperty.text.value() });
          this.currentProperty = null;
        }
        return;
      default:
        return;
    }
  }

  private closeCase(): void {
    const frame = this.currentCase;
    if (frame === null) return;
    this.currentCase = null;
    const limits = this.limits;

    const { errors, failures, skips } = frame;
    const attemptFrames = frame.attempts;

    const chosen = errors.length > 0 ? errors : failures.length > 0 ? failures : skips;
    let status: TestStatus;
    if (errors.length > 0) status = "error";
    else if (failures.length > 0) status = "failed";
    else if (skips.length > 0) status = "skipped";
    else if (hasAttempt(attemptFrames, "rerunError")) status = "error";
    else if (hasAttempt(attemptFrames, "rerunFailure")) status = "failed";
    else if (isSkipStatusWord(frame.statusAttribute)) status = "skipped";
    else status = "passed";

    let attempts: CaseAttempt[] | undefined;
    if (attemptFrames.length > 0) {
      attempts = attemptFrames.map((attempt) => toCaseAttempt(attempt, limits.maxMessageLength));
    }
    const chosenForText: readonly (ResultElement | AttemptFrame)[] =
      chosen.length > 0 || attemptFrames.length === 0
        ? chosen
        : status === "passed"
          ? []
          : attemptFrames.filter((a) => a.kind.startsWith("rerun"));
    let message: string | null = null;
    let messageTruncated = false;
    let trace: string | null = null;
    let traceTruncated = false;
    let type: string | null = null;
    if (chosenForText.length > 0) {
      const rawMessage = joinMessages(chosenForText);
      if (rawMessage !== null) {
        message = capString(rawMessage, limits.maxMessageLength);
        messageTruncated = rawMessage.length > limits.maxMessageLength;
      }
      const rawTrace = joinTexts(chosenForText);
      if (rawTrace !== null) trace = capString(rawTrace, limits.maxTraceLength);
      traceTruncated = hasTruncatedText(chosenForText) || (rawTrace !== null && rawTrace.length > limits.maxTraceLength);
      for (const element of chosenForText) {
        if (element.type !== null) {
          type = element.type;
          break;
        }
      }
    }

    const flaky = status === "passed" && hasAttempt(attemptFrames, "flakyFailure", "flakyError");
    const suite = frame.suite;
    const { file, key } = this.resolveIdentity(
      { fileAttribute: frame.fileAttribute, classname: frame.classname, name: frame.name, suiteFile: suite?.inheritedFile ?? null },
      suite?.name ?? null,
    );
    const parsed: ParsedCase = {
      suite: suite?.name ?? null,
      classname: frame.classname,
      name: frame.name,
      file,
      line: frame.line,
      key,
      status,
      flaky,
      durationMs: frame.durationMs,
      type,
      message,
      trace,
      messageTruncated,
      traceTruncated,
    };
    if (frame.systemOut !== null) parsed.systemOut = frame.systemOut.value();
    if (frame.systemErr !== null) parsed.systemErr = frame.systemErr.value();
    if (frame.properties !== null) parsed.properties = frame.properties;
    if (attempts !== undefined) parsed.attempts = attempts;

    if (this.disallowedCharacters > 0) sanitiseStrings(parsed);
    countStatus(this.totals, status, flaky);
    if (suite !== null) countStatus(suite.counted, status, flaky);
    if (frame.durationMs !== null) this.durationMs = (this.durationMs ?? 0) + frame.durationMs;
    this.sink({ kind: "case", case: parsed });
  }

  private closeSuite(): void {
    const frame = this.suites.pop();
    if (frame === undefined) return;
    const parent = this.suites[this.suites.length - 1];
    if (parent !== undefined) addCounted(parent.counted, frame.counted);
    if (frame.depth === 0) {
      sumDeclared(this.topLevelDeclared, frame.declared);
      const differences = describeMismatch(frame.declared, frame.counted);
      if (differences.length > 0) {
        this.warn(
          "declared-totals-mismatch",
          `Suite ${JSON.stringify(frame.name ?? "")} declares ${differences.join(", ")}; outcomes are counted from the testcases`,
        );
      }
    }
    const suite: ParsedSuite = {
      name: frame.name,
      file: frame.file,
      depth: frame.depth,
      timestamp: frame.timestamp,
      hostname: frame.hostname,
      declared: frame.declared,
      counted: frame.counted,
    };
    if (frame.systemOut !== null) suite.systemOut = frame.systemOut.value();
    if (frame.systemErr !== null) suite.systemErr = frame.systemErr.value();
    if (frame.properties !== null) suite.properties = frame.properties;
    if (this.disallowedCharacters > 0) sanitiseStrings(suite);
    this.sink({ kind: "suite", suite });
  }

  private buildSummary(): ReportSummary {
    if (this.rootDeclared !== null) {
      const differences = describeMismatch(this.rootDeclared, this.totals);
      if (differences.length > 0) {
        this.warn(
          "declared-totals-mismatch",
          `<testsuites> declares ${differences.join(", ")}; outcomes are counted from the testcases`,
        );
      }
    }
    if (this.disallowedCharacters > 0) {
      this.warn(
        "control-characters-replaced",
        `${this.disallowedCharacters} characters not allowed in XML were replaced by U+FFFD`,
      );
    }
    if (this.guard.truncatedRuns > 0) {
      this.warn("text-truncated", `${this.guard.truncatedRuns} long text sections were cut while streaming`);
    }
    if (this.droppedWarnings > 0) {
      this.warnings.push({ code: "limit-reached", message: `${this.droppedWarnings} more warnings were dropped` });
    }
    return {
      ...this.totals,
      suites: this.suiteCount,
      declared:
        this.rootDeclared !== null && this.rootDeclared.tests !== null ? this.rootDeclared : this.topLevelDeclared,
      durationMs: this.durationMs === null ? null : Math.round(this.durationMs * 1e3) / 1e3,
      rootElement: this.rootKind === K_TESTSUITES ? "testsuites" : "testsuite",
      encoding: this.decoder.encoding,
      warnings: this.warnings,
    };
  }
}

async function* iterateBytes(source: ByteSource): AsyncGenerator<Uint8Array> {
  if ("getReader" in source) {
    const reader = source.getReader();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return;
        yield value;
      }
    } finally {
      reader.releaseLock();
    }
  }
  for await (const chunk of source) {
    // A Readable with setEncoding() yields strings; treat them as UTF-8 bytes.
    yield typeof chunk === "string" ? Buffer.from(chunk) : chunk;
  }
}

/** The events of each written chunk as one batch, the summary last; returns the summary. */
async function* parseBatches(
  source: ByteSource,
  options: ParseOptions,
): AsyncGenerator<JUnitEvent[], ReportSummary, undefined> {
  let queue: JUnitEvent[] = [];
  const parser = new JUnitStreamParser((event) => queue.push(event), options);
  for await (const chunk of iterateBytes(source)) {
    parser.write(chunk);
    if (queue.length > 0) {
      const ready = queue;
      queue = [];
      yield ready;
    }
  }
  const summary = parser.end();
  queue.push({ kind: "summary", summary });
  yield queue;
  return summary;
}

// Put in a batch's slot once its event is handed out: the consumer may hold the event across an
// await (a batch's store), and the batch array should not keep it alive for the rest of the chunk.
// Kept alive, the parser's events and strings outlived several scavenges on the embedded
// database, whose stores run in this thread, and V8 then allocated them in its old generation:
// the server's RSS climbed ~100 MiB over a 100,000-case upload (bench:ingest, docs/decisions.md).
const RELEASED = { kind: "released" } as unknown as JUnitEvent;

/**
 * Hands out a batch's events one by one. An async generator's `yield` costs several promise
 * ticks per event — for a 100,000-testcase report a sizeable share of the whole parse — while
 * an event already in hand here costs one. Otherwise it behaves as the generator did: nothing is
 * read before the first next(), return() and throw() go to the batch generator (which closes the
 * source), and calls made before the previous one settled are answered in order.
 */
class JUnitEventStream implements AsyncGenerator<JUnitEvent, ReportSummary, undefined> {
  private batch: JUnitEvent[] = [];
  private index = 0;
  private pending: Promise<unknown> | null = null;

  constructor(private readonly batches: AsyncGenerator<JUnitEvent[], ReportSummary, undefined>) {}

  [Symbol.asyncIterator](): this {
    return this;
  }

  next(): Promise<IteratorResult<JUnitEvent, ReportSummary>> {
    if (this.pending !== null) return this.afterPending(() => this.next());
    if (this.index < this.batch.length) {
      const event = this.batch[this.index] as JUnitEvent;
      this.batch[this.index++] = RELEASED;
      return Promise.resolve({ value: event, done: false });
    }
    return this.track(this.batches.next().then((result) => this.serve(result)));
  }

  return(value: ReportSummary | PromiseLike<ReportSummary>): Promise<IteratorResult<JUnitEvent, ReportSummary>> {
    if (this.pending !== null) return this.afterPending(() => this.return(value));
    this.batch = [];
    return this.track(this.batches.return(value).then((result) => this.serve(result)));
  }

  throw(error: unknown): Promise<IteratorResult<JUnitEvent, ReportSummary>> {
    if (this.pending !== null) return this.afterPending(() => this.throw(error));
    this.batch = [];
    return this.track(this.batches.throw(error).then((result) => this.serve(result)));
  }

  private serve(result: IteratorResult<JUnitEvent[], ReportSummary>): IteratorResult<JUnitEvent, ReportSummary> {
    if (result.done) return result;
    this.batch = result.value;
    this.index = 1;
    const event = result.value[0] as JUnitEvent;
    result.value[0] = RELEASED;
    return { value: event, done: false };
  }

  private afterPending<T>(call: () => Promise<T>): Promise<T> {
    return (this.pending as Promise<unknown>).then(call, call);
  }

  private track<T>(promise: Promise<T>): Promise<T> {
    this.pending = promise;
    const settle = (): void => {
      if (this.pending === promise) this.pending = null;
    };
    promise.then(settle, settle);
    return promise;
  }
}

/**
 * Streams a JUnit XML report: yields each testcase and each suite as its element closes, then
 * one `summary` event. Memory stays bounded by the caps, not by the number of testcases.
 * Throws JUnitParseError (with code, line, column) for anything that is not a JUnit report.
 */
export function parseJUnitStream(
  source: ByteSource,
  options: ParseOptions = {},
): AsyncGenerator<JUnitEvent, ReportSummary, undefined> {
  return new JUnitEventStream(parseBatches(source, options));
}

function collectInto(report: { cases: ParsedCase[]; suites: ParsedSuite[] }): EventSink {
  return (event) => {
    if (event.kind === "case") report.cases.push(event.case);
    else if (event.kind === "suite") report.suites.push(event.suite);
  };
}

/** Parses a whole report held in memory (bytes, or a string that is already decoded). */
export function parseJUnitBuffer(input: Uint8Array | string, options: ParseOptions = {}): ParsedReport {
  const report = { cases: [] as ParsedCase[], suites: [] as ParsedSuite[] };
  const parser = new JUnitStreamParser(collectInto(report), options);
  if (typeof input === "string") parser.writeText(input);
  else parser.write(input);
  const summary = parser.end();
  return { ...report, summary };
}

/** Collects a streamed report (small files, tests, the CLI). */
export async function collectJUnitReport(source: ByteSource, options: ParseOptions = {}): Promise<ParsedReport> {
  const report = { cases: [] as ParsedCase[], suites: [] as ParsedSuite[] };
  const parser = new JUnitStreamParser(collectInto(report), options);
  for await (const chunk of iterateBytes(source)) parser.write(chunk);
  const summary = parser.end();
  return { ...report, summary };
}

export async function parseJUnitFile(path: string, options: ParseOptions = {}): Promise<ParsedReport> {
  return collectJUnitReport(createReadStream(path, { highWaterMark: 256 * 1024 }), {
    fileName: path,
    ...options,
  });
}
