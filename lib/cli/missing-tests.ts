// `--test-files`: test files on disk that no parsed report mentions. A test file that reports
// nothing is invisible in every pass rate, so the CLI lists it — and says so when the whole file
// is commented out, the most common way a test silently stops running.
import { createReadStream } from "node:fs";
import { readdir, stat } from "node:fs/promises";
import path from "node:path";
import { createInterface } from "node:readline";
import picomatch from "picomatch";
import { isReported } from "../domain/test-files";

export interface MissingTestFile {
  file: string;
  reason: string;
  category: "commented-out" | null;
}

// Never worth walking, and huge: a `**` from the project root would otherwise crawl them.
const SKIPPED_DIRECTORIES = new Set(["node_modules", ".git"]);

/** A relative POSIX path (`tests/test_x.py`) for comparing report paths with files on disk. */
export function toRelativePosix(file: string, cwd: string): string {
  if (path.isAbsolute(file)) {
    const relative = path.relative(cwd, file);
    // Outside the working directory (a CI runner's path): keep it absolute for suffix matching.
    if (relative.startsWith("..") || path.isAbsolute(relative)) return file.replace(/\\/g, "/");
    return relative.replace(/\\/g, "/");
  }
  return path.posix.normalize(file.replace(/\\/g, "/")).replace(/^(\.\/)+/, "");
}

async function* walkFiles(root: string, cwd: string): AsyncGenerator<string> {
  let entries;
  try {
    entries = await readdir(root, { withFileTypes: true });
  } catch {
    return; // the glob's base does not exist: it matches nothing
  }
  for (const entry of entries) {
    const full = path.join(root, entry.name);
    // Symlinked directories are not followed (Dirent reports them as symlinks): no cycles.
    if (entry.isDirectory()) {
      if (!SKIPPED_DIRECTORIES.has(entry.name)) yield* walkFiles(full, cwd);
    } else if (entry.isFile()) {
      yield toRelativePosix(full, cwd);
    }
  }
}

/** Files matched by the globs (relative to `cwd`), as sorted, de-duplicated relative POSIX paths. */
export async function findTestFiles(globs: readonly string[], cwd: string): Promise<string[]> {
  const found = new Set<string>();
  for (const raw of globs) {
    // Not toRelativePosix: a backslash in a glob is an escape, not a Windows separator.
    const pattern = path.isAbsolute(raw) ? path.relative(cwd, raw) : raw.replace(/^(\.\/)+/, "");
    const scan = picomatch.scan(pattern);
    if (!scan.isGlob) {
      const isFile = await stat(path.resolve(cwd, pattern)).then((s) => s.isFile(), () => false);
      if (isFile) found.add(pattern);
      continue;
    }
    const isMatch = picomatch(pattern);
    for await (const file of walkFiles(path.resolve(cwd, scan.base || "."), cwd)) {
      if (isMatch(file)) found.add(file);
    }
  }
  return [...found].sort();
}

const MARKER = "REMOVED_SYNTAX_ERROR";
const HASH_COMMENTS = new Set([".py", ".pyi", ".rb", ".sh", ".bash", ".r", ".pl", ".ex", ".exs", ".yml", ".yaml"]);
const SLASH_COMMENTS = new Set([
  ".js", ".jsx", ".mjs", ".cjs", ".ts", ".tsx", ".mts", ".cts", ".java", ".kt", ".kts", ".scala", ".groovy",
  ".go", ".c", ".h", ".cc", ".cpp", ".cxx", ".hpp", ".cs", ".swift", ".rs", ".dart",
]);

interface CommentSyntax {
  hash: boolean;
  slash: boolean;
}

function commentSyntaxFor(file: string): CommentSyntax {
  const extension = path.extname(file).toLowerCase();
  if (HASH_COMMENTS.has(extension)) return { hash: true, slash: false };
  if (SLASH_COMMENTS.has(extension)) return { hash: false, slash: true };
  return { hash: true, slash: true }; // PHP and unknown languages: accept both styles
}

/**
 * True when the text has code, and every non-blank line is a comment (`#`, `//`, `/* … *\/`
 * per the file's language) or carries the REMOVED_SYNTAX_ERROR marker some tools leave behind.
 */
export async function isAllCommentedOut(lines: AsyncIterable<string> | Iterable<string>, file: string): Promise<boolean> {
  const syntax = commentSyntaxFor(file);
  let inBlock = false;
  let sawContent = false;
  for await (const line of lines) {
    let rest = line.trim();
    if (rest === "") continue;
    sawContent = true;
    if (rest.includes(MARKER)) {
      // A marker line inside or opening a block comment still moves the block state on.
      if (syntax.slash) inBlock = blockStateAfter(rest, inBlock);
      continue;
    }
    while (rest !== "") {
      if (inBlock) {
        const end = rest.indexOf("*/");
        if (end === -1) break;
        inBlock = false;
        rest = rest.slice(end + 2).trim();
      } else if (syntax.hash && rest.startsWith("#")) {
        break;
      } else if (syntax.slash && rest.startsWith("//")) {
        break;
      } else if (syntax.slash && rest.startsWith("/*")) {
        inBlock = true;
        rest = rest.slice(2);
      } else {
        return false;
      }
    }
  }
  return sawContent;
}

function blockStateAfter(line: string, inBlock: boolean): boolean {
  const open = line.lastIndexOf("/*");
  const close = line.lastIndexOf("*/");
  if (open === -1 && close === -1) return inBlock;
  return open > close;
}

/** Reads a test file line by line (never whole) and tells whether all its code is commented out. */
export async function isFileAllCommentedOut(file: string, cwd: string): Promise<boolean> {
  const stream = createReadStream(path.resolve(cwd, file), { encoding: "utf8" });
  const lines = createInterface({ input: stream, crlfDelay: Infinity });
  try {
    return await isAllCommentedOut(lines, file);
  } finally {
    lines.close();
    stream.destroy();
  }
}

async function describeMissing(file: string, cwd: string): Promise<MissingTestFile> {
  if (await isFileAllCommentedOut(file, cwd)) {
    return { file, reason: "test file exists but reported 0 tests: all code in the file is commented out", category: "commented-out" };
  }
  return { file, reason: "test file exists but reported 0 tests", category: null };
}

// Shared with run completion, which reports the same files for `greenboard upload --test-files`.
export { isReported } from "../domain/test-files";

/** The globbed test files for which no parsed case has a matching `file`. */
export async function findMissingTestFiles(
  globs: readonly string[],
  reportedFiles: ReadonlySet<string>,
  cwd: string,
): Promise<MissingTestFile[]> {
  const missing: MissingTestFile[] = [];
  for (const file of await findTestFiles(globs, cwd)) {
    if (!isReported(file, reportedFiles)) missing.push(await describeMissing(file, cwd));
  }
  return missing;
}
