// npm run bench:parse — JUnit parsing throughput and peak memory, side by side:
//   (a) floor       a bare saxes pass over the same bytes, no handlers
//   (b) greenboard  parseJUnitStream to results, consuming the stream
//   (c) whole-doc   fast-xml-parser building the whole document (what most tools do)
// Each variant runs in its own child process so peak RSS (maxRSS) is its own. The variants take
// turns, round after round, so a change in the machine's load falls on all of them alike.
import { spawnSync } from "node:child_process";
import { createReadStream, createWriteStream, mkdtempSync, rmSync, statSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { XMLParser } from "fast-xml-parser";
import { SaxesParser } from "saxes";
import { parseJUnitStream } from "../lib/junit/parse";
import { median } from "./bench-common";

const VARIANTS = ["floor", "greenboard", "whole-doc"] as const;
type Variant = (typeof VARIANTS)[number];

interface Measurement {
  variant: Variant;
  ms: number;
  maxRssMiB: number;
  cases: number;
}

// 256 KiB reads for every variant: larger reads mostly grow RSS, not speed.
const CHUNK = 256 * 1024;

async function runFloor(file: string): Promise<number> {
  const parser = new SaxesParser({ xmlns: false, position: true });
  const decoder = new TextDecoder("utf-8");
  for await (const chunk of createReadStream(file, { highWaterMark: CHUNK }) as AsyncIterable<Buffer>) {
    parser.write(decoder.decode(chunk, { stream: true }));
  }
  parser.close();
  return 0;
}

async function runGreenboard(file: string): Promise<number> {
  let cases = 0;
  // The options ingestion and `greenboard parse` use: system-out and properties are not stored.
  for await (const event of parseJUnitStream(createReadStream(file, { highWaterMark: CHUNK }), { keepOutput: false, keepProperties: false })) {
    if (event.kind === "case") cases++;
  }
  return cases;
}

async function runWholeDocument(file: string): Promise<number> {
  const text = await readFile(file, "utf8");
  const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: "" });
  const document = parser.parse(text) as { testsuites?: { testsuite?: { testcase?: unknown[] } } };
  return document.testsuites?.testsuite?.testcase?.length ?? 0;
}

async function runChild(variant: Variant, file: string): Promise<void> {
  const started = performance.now();
  const cases =
    variant === "floor" ? await runFloor(file) : variant === "greenboard" ? await runGreenboard(file) : await runWholeDocument(file);
  const ms = performance.now() - started;
  const measurement: Measurement = { variant, ms, maxRssMiB: process.resourceUsage().maxRSS / 1024, cases };
  process.stdout.write(`${JSON.stringify(measurement)}\n`);
}

const CLASSES = ["checkout.PaymentServiceTest", "checkout.CartControllerIT", "accounts.SignupFlowTest", "search.IndexerTest", "billing.InvoiceRendererTest"];

function caseXml(i: number): string {
  const cls = `com.acme.${CLASSES[i % CLASSES.length]}`;
  const name = `should_handle_case_${i}[region=eu-west-${i % 3}, retries=${i % 5}]`;
  const out = `<system-out><![CDATA[2024-05-01T12:00:${String(i % 60).padStart(2, "0")}Z INFO  starting ${name}\n2024-05-01T12:00:01Z DEBUG pool size=8 active=${i % 8}\n]]></system-out>`;
  if (i % 10 !== 0) return `    <testcase classname="${cls}" name="${name}" time="${((i % 997) / 1000).toFixed(3)}">${out}</testcase>\n`;
  let trace = `org.opentest4j.AssertionFailedError: expected: &lt;200&gt; but was: &lt;503&gt;\n`;
  while (trace.length < 2048) trace += `\tat com.acme.${CLASSES[(i + trace.length) % CLASSES.length]}.invoke(Source.java:${trace.length})\n`;
  return `    <testcase classname="${cls}" name="${name}" time="1.234"><failure message="expected: &lt;200&gt; but was: &lt;503&gt;" type="org.opentest4j.AssertionFailedError">${trace}</failure>${out}</testcase>\n`;
}

