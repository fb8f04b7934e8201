import { mkdtemp, mkdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { findTestFiles, isAllCommentedOut, isReported, toRelativePosix } from "./missing-tests";

describe("isAllCommentedOut", () => {
  test.each([
    // file, text, commented out?
    ["test_a.py", "# def test_a():\n#     assert 1\n", true],
    ["test_a.py", "\n\n# import os\n   \n# x = 1\n", true],
    ["test_a.py", "# header\nimport os\n", false],
    ["test_a.py", "REMOVED_SYNTAX_ERROR: def test_a(:\n# pass\n", true],
    ["test_a.py", "// not python\n", false],
    ["test_a.py", "", false],
    ["test_a.py", "\n  \n", false],
    ["a.test.ts", "// it('adds', () => {\n//   expect(1).toBe(1);\n// });\n", true],
    ["a.test.ts", "/*\nit('adds', () => {\n  expect(1).toBe(1);\n});\n*/\n", true],
    ["a.test.ts", "/* one */ /* two */\n// three\n", true],
    ["a.test.ts", "/* disabled */ it('runs', () => {});\n", false],
    ["a.test.ts", "/*\n  still open\n*/ const x = 1;\n", false],
    ["a.test.ts", "# not a JS comment\n", false],
    ["cart_test.go", "// func TestCart(t *testing.T) {}\n", true],
    ["CartTest.java", "/**\n * @Test void adds() {}\n */\n", true],
    ["cart_spec.rb", "# it 'adds' do\n# end\n", true],
    ["CartTest.php", "# legacy\n// <?php class CartTest {}\n", true],
    ["a.test.ts", "/* REMOVED_SYNTAX_ERROR\nfoo(\n*/\n", true],
  ])("%s %j → %s", async (file, text, expected) => {
    expect(await isAllCommentedOut(text.split("\n"), file)).toBe(expected);
  });
});

describe("isReported", () => {
  test.each([
    // on-disk file, reported files, reported?
    ["tests/test_x.py", ["tests/test_x.py"], true],
    ["tests/test_x.py", ["/home/runner/work/app/app/tests/test_x.py"], true],
    ["backend/tests/test_x.py", ["tests/test_x.py"], true],
    ["backend/tests/test_x.py", ["test_x.py"], false],
    ["tests/test_x.py", ["tests/test_xy.py", "other/tests/test_x.pyc"], false],
    ["tests/test_x.py", [], false],
  ])("%s in %j → %s", (file, reported, expected) => {
    expect(isReported(file, new Set(reported))).toBe(expected);
  });
});

describe("toRelativePosix", () => {
  test.each([
    ["./tests/test_x.py", "/repo", "tests/test_x.py"],
    ["tests\\unit\\x.test.ts", "/repo", "tests/unit/x.test.ts"],
    ["/repo/tests/test_x.py", "/repo", "tests/test_x.py"],
    ["/ci/app/tests/test_x.py", "/repo", "/ci/app/tests/test_x.py"],
    ["tests//a/../test_x.py", "/repo", "tests/test_x.py"],
  ])("%s from %s → %s", (file, cwd, expected) => {
    expect(toRelativePosix(file, cwd)).toBe(expected);
  });
});

test("findTestFiles walks from the glob's base, skips node_modules and .git, de-duplicates", async () => {
  const dir = await mkdtemp(path.join(tmpdir(), "greenboard-glob-"));
  try {
    for (const file of ["tests/test_a.py", "tests/unit/test_b.py", "tests/helpers.py", "node_modules/x/test_c.py", ".git/test_d.py", "src/test_e.py"]) {
      await mkdir(path.dirname(path.join(dir, file)), { recursive: true });
      await writeFile(path.join(dir, file), "");
    }
    expect(await findTestFiles(["**/test_*.py", "tests/**/test_*.py", "./src/test_e.py", "missing/**/*.py"], dir)).toEqual([
      "src/test_e.py",
      "tests/test_a.py",
      "tests/unit/test_b.py",
    ]);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
