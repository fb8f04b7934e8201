import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import iconv from "iconv-lite";
import { describe, expect, test } from "vitest";
import { JUnitParseError } from "./errors";
import { collectJUnitReport, parseJUnitBuffer, parseJUnitStream } from "./parse";
import type { JUnitEvent } from "./types";

const SAMPLE = `<?xml version="1.0" encoding="UTF-8"?>
<testsuites tests="4">
  <testsuite name="unit" tests="4" failures="1" errors="1" skipped="1" time="0.5">
    <properties><property name="python" value="3.12"/></properties>
    <testcase classname="tests.test_a.TestA" name="test_ok" time="0.1"/>
    <testcase classname="tests.test_a.TestA" name="test_fail" time="0.2">
      <failure message="assert 1 == 2" type="AssertionError"><![CDATA[Traceback:
  assert 1 == 2]]></failure>
      <system-out>out &amp; about</system-out>
    </testcase>
    <testcase classname="tests.test_a.TestA" name="test_err" time="1e-1"><error message="boom" type="RuntimeError">trace &#10;line</error></testcase>
    <testcase classname="tests.test_a.TestA" name="test_skip"><skipped type="pytest.xfail" message="known bug #12"/></testcase>
    <system-out>suite output</system-out>
  </testsuite>
</testsuites>`;

function chunksOf(bytes: Uint8Array, size: number): Uint8Array[] {
  const chunks: Uint8Array[] = [];
  for (let i = 0; i < bytes.length; i += size) chunks.push(bytes.subarray(i, i + size));
  return chunks;
}

function parseError(input: string | Uint8Array): JUnitParseError {
  try {
    parseJUnitBuffer(input);
  } catch (error) {
    if (error instanceof JUnitParseError) return error;
    throw error;
  }
  throw new Error("expected a JUnitParseError");
}

describe("parseJUnitBuffer", () => {
  test("reads cases, statuses, messages, traces, output and properties", () => {
    const report = parseJUnitBuffer(SAMPLE);
    expect(report.summary).toMatchObject({ tests: 4, passed: 1, failed: 1, errors: 1, skipped: 1, suites: 1, warnings: [] });
    const [ok, fail, err, skip] = report.cases;
    expect(ok).toMatchObject({ key: "tests.test_a.TestA::test_ok", file: "tests/test_a.py", status: "passed", durationMs: 100, suite: "unit" });
    expect(fail).toMatchObject({
      status: "failed",
      type: "AssertionError",
      message: "assert 1 == 2",
      trace: "Traceback:\n  assert 1 == 2",
      systemOut: "out & about",
    });
    expect(err).toMatchObject({ status: "error", durationMs: 100, trace: "trace \nline" });
    expect(skip).toMatchObject({ status: "skipped", type: "pytest.xfail", message: "known bug #12" });
    expect(report.suites[0]).toMatchObject({
      name: "unit",
      systemOut: "suite output",
      properties: [{ name: "python", value: "3.12" }],
      declared: { tests: 4, failures: 1, errors: 1, skipped: 1, timeMs: 500 },
      counted: { tests: 4, passed: 1, failed: 1, errors: 1, skipped: 1 },
    });
  });

  test.each([1, 2, 3, 7, 64, 4096])("gives the same result when fed in %i-byte chunks", async (size) => {
    const bytes = Buffer.from(SAMPLE);
    const whole = parseJUnitBuffer(bytes);
    const streamed = await collectJUnitReport(chunksOf(bytes, size));
    expect(streamed).toEqual(whole);
  });

  test("the stream yields cases, then suites as they close, then one summary", async () => {
    const kinds: string[] = [];
    for await (const event of parseJUnitStream([Buffer.from(SAMPLE)])) kinds.push(event.kind);
    expect(kinds).toEqual(["case", "case", "case", "case", "suite", "summary"]);
  });
});

