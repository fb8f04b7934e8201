import { Readable } from "node:stream";
import { Gzip, Zip, ZipDeflate, gzipSync, zipSync } from "fflate";
import tar from "tar-stream";
import { describe, expect, test } from "vitest";
import { openReportSource, parseReportSource, type ParsedReportEntry } from "./archive";
import { JUnitParseError } from "./errors";
import type { ByteSource } from "./types";

const REPORT_A = `<testsuite name="a"><testcase classname="A" name="one"/><testcase classname="A" name="two"><failure/></testcase></testsuite>`;
const REPORT_B = `<testsuites><testsuite name="b"><testcase classname="B" name="three"><skipped/></testcase></testsuite></testsuites>`;
const utf8 = (text: string) => new TextEncoder().encode(text);

async function tarOf(files: Record<string, string>): Promise<Uint8Array> {
  const pack = tar.pack();
  for (const [name, body] of Object.entries(files)) pack.entry({ name }, body);
  pack.finalize();
  const chunks: Uint8Array[] = [];
  for await (const chunk of pack as AsyncIterable<Uint8Array>) chunks.push(chunk);
  return Buffer.concat(chunks);
}

/** A streamed zip (data descriptors, sizes unknown up front), built chunk by chunk. */
function streamedZip(members: Record<string, Uint8Array[]>): Uint8Array[] {
  const out: Uint8Array[] = [];
  const zip = new Zip((error, data) => {
    if (error) throw error;
    out.push(data);
  });
  for (const [name, chunks] of Object.entries(members)) {
    const file = new ZipDeflate(name, { level: 6 });
    zip.add(file);
    chunks.forEach((chunk, i) => file.push(chunk, i === chunks.length - 1));
  }
  zip.end();
  return out;
}

async function summarise(source: ByteSource, name: string): Promise<string[]> {
  const lines: string[] = [];
  for await (const entry of parseReportSource(source, { name })) lines.push(describeEntry(entry));
  return lines;
}

function describeEntry(entry: ParsedReportEntry): string {
  if (entry.kind === "report") {
    const s = entry.report.summary;
    return `${entry.path}: ${s.tests} tests, ${s.failed} failed, ${s.skipped} skipped`;
  }
  if (entry.kind === "skipped") return `${entry.path}: skipped (${entry.reason.split(" (")[0]})`;
  return `${entry.path}: invalid ${entry.error.code}`;
}

async function archiveError(source: ByteSource, name: string, limits = {}): Promise<JUnitParseError> {
  try {
    for await (const entry of openReportSource(source, { name, limits })) {
      if (entry.kind === "report") for await (const _ of entry.bytes) void _;
    }
  } catch (error) {
    if (error instanceof JUnitParseError) return error;
    throw error;
  }
  throw new Error("expected a JUnitParseError");
}

describe("openReportSource / parseReportSource", () => {
  test("plain .xml", async () => {
    expect(await summarise([utf8(REPORT_A)], "report.xml")).toEqual(["report.xml: 2 tests, 1 failed, 0 skipped"]);
  });

  test(".xml.gz", async () => {
    expect(await summarise([gzipSync(utf8(REPORT_A))], "report.xml.gz")).toEqual(["report.xml.gz: 2 tests, 1 failed, 0 skipped"]);
  });

  test(".zip with reports, a non-report, a non-JUnit xml and a broken xml", async () => {
    const zip = zipSync({
      "reports/a.xml": utf8(REPORT_A),
      "reports/nested/b.xml": utf8(REPORT_B),
      "reports/readme.txt": utf8("hello"),
      "reports/pom.xml": utf8("<project/>"),
      "reports/broken.xml": utf8("<testsuite><testcase>"),
      "__MACOSX/reports/._a.xml": utf8("junk"),
    });
    expect(await summarise([zip], "results.zip")).toEqual([
      "results.zip!/reports/a.xml: 2 tests, 1 failed, 0 skipped",
      "results.zip!/reports/nested/b.xml: 1 tests, 0 failed, 1 skipped",
      "results.zip!/reports/readme.txt: skipped (not an .xml file)",
      "results.zip!/reports/pom.xml: skipped (Root element <project> is not <testsuites> or <testsuite>)",
      "results.zip!/reports/broken.xml: invalid MALFORMED",
      "results.zip!/__MACOSX/reports/._a.xml: skipped (macOS metadata, not a report)",
    ]);
  });

  test("streamed .zip (data descriptors) fed in small chunks", async () => {
    const chunks = streamedZip({ "a.xml": [utf8(REPORT_A)], "b.xml": [utf8(REPORT_B)] });
    const bytes = Buffer.concat(chunks);
    const small = Array.from({ length: Math.ceil(bytes.length / 7) }, (_, i) => bytes.subarray(i * 7, i * 7 + 7));
    expect(await summarise(small, "s.zip")).toEqual([
      "s.zip!/a.xml: 2 tests, 1 failed, 0 skipped",
      "s.zip!/b.xml: 1 tests, 0 failed, 1 skipped",
    ]);
  });

  test(".tar.gz and .tgz are detected by magic bytes, not the name", async () => {
    const tgz = gzipSync(await tarOf({ "out/a.xml": REPORT_A, "out/b.xml": REPORT_B, "out/log.txt": "x" }));
    expect(await summarise(Readable.from([Buffer.from(tgz)]), "upload.bin")).toEqual([
      "upload.bin!/out/a.xml: 2 tests, 1 failed, 0 skipped",
      "upload.bin!/out/b.xml: 1 tests, 0 failed, 1 skipped",
      "upload.bin!/out/log.txt: skipped (not an .xml file)",
    ]);
  });

  test("plain .tar", async () => {
    expect(await summarise([await tarOf({ "a.xml": REPORT_A })], "r.tar")).toEqual(["r.tar!/a.xml: 2 tests, 1 failed, 0 skipped"]);
  });

  test("a top-level file that is not JUnit throws", async () => {
    await expect(summarise([utf8("<html/>")], "x.xml")).rejects.toMatchObject({ code: "NOT_JUNIT" });
  });
});

