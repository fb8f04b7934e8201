import { fingerprintResult } from "../classify";
import { execFile } from "node:child_process";
import { mkdtemp, mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { gzipSync, zipSync, strToU8 } from "fflate";
import Ajv2020 from "ajv/dist/2020";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { corpusDir, repoRoot } from "../junit/testing/corpus";
import { createBufferedIo } from "./io";
import { main } from "./main";
import { runParse } from "./parse";

const run = promisify(execFile);
const bin = path.join(repoRoot, "bin/greenboard.mjs");
const corpusFile = path.join(corpusDir, "python__test__files__junit-xml__pytest__junit.fail.xml");

const schema = JSON.parse(await readFile(path.join(repoRoot, "docs/cli-parse-output.schema.json"), "utf8")) as object;
const validate = new Ajv2020({ allErrors: true, strict: true }).compile(schema);

interface ParseOutput {
  files: { path: string; error: string | null; suites: number; tests: number; passed: number; failed: number; errors: number; skipped: number; cases: Record<string, unknown>[] }[];
  missing: { file: string; reason: string; category: string | null }[];
}

function parseOutput(stdout: string): ParseOutput {
  const output: unknown = JSON.parse(stdout);
  expect(validate.errors ?? [], JSON.stringify(validate.errors)).toEqual([]);
  expect(validate(output), JSON.stringify(validate.errors)).toBe(true);
  return output as ParseOutput;
}

const counts = (file: ParseOutput["files"][number]) =>
  [file.path, file.suites, file.tests, file.passed, file.failed, file.errors, file.skipped, file.cases.length];

const REPORT_A = `<?xml version="1.0"?>
<testsuites>
  <testsuite name="api" tests="2">
    <testsuite name="api.auth">
      <testcase classname="tests.test_auth" name="test_login" file="tests/test_auth.py" time="0.0125"/>
      <testcase classname="tests.test_auth" name="test_logout" file="tests/test_auth.py">
        <failure type="AssertionError" message="assert 401 == 200">trace</failure>
      </testcase>
    </testsuite>
  </testsuite>
</testsuites>`;
const REPORT_B = `<testsuite name="web"><testcase classname="web" name="renders"><skipped/></testcase><testcase classname="web" name="boom"><error message="TypeError: x is undefined"/></testcase></testsuite>`;
const MALFORMED = `<testsuite name="bad">\n  <testcase name="a">\n    <failure>\n</testsuite>\n`;

let dir = "";

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "greenboard-parse-"));
  await mkdir(path.join(dir, "reports"));
  await mkdir(path.join(dir, "test"));
  await mkdir(path.join(dir, "node_modules/pkg/test"), { recursive: true });
  await writeFile(path.join(dir, "reports/a.xml"), REPORT_A);
  await writeFile(path.join(dir, "reports/bad.xml"), MALFORMED);
  await writeFile(path.join(dir, "reports/page.html"), "<html><body>not a report</body></html>");
  await writeFile(path.join(dir, "reports/a.xml.gz"), gzipSync(strToU8(REPORT_A)));
  await writeFile(
    path.join(dir, "reports/bundle.zip"),
    zipSync({ "junit/a.xml": strToU8(REPORT_A), "junit/b.xml": strToU8(REPORT_B), "README.txt": strToU8("not a report") }),
  );
  // test/test_spark.py is what the corpus report ran; test_cors.py reported nothing.
  await writeFile(path.join(dir, "test/test_spark.py"), "def test_check_shape_compatibility():\n    assert True\n");
  await writeFile(path.join(dir, "test/test_cors.py"), "# def test_cors():\n#     assert allow_origin('*')\n\n");
  await writeFile(path.join(dir, "test/test_quiet.py"), "def helper():\n    return 1\n");
  await writeFile(path.join(dir, "node_modules/pkg/test/test_vendored.py"), "# vendored\n");
});

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe("greenboard parse (subprocess)", () => {
  test("corpus file, a zip of two reports and --test-files, with paths relative to the cwd", async () => {
    const { stdout, stderr } = await run(
      process.execPath,
      [bin, "parse", "--json", corpusFile, "reports/bundle.zip", "--test-files", "test/**/*.py", "--test-files", "**/test_*.py"],
      { cwd: dir },
    );
    const output = parseOutput(stdout);
    expect(output.files.map(counts)).toEqual([
      [corpusFile, 1, 5, 3, 1, 0, 1, 5],
      ["reports/bundle.zip!/junit/a.xml", 2, 2, 1, 1, 0, 0, 2],
      ["reports/bundle.zip!/junit/b.xml", 1, 2, 0, 0, 1, 1, 2],
    ]);
    expect(output.files[0]?.cases[3]).toMatchObject({
      classname: "test.test_spark.SparkTests",
      name: "test_rsh_events",
      file: "test/test_spark.py",
      key: "test.test_spark.SparkTests::test_rsh_events",
      status: "failed",
      durationMs: 7541,
    });
    expect(output.missing).toEqual([
      { file: "test/test_cors.py", reason: "test file exists but reported 0 tests: all code in the file is commented out", category: "commented-out" },
      { file: "test/test_quiet.py", reason: "test file exists but reported 0 tests", category: null },
    ]);
    expect(stderr).toContain("skipped reports/bundle.zip!/README.txt: not an .xml file");
  });

  test("a malformed file sets its error and exit 2; the other files are still printed", async () => {
    const error = await run(process.execPath, [bin, "parse", "--json", "reports/bad.xml", "reports/a.xml"], { cwd: dir }).then(
      () => null,
      (failure: { code: number; stdout: string }) => failure,
    );
    expect(error?.code).toBe(2);
    const output = parseOutput(error?.stdout ?? "");
    expect(output.files.map(counts)).toEqual([
      ["reports/bad.xml", 0, 0, 0, 0, 0, 0, 0],
      ["reports/a.xml", 2, 2, 1, 1, 0, 0, 2],
    ]);
    expect(output.files[0]?.error).toMatch(/reports\/bad\.xml, line \d+, column \d+/);
  });

  test("bad usage exits 64 with the usage on stderr", async () => {
    const error = await run(process.execPath, [bin, "parse", "--json"], { cwd: dir }).then(
      () => null,
      (failure: { code: number; stdout: string; stderr: string }) => failure,
    );
    expect(error).toMatchObject({ code: 64, stdout: "" });
    expect(error?.stderr).toContain("no report files given");
    expect(error?.stderr).toContain("Usage: greenboard parse");
  });
});