describe("encodings and lexical variety", () => {
  const body = `<testsuite name="ünïcödé"><testcase classname="c" name="naïve café ✓"/></testsuite>`;
  const latin1Body = `<testsuite name="ünïcödé"><testcase classname="c" name="naïve café"/></testsuite>`;

  test.each<[string, Uint8Array, string]>([
    ["UTF-8 with BOM", Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(`<?xml version="1.0"?>${body}`)]), "naïve café ✓"],
    ["UTF-8 without declaration", Buffer.from(body), "naïve café ✓"],
    ["UTF-16LE with BOM", Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(`<?xml version="1.0" encoding="UTF-16"?>${body}`, "utf16le")]), "naïve café ✓"],
    ["UTF-16BE with BOM", Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(`<?xml version="1.0" encoding="UTF-16"?>${body}`, "utf16le").swap16()]), "naïve café ✓"],
    ["UTF-16LE without BOM", Buffer.from(`<?xml version="1.0" encoding="UTF-16"?>${body}`, "utf16le"), "naïve café ✓"],
    ["ISO-8859-1 declared", iconv.encode(`<?xml version="1.0" encoding="ISO-8859-1"?>${latin1Body}`, "latin1"), "naïve café"],
    ["windows-1252 declared", iconv.encode(`<?xml version='1.0' encoding='windows-1252'?>${latin1Body}`, "win1252"), "naïve café"],
    ["KOI8-R (iconv-lite)", iconv.encode(`<?xml version="1.0" encoding="KOI8-R"?><testsuite><testcase classname="c" name="тест"/></testsuite>`, "koi8-r"), "тест"],
    ["UTF-8 bytes that claim UTF-16", Buffer.from(`<?xml version="1.0" encoding="UTF-16"?>${body}`), "naïve café ✓"],
  ])("%s", async (_label, bytes, name) => {
    const streamed = await collectJUnitReport(chunksOf(bytes, 3));
    expect(streamed.cases[0]?.name).toBe(name);
  });

  // Reads larger than the parser's 32 KiB decode slice are cut at byte offsets that fall inside
  // multi-byte characters; the text must come out the same as from small reads.
  test.each<[string, (xml: string) => Buffer]>([
    ["UTF-8", (xml) => Buffer.from(xml)],
    ["UTF-16LE", (xml) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(xml, "utf16le")])],
  ])("a %s report read in one chunk of several hundred KiB decodes as in small reads", async (_label, encode) => {
    const cases = Array.from({ length: 3000 }, (_, i) => `<testcase classname="c" name="naïve ✓ 😀 ${i}"><failure>é${"✓".repeat(i % 7)}😀</failure></testcase>`);
    const bytes = encode(`<testsuite>${cases.join("")}</testsuite>`);
    expect(bytes.byteLength).toBeGreaterThan(4 * 64 * 1024);
    const whole = await collectJUnitReport([bytes]);
    expect(whole.cases).toHaveLength(3000);
    expect(whole.cases[2999]?.name).toBe("naïve ✓ 😀 2999");
    expect(whole.cases.every((c, i) => c.trace === `é${"✓".repeat(i % 7)}😀`)).toBe(true);
    expect(whole).toEqual(await collectJUnitReport(chunksOf(bytes, 1000)));
  });

  test.each([
    ["CRLF line endings", "<testsuite>\r\n<testcase classname=\"c\" name=\"t\">\r\n<failure>a\r\nb</failure>\r\n</testcase>\r\n</testsuite>", "a\nb"],
    ["character references", `<testsuite><testcase classname="c" name="t"><failure>&#60;&#x3E;&amp;&quot;&apos;&#128512;</failure></testcase></testsuite>`, "<>&\"'😀"],
    ["CDATA and text mixed", `<testsuite><testcase classname="c" name="t"><failure>pre <![CDATA[<raw> & ]]> post</failure></testcase></testsuite>`, "pre <raw> &  post"],
  ])("%s", (_label, xml, trace) => {
    expect(parseJUnitBuffer(xml).cases[0]?.trace).toBe(trace);
  });

  test("leading whitespace before the declaration is tolerated", () => {
    expect(parseJUnitBuffer(`\n  <?xml version="1.0"?><testsuite/>`).summary.suites).toBe(1);
  });

  test("control characters (ANSI colours in output) become U+FFFD with a warning", () => {
    const report = parseJUnitBuffer(`<testsuite><testcase name="t"><system-out>\u001b[31mred\u001b[0m</system-out></testcase></testsuite>`);
    expect(report.cases[0]?.systemOut).toBe("\uFFFD[31mred\uFFFD[0m");
    expect(report.summary.warnings.map((w) => w.code)).toEqual(["control-characters-replaced"]);
  });
});

describe("structure", () => {
  test.each([
    ["root <testsuite>", `<testsuite name="s"><testcase name="a"/></testsuite>`, 1, 1],
    ["root <testsuites> with nothing", `<testsuites/>`, 0, 0],
    ["empty suite", `<testsuites><testsuite name="s"/></testsuites>`, 1, 0],
    ["nested 5 deep", `<testsuites>${"<testsuite>".repeat(5)}<testcase name="x"/>${"</testsuite>".repeat(5)}</testsuites>`, 5, 1],
    ["cases at every level", `<testsuite name="a"><testcase name="1"/><testsuite name="b"><testcase name="2"/></testsuite><testcase name="3"/></testsuite>`, 2, 3],
  ])("%s", (_label, xml, suites, tests) => {
    const report = parseJUnitBuffer(xml);
    expect(report.summary.suites).toBe(suites);
    expect(report.summary.tests).toBe(tests);
  });

  test("the case's suite is the innermost one, and its file comes from the nearest suite file", () => {
    const report = parseJUnitBuffer(
      `<testsuites><testsuite name="outer" file="/app/tests/FooTest.php"><testsuite name="FooTest::testAdd with data set #0"><testcase name="testAdd with data set #0" class="FooTest" classname="FooTest"/></testsuite></testsuite></testsuites>`,
    );
    expect(report.cases[0]).toMatchObject({ suite: "FooTest::testAdd with data set #0", file: "/app/tests/FooTest.php", key: "FooTest::testAdd with data set #0" });
  });

  test("missing and empty attributes", () => {
    const [c] = parseJUnitBuffer(`<testsuite><testcase name="" classname="" time=""/></testsuite>`).cases;
    expect(c).toMatchObject({ name: "", classname: "", key: "::", durationMs: null, file: null, suite: null });
  });
});