describe("archive safety", () => {
  test.each([
    ["../ in a zip", "../../etc/evil.xml"],
    ["absolute path in a zip", "/etc/evil.xml"],
    ["nested ../ in a zip", "reports/../../evil.xml"],
    ["Windows drive path", "C:\\evil.xml"],
    ["backslash traversal", "reports\\..\\..\\evil.xml"],
  ])("%s is refused", async (_label, name) => {
    const zip = zipSync({ [name]: utf8(REPORT_A) });
    const error = await archiveError([zip], "evil.zip");
    expect(error.code).toBe("UNSAFE_PATH");
  });

  test("../ in a tar is refused", async () => {
    const error = await archiveError([gzipSync(await tarOf({ "../evil.xml": REPORT_A }))], "evil.tgz");
    expect(error.code).toBe("UNSAFE_PATH");
  });

  test("zip bomb: 128 MiB of zeros in a ~128 KB zip is stopped by the ratio check", async () => {
    const zero = new Uint8Array(1024 * 1024);
    const started = performance.now();
    const bomb = streamedZip({ "bomb.xml": Array.from({ length: 128 }, () => zero) });
    const compressed = bomb.reduce((sum, c) => sum + c.length, 0);
    expect(compressed).toBeLessThan(512 * 1024);
    const before = process.memoryUsage().rss;
    const error = await archiveError(bomb, "bomb.zip");
    expect(error.code).toBe("COMPRESSION_RATIO");
    expect(process.memoryUsage().rss - before).toBeLessThan(200 * 1024 * 1024);
    expect(performance.now() - started).toBeLessThan(20_000);
  });

  test("gzip bomb is stopped by the ratio check", async () => {
    const chunks: Uint8Array[] = [];
    const gzip = new Gzip({ level: 9 }, (data) => chunks.push(data));
    const zero = new Uint8Array(1024 * 1024);
    for (let i = 0; i < 64; i++) gzip.push(zero, i === 63);
    const error = await archiveError(chunks, "bomb.xml.gz");
    expect(error.code).toBe("COMPRESSION_RATIO");
  });

  test("the total uncompressed size is capped", async () => {
    const zip = zipSync({ "a.xml": utf8(REPORT_A), "b.xml": utf8(REPORT_B) });
    const error = await archiveError([zip], "big.zip", { maxTotalBytes: 150 });
    expect(error.code).toBe("ARCHIVE_TOO_LARGE");
  });

  test("the member count is capped", async () => {
    const files: Record<string, Uint8Array> = {};
    for (let i = 0; i < 5; i++) files[`r${i}.xml`] = utf8(REPORT_A);
    const error = await archiveError([zipSync(files)], "many.zip", { maxMembers: 3 });
    expect(error.code).toBe("TOO_MANY_MEMBERS");
  });

  test("corrupt gzip is a typed error", async () => {
    const gz = gzipSync(utf8(REPORT_A));
    const corrupt = Buffer.from(gz);
    corrupt.fill(0xff, 12, 30);
    const error = await archiveError([corrupt], "bad.xml.gz");
    expect(error.code).toBe("ARCHIVE_CORRUPT");
  });
});