async function generateReport(file: string, cases: number): Promise<void> {
  const stream = createWriteStream(file);
  const write = (text: string) =>
    new Promise<void>((resolve) => {
      if (stream.write(text)) resolve();
      else stream.once("drain", () => resolve());
    });
  await write(`<?xml version="1.0" encoding="UTF-8"?>\n<testsuites>\n  <testsuite name="acme" tests="${cases}">\n`);
  let block = "";
  for (let i = 0; i < cases; i++) {
    block += caseXml(i);
    if (block.length > CHUNK) {
      await write(block);
      block = "";
    }
  }
  await write(`${block}  </testsuite>\n</testsuites>\n`);
  await new Promise<void>((resolve) => stream.end(resolve));
}

const RUNS = 5;

interface Summary extends Measurement {
  medianMs: number;
}

/**
 * RUNS rounds of one fresh process per variant, in turn. Per variant: the best wall time (the
 * machine's noise only ever adds), the median, and the worst peak RSS.
 */
function measureInterleaved(file: string): Summary[] {
  const runs = VARIANTS.map(() => [] as Measurement[]);
  for (let round = 0; round < RUNS; round++) {
    VARIANTS.forEach((variant, v) => runs[v]?.push(measure(variant, file)));
  }
  return runs.map((measurements) => {
    const best = measurements.reduce((a, b) => (b.ms < a.ms ? b : a));
    return {
      ...best,
      medianMs: median(measurements.map((m) => m.ms)),
      maxRssMiB: Math.max(...measurements.map((m) => m.maxRssMiB)),
    };
  });
}

function measure(variant: Variant, file: string): Measurement {
  const script = fileURLToPath(import.meta.url);
  const child = spawnSync(process.execPath, [...process.execArgv, script, "--child", variant, file], {
    encoding: "utf8",
    maxBuffer: 1024 * 1024,
  });
  if (child.status !== 0) throw new Error(`${variant} failed: ${child.stderr}`);
  const line = child.stdout.trim().split("\n").pop() ?? "";
  return JSON.parse(line) as Measurement;
}

async function main(): Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), "greenboard-bench-"));
  try {
    const rows: string[] = [];
    const header = `${"size".padEnd(18)} ${"variant".padEnd(11)} ${"cases".padStart(7)} ${"wall ms".padStart(9)} ${"median".padStart(9)} ${"MB/s".padStart(7)} ${"peak RSS MiB".padStart(13)}`;
    const ratios: string[] = [];
    for (const factor of [1, 4]) {
      const cases = 100_000 * factor;
      const file = path.join(dir, `report-${factor}x.xml`);
      await generateReport(file, cases);
      const megabytes = statSync(file).size / 1e6;
      const results = measureInterleaved(file);
      for (const r of results) {
        rows.push(
          `${`${factor}x (${megabytes.toFixed(0)} MB)`.padEnd(18)} ${r.variant.padEnd(11)} ${String(r.cases).padStart(7)} ${r.ms.toFixed(0).padStart(9)} ${r.medianMs.toFixed(0).padStart(9)} ${(megabytes / (r.ms / 1000)).toFixed(1).padStart(7)} ${r.maxRssMiB.toFixed(0).padStart(13)}`,
        );
      }
      const [floor, greenboard, whole] = results;
      if (floor && greenboard && whole) {
        ratios.push(
          `${factor}x: greenboard/floor = ${(greenboard.ms / floor.ms).toFixed(2)}x (medians ${(greenboard.medianMs / floor.medianMs).toFixed(2)}x), whole-doc/greenboard = ${(whole.ms / greenboard.ms).toFixed(2)}x`,
        );
      }
      rmSync(file);
    }
    console.log(
      `wall ms = best of ${RUNS} runs per variant, each in its own process, variants taking turns; peak RSS = worst run's maxRSS (includes ~75 MiB of tsx loader)`,
    );
    console.log(header);
    for (const row of rows) console.log(row);
    console.log("");
    for (const ratio of ratios) console.log(ratio);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const [flag, variant, file] = process.argv.slice(2);
if (flag === "--child" && file && (VARIANTS as readonly string[]).includes(variant ?? "")) {
  await runChild(variant as Variant, file);
} else if (flag === "--generate" && variant) {
  // --generate <file> [cases]: write a report to profile against.
  await generateReport(variant, Number(file ?? 100_000));
} else {
  await main();
}