describe("status rules", () => {
  test.each([
    ["error beats failure and skipped", `<error/><failure/><skipped/>`, "", "error"],
    ["failure beats skipped", `<skipped/><failure/>`, "", "failed"],
    ["skipped child", `<skipped/>`, "", "skipped"],
    ['status="disabled"', ``, `status="disabled"`, "skipped"],
    ['status="Ignored"', ``, `status="Ignored"`, "skipped"],
    ['status="NotExecuted"', ``, `status="NotExecuted"`, "skipped"],
    ['status="failed" without a failure element', ``, `status="failed"`, "passed"],
    ['status="run"', ``, `status="run"`, "passed"],
    ["failure with a skip status", `<failure/>`, `status="skipped"`, "failed"],
    ["unrelated children", `<system-out>x</system-out><properties/>`, "", "passed"],
  ])("%s", (_label, children, attrs, status) => {
    const xml = `<testsuite><testcase classname="c" name="t" ${attrs}>${children}</testcase></testsuite>`;
    expect(parseJUnitBuffer(xml).cases[0]?.status).toBe(status);
  });

  test("messages of several elements of the chosen kind are joined", () => {
    const [c] = parseJUnitBuffer(`<testsuite><testcase name="t"><failure message="one">a</failure><failure message="two">b</failure></testcase></testsuite>`).cases;
    expect(c).toMatchObject({ message: "one\ntwo", trace: "a\nb" });
  });
});

describe("declared totals", () => {
  test.each([
    ["agree", `<testsuite tests="2" failures="1" skipped="0"><testcase name="a"/><testcase name="b"><failure/></testcase></testsuite>`, 0],
    ["skips= agrees", `<testsuite tests="1" skips="1"><testcase name="a"><skipped/></testcase></testsuite>`, 0],
    ["skipped + disabled agrees", `<testsuite tests="2" skipped="1" disabled="1"><testcase name="a"><skipped/></testcase><testcase name="b" status="disabled"/></testsuite>`, 0],
    ["tests disagree", `<testsuite tests="3"><testcase name="a"/></testsuite>`, 1],
    ["root disagrees too", `<testsuites tests="9"><testsuite tests="3"><testcase name="a"/></testsuite></testsuites>`, 2],
  ])("%s", (_label, xml, warnings) => {
    const report = parseJUnitBuffer(xml);
    expect(report.summary.warnings.filter((w) => w.code === "declared-totals-mismatch")).toHaveLength(warnings);
  });

  test("outcomes never come from declared totals", () => {
    const report = parseJUnitBuffer(`<testsuite tests="100" failures="50"><testcase name="a"/></testsuite>`);
    expect(report.summary).toMatchObject({ tests: 1, passed: 1, failed: 0 });
  });
});

describe("caps", () => {
  test("message and trace are cut at the cap and marked truncated", () => {
    const long = "x".repeat(70 * 1024);
    const [c] = parseJUnitBuffer(`<testsuite><testcase name="t"><failure message="${long}">${long}</failure></testcase></testsuite>`).cases;
    expect(c?.message).toHaveLength(64 * 1024);
    expect(c?.trace).toHaveLength(64 * 1024);
    expect(c).toMatchObject({ messageTruncated: true, traceTruncated: true });
  });

  test("custom limits apply to system-out and properties", () => {
    const report = parseJUnitBuffer(
      `<testsuite><testcase name="t"><properties><property name="a" value="123456"/><property name="b" value="1"/></properties><system-out>abcdefgh</system-out></testcase></testsuite>`,
      { limits: { maxOutputLength: 4, maxPropertyLength: 3, maxProperties: 1 } },
    );
    expect(report.cases[0]).toMatchObject({ systemOut: "abcd", properties: [{ name: "a", value: "123" }] });
  });

  test("text cut while streaming is marked truncated even when it decodes below the cap", () => {
    const [c] = parseJUnitBuffer(
      Buffer.from(`<testsuite><testcase name="t"><failure>${"&#x0000041;".repeat(100)}</failure><system-out>x</system-out></testcase></testsuite>`),
      { limits: { maxMessageLength: 100, maxTraceLength: 100, maxOutputLength: 100, maxPropertyLength: 100 } },
    ).cases;
    expect(c?.trace?.length).toBeLessThan(100);
    expect(c?.trace).toMatch(/^A+$/);
    expect(c).toMatchObject({ traceTruncated: true, systemOut: "x" });
  });

  test("keepOutput: false drops system-out/err", () => {
    const [c] = parseJUnitBuffer(`<testsuite><testcase name="t"><system-out>x</system-out></testcase></testsuite>`, { keepOutput: false }).cases;
    expect(c?.systemOut).toBeUndefined();
  });
});

