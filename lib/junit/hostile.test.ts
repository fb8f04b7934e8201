// Hostile inputs, generated here rather than committed: each must fail fast with a typed
// error (or, for huge text, be cut while streaming) without memory growing with the input.
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { describe, expect, test } from "vitest";
import { JUnitParseError } from "./errors";
import { collectJUnitReport, parseJUnitStream } from "./parse";
import type { ByteSource } from "./types";

setFlagsFromString("--expose-gc");
const collectGarbage = runInNewContext("gc") as () => void;

function heapUsedAfterGc(): number {
  collectGarbage();
  return process.memoryUsage().heapUsed;
}

const MiB = 1024 * 1024;

/** A report whose middle is `repeat` copies of one chunk, without holding them all at once. */
function* generated(head: string, filler: string, repeat: number, tail: string, counter?: { chunks: number }): Generator<Uint8Array> {
  yield Buffer.from(head);
  const chunk = Buffer.from(filler);
  for (let i = 0; i < repeat; i++) {
    if (counter) counter.chunks++;
    yield chunk;
  }
  yield Buffer.from(tail);
}

async function rejection(source: ByteSource): Promise<JUnitParseError> {
  const error: unknown = await collectJUnitReport(source).catch((e: unknown) => e);
  if (!(error instanceof JUnitParseError)) throw new Error(`expected a JUnitParseError, got ${String(error)}`);
  return error;
}

const BILLION_LAUGHS = `<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol9 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
<testsuite name="&lol9;"><testcase name="x"/></testsuite>`;

const XXE = `<?xml version="1.0"?>
<!DOCTYPE testsuite [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<testsuite name="x"><testcase name="t"><failure>&xxe;</failure></testcase></testsuite>`;

describe("hostile inputs", () => {
  test.each([
    ["billion laughs", "DTD_FORBIDDEN", BILLION_LAUGHS],
    ["external entity to /etc/passwd", "DTD_FORBIDDEN", XXE],
    ["a bare DOCTYPE", "DTD_FORBIDDEN", `<!DOCTYPE testsuite><testsuite/>`],
    ["an entity reference without a DTD", "MALFORMED", `<testsuite name="&xxe;"/>`],
    ["10,000-deep nesting", "TOO_DEEP", `<testsuites>${"<testsuite>".repeat(10_000)}${"</testsuite>".repeat(10_000)}</testsuites>`],
  ])("%s → %s", async (_label, code, xml) => {
    const started = performance.now();
    const error = await rejection([Buffer.from(xml)]);
    expect(error.code).toBe(code);
    expect(error.line).not.toBeNull();
    expect(performance.now() - started).toBeLessThan(1000);
  });

  test("a DOCTYPE split across chunks is refused before the rest is read", async () => {
    const counter = { chunks: 0 };
    const error = await rejection(generated("<?xml version='1.0'?>\n<!DOC", "TYPE x [ <!ENTITY a 'b'> ]>", 1, "<testsuite/>", counter));
    expect(error.code).toBe("DTD_FORBIDDEN");
    expect(error.line).toBe(2);
  });

  test("a 100 MB attribute is rejected after reading about 4 MiB", async () => {
    const counter = { chunks: 0 };
    const before = heapUsedAfterGc();
    const error = await rejection(
      generated(`<testsuite><testcase name="`, "a".repeat(MiB), 100, `"/></testsuite>`, counter),
    );
    expect(error.code).toBe("ATTRIBUTE_TOO_LARGE");
    expect(counter.chunks).toBeLessThanOrEqual(5);
    expect(heapUsedAfterGc() - before).toBeLessThan(32 * MiB);
  });

  test("a tag made of many large attributes is rejected", async () => {
    const attribute = ` a${"x".repeat(8)}="${"v".repeat(MiB)}"`;
    const parts = Array.from({ length: 40 }, (_, i) => attribute.replace("a", `a${i}`));
    const error = await rejection([Buffer.from("<testsuite"), ...parts.map((p) => Buffer.from(p)), Buffer.from("/>")]);
    expect(error.code).toBe("TAG_TOO_LARGE");
  });

  test.each([
    ["text", "<system-out>", "x&amp;y ".repeat(16 * 1024), "</system-out>"],
    ["CDATA", "<system-out><![CDATA[", "x]y]]z ".repeat(16 * 1024), "]]></system-out>"],
    ["a comment", "<!--", "x-y ".repeat(32 * 1024), "--><system-out>ok</system-out>"],
  ])("100 MB of %s is cut to its cap while streaming", async (_label, open, filler, close) => {
    const before = heapUsedAfterGc();
    let peak = 0;
    let systemOut: string | undefined;
    let truncatedWarning = false;
    let chunks = 0;
    const source = generated(`<testsuite><testcase name="log">${open}`, filler, Math.ceil((100 * MiB) / filler.length), `${close}</testcase></testsuite>`);
    async function* sampled(): AsyncGenerator<Uint8Array> {
      for (const chunk of source) {
        if (++chunks % 25 === 0) peak = Math.max(peak, process.memoryUsage().heapUsed - before);
        yield chunk;
      }
    }
    for await (const event of parseJUnitStream(sampled())) {
      if (event.kind === "case") systemOut = event.case.systemOut;
      if (event.kind === "summary") truncatedWarning = event.summary.warnings.some((w) => w.code === "text-truncated");
    }
    expect(systemOut === "ok" || systemOut?.length === 64 * 1024).toBe(true);
    expect(truncatedWarning).toBe(true);
    expect(peak).toBeLessThan(64 * MiB);
  });
});

describe("streaming memory", () => {
  test("20,000 cases stream with flat heap when the consumer keeps nothing", async () => {
    const total = 20_000;
    const trace = "at com.acme.Widget.spin(Widget.java:42)\n".repeat(40);
    function* report(): Generator<Uint8Array> {
      yield Buffer.from(`<?xml version="1.0"?><testsuites><testsuite name="big" tests="${total}">`);
      for (let i = 0; i < total; i += 100) {
        let block = "";
        for (let j = i; j < i + 100; j++) {
          block +=
            j % 10 === 0
              ? `<testcase classname="com.acme.Widget${j % 50}Test" name="spins_${j}[param-${j}]" time="0.01"><failure message="expected spin" type="AssertionError">${trace}</failure><system-out>log line ${j}</system-out></testcase>`
              : `<testcase classname="com.acme.Widget${j % 50}Test" name="spins_${j}[param-${j}]" time="0.01"/>`;
        }
        yield Buffer.from(block);
      }
      yield Buffer.from(`</testsuite></testsuites>`);
    }
    const baseline = heapUsedAfterGc();
    let seen = 0;
    let peak = 0;
    let summaryTests = 0;
    for await (const event of parseJUnitStream(report())) {
      if (event.kind === "case") {
        seen++;
        if (seen % 4000 === 0) peak = Math.max(peak, heapUsedAfterGc() - baseline);
      } else if (event.kind === "summary") {
        summaryTests = event.summary.tests;
      }
    }
    expect(seen).toBe(total);
    expect(summaryTests).toBe(total);
    // The input is ~20 MB; retaining cases would grow the heap by far more than this.
    expect(peak).toBeLessThan(8 * MiB);
  });
});