describe("runParse", () => {
  const parseJson = async (...args: string[]) => {
    const io = createBufferedIo(dir);
    const code = await runParse(["--json", ...args], io);
    return { code, output: parseOutput(io.stdoutText()), stderr: io.stderrText() };
  };

  test("prints every case in document order with keys in schema order", async () => {
    const { code, output } = await parseJson("reports/a.xml");
    expect(code).toBe(0);
    expect(output.files[0]?.cases).toEqual([
      {
        suite: "api.auth", classname: "tests.test_auth", name: "test_login", file: "tests/test_auth.py",
        key: "tests.test_auth::test_login", status: "passed", flaky: false, durationMs: 12.5, type: null, message: null,
        category: null, rule: null, fingerprint: null,
      },
      {
        suite: "api.auth", classname: "tests.test_auth", name: "test_logout", file: "tests/test_auth.py",
        key: "tests.test_auth::test_logout", status: "failed", flaky: false, durationMs: null, type: "AssertionError",
        // Failing cases are classified with the default rulebook; passing ones stay null.
        message: "assert 401 == 200", category: "assertion", rule: "default:assertion-type",
        fingerprint: fingerprintResult("assertion", "AssertionError", "assert 401 == 200"),
      },
    ]);
    expect(Object.keys(output.files[0]?.cases[0] ?? {})).toEqual([
      "suite", "classname", "name", "file", "key", "status", "flaky", "durationMs", "type", "message", "category", "rule", "fingerprint",
    ]);
    expect(Object.keys(output.files[0] ?? {})).toEqual(["path", "error", "suites", "tests", "passed", "failed", "errors", "skipped", "cases"]);
    expect(Object.keys(output)).toEqual(["files", "missing"]);
  });

  test.each([
    // args, path, error pattern
    [["reports/nope.xml"], "reports/nope.xml", /^Cannot read reports\/nope\.xml: no such file$/],
    [["reports"], "reports", /it is a directory/],
    [["test/test_cors.py"], "test/test_cors.py", /^Not well-formed XML: .*\(test\/test_cors\.py, line \d+, column \d+\)$/],
    [["reports/page.html"], "reports/page.html", /testsuite/],
  ])("an unreadable file %j is reported, exit 2", async (args, expectedPath, pattern) => {
    const { code, output } = await parseJson(...args);
    expect(code).toBe(2);
    expect(output.files).toEqual([
      { path: expectedPath, error: expect.stringMatching(pattern), suites: 0, tests: 0, passed: 0, failed: 0, errors: 0, skipped: 0, cases: [] },
    ]);
  });

  test("a truncated zip keeps the members read before the damage, then reports the archive", async () => {
    const zip = zipSync({ "a.xml": strToU8(REPORT_B), "b.xml": strToU8(`<testsuite>${'<testcase name="t"/>'.repeat(2000)}</testsuite>`) });
    await writeFile(path.join(dir, "reports/truncated.zip"), zip.subarray(0, Math.floor(zip.length * 0.6)));
    const { code, output } = await parseJson("reports/truncated.zip");
    expect(code).toBe(2);
    expect(output.files.map((file) => [file.path, file.tests, file.error])).toEqual([
      ["reports/truncated.zip!/a.xml", 2, null],
      ["reports/truncated.zip", 0, expect.stringContaining("Invalid zip data")],
    ]);
  });

  test("a gzipped report reads like the plain one", async () => {
    const { code, output } = await parseJson("reports/a.xml.gz", "reports/a.xml");
    expect(code).toBe(0);
    expect(output.files[0]?.cases).toEqual(output.files[1]?.cases);
    expect(output.files[0]?.path).toBe("reports/a.xml.gz");
  });

  test("files reported by absolute or CI paths are not missing", async () => {
    const report = `<testsuite name="s"><testcase classname="c" name="t" file="/home/runner/work/app/app/test/test_quiet.py"/><testcase classname="c" name="u" file="${path.join(dir, "test/test_cors.py")}"/></testsuite>`;
    await writeFile(path.join(dir, "reports/ci.xml"), report);
    const { output } = await parseJson("reports/ci.xml", "--test-files", "test/*.py");
    expect(output.missing.map((m) => m.file)).toEqual(["test/test_spark.py"]);
  });

  test("without --json prints a table and the missing files", async () => {
    const io = createBufferedIo(dir);
    const code = await runParse(["reports/a.xml", "reports/bad.xml", "--test-files", "test/test_cors.py"], io);
    expect(code).toBe(2);
    const lines = io.stdoutText().split("\n");
    expect(lines[0]).toMatch(/^path\s+tests\s+passed\s+failed\s+errors\s+skipped\s+error$/);
    expect(lines[1]).toMatch(/^reports\/a\.xml\s+2\s+1\s+1\s+0\s+0$/);
    expect(lines[2]).toMatch(/^reports\/bad\.xml\s+0\s+0\s+0\s+0\s+0\s+Not well-formed XML: .*line \d+, column \d+\)$/);
    expect(lines[3]).toMatch(/^total\s+2\s+1\s+1\s+0\s+0\s+1 unreadable$/);
    expect(io.stdoutText()).toContain("Missing test files (1):\n  test/test_cors.py: test file exists but reported 0 tests: all code in the file is commented out\n");
  });

  test.each([
    [[], "no report files given"],
    [["--json"], "no report files given"],
    [["--verbose", "a.xml"], "Unknown option '--verbose'"],
    [["--test-files"], "--test-files"],
  ])("usage error for %j exits 64", async (args, message) => {
    const io = createBufferedIo(dir);
    expect(await runParse(args, io)).toBe(64);
    expect(io.stdoutText()).toBe("");
    expect(io.stderrText()).toContain(message);
    expect(io.stderrText()).toContain("Usage: greenboard parse");
  });
});

describe("main", () => {
  test.each([
    // argv, exit code, stream, text
    [["--help"], 0, "stdout", "parse"],
    [["parse", "--help"], 0, "stdout", "Usage: greenboard parse"],
    [[], 64, "stderr", "Usage: greenboard <command>"],
    [["uplaod"], 2, "stderr", 'unknown command "uplaod"'],
  ])("%j exits %i", async (argv, code, stream, text) => {
    const io = createBufferedIo(dir);
    expect(await main(argv, io)).toBe(code);
    expect(stream === "stdout" ? io.stdoutText() : io.stderrText()).toContain(text);
  });
});