describe("typed errors", () => {
  test.each([
    ["empty", "", "EMPTY"],
    ["whitespace only", "  \n ", "EMPTY"],
    ["not XML", "this is not xml", "MALFORMED"],
    ["wrong root", "<html><body/></html>", "NOT_JUNIT"],
    ["truncated", "<testsuite><testcase name='a'>", "MALFORMED"],
    ["mismatched tags", "<testsuite></testcase>", "MALFORMED"],
    ["undefined entity", "<testsuite><testcase name='&foo;'/></testsuite>", "MALFORMED"],
    ["two roots", "<testsuite/><testsuite/>", "MALFORMED"],
    ["unknown encoding", '<?xml version="1.0" encoding="x-no-such-thing"?><testsuite/>', "UNSUPPORTED_ENCODING"],
  ])("%s → %s", (_label, xml, code) => {
    const error = parseError(Buffer.from(xml));
    expect(error.code).toBe(code);
    if (code === "MALFORMED" || code === "NOT_JUNIT") {
      expect(error.line).toBeGreaterThan(0);
      expect(error.message).toMatch(/line \d+, column \d+/);
    }
  });

  test("the error names the line and column", () => {
    const error = parseError("<testsuite>\n  <testcase name='a'>\n  </testsuite>");
    expect(error).toMatchObject({ code: "MALFORMED", line: 3 });
  });
});

describe("event stream", () => {
  function* closable(bytes: Uint8Array, size: number, state: { closed: boolean }): Generator<Uint8Array> {
    try {
      yield* chunksOf(bytes, size);
    } finally {
      state.closed = true;
    }
  }

  test("stopping after the first event closes the source", async () => {
    const state = { closed: false };
    for await (const event of parseJUnitStream(closable(Buffer.from(SAMPLE), 64, state))) {
      expect(event.kind).toBe("case");
      break;
    }
    expect(state.closed).toBe(true);
  });

  test("next() calls made before the previous one settled are answered in order", async () => {
    const stream = parseJUnitStream(chunksOf(Buffer.from(SAMPLE), 64));
    const results = await Promise.all(Array.from({ length: 8 }, () => stream.next()));
    expect(results.map((result) => (result.done ? "done" : result.value.kind))).toEqual([
      "case",
      "case",
      "case",
      "case",
      "suite",
      "summary",
      "done",
      "done",
    ]);
  });

  test("an event handed out is no longer held by the stream while the rest of its chunk waits", async () => {
    // Held, it would live as long as its chunk's last event: across a batch's store, for the
    // embedded database (which stores in this thread). V8 then allocated the parser's strings
    // and events in its old generation from the start, and the server's RSS climbed by ~100 MiB
    // over a 100,000-case upload (bench:ingest).
    setFlagsFromString("--expose-gc");
    const collectGarbage = runInNewContext("gc") as () => void;
    const stream = parseJUnitStream([Buffer.from(SAMPLE)]);
    // In a function of its own, so that no variable of this one still holds an event.
    const takeWeakly = async (count: number) => {
      const refs: WeakRef<JUnitEvent>[] = [];
      for (let i = 0; i < count; i++) {
        const result = await stream.next();
        if (result.done) throw new Error("the sample has four cases");
        refs.push(new WeakRef(result.value));
      }
      return refs;
    };
    const refs = await takeWeakly(2);
    // A WeakRef keeps its target until the job that made it has ended.
    await new Promise((resolve) => setImmediate(resolve));
    collectGarbage();
    expect(refs.map((ref) => ref.deref())).toEqual([undefined, undefined]);
    const rest: string[] = [];
    for await (const event of stream) rest.push(event.kind);
    expect(rest).toEqual(["case", "case", "suite", "summary"]);
  });

  test("summary is the last event and matches the generator's return value", async () => {
    const generator = parseJUnitStream([Buffer.from(SAMPLE)]);
    let last: JUnitEvent | undefined;
    let result = await generator.next();
    while (!result.done) {
      last = result.value;
      result = await generator.next();
    }
    expect(last?.kind).toBe("summary");
    expect(last?.kind === "summary" ? last.summary : null).toEqual(result.value);
  });
});
