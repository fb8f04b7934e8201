// Path patterns of ownership rules, in CODEOWNERS syntax (GitHub's flavour of gitignore), so a
// pattern typed by hand and one imported from a CODEOWNERS file mean the same thing.
import picomatch from "picomatch";

export class OwnershipError extends Error {
  constructor(
    readonly code: "invalid-pattern" | "invalid-codeowners",
    message: string,
  ) {
    super(message);
    this.name = "OwnershipError";
  }
}

export function isOwnershipError(error: unknown): error is OwnershipError {
  return error instanceof OwnershipError;
}

export type PathMatcher = (path: string) => boolean;

/**
 * Why a pattern cannot be used, or null. CODEOWNERS has no negation (`!`), and `[…]` ranges are
 * not supported by GitHub either; both are refused rather than silently read differently.
 */
export function checkPathPattern(pattern: string): string | null {
  const trimmed = pattern.trim();
  if (trimmed === "" || trimmed === "/") return "A pattern cannot be empty";
  if (trimmed.startsWith("!")) return "Negation (`!`) is not supported in CODEOWNERS patterns";
  if (/(^|[^\\])\[/.test(trimmed)) return "Character ranges (`[…]`) are not supported in CODEOWNERS patterns";
  if (trimmed.length > 1000) return "A pattern is at most 1000 characters";
  return null;
}

/**
 * The picomatch globs a CODEOWNERS pattern stands for:
 * - a leading `/`, or a `/` in the middle, anchors it at the repository root; otherwise it matches
 *   at any depth (`*.py`, `docs/`);
 * - a trailing `/` matches everything inside that directory;
 * - a trailing `/*` matches the files directly inside (GitHub: `docs/*` does not own `docs/a/b.md`);
 * - anything else matches the path itself or everything inside it when it names a directory.
 */
export function pathPatternGlobs(pattern: string): string[] {
  const problem = checkPathPattern(pattern);
  if (problem) throw new OwnershipError("invalid-pattern", `${problem}: "${pattern}"`);
  let body = pattern.trim().replace(/\\ /g, " ").replace(/^\\#/, "#");
  const isDirectory = body.endsWith("/");
  body = body.replace(/\/+$/, "");
  const anchored = body.startsWith("/") || body.includes("/");
  body = body.replace(/^\/+/, "");
  const glob = anchored || body.startsWith("**") ? body : `**/${body}`;
  // `/**/*` rather than `/**`: picomatch lets a trailing `/**` match the directory name itself.
  if (isDirectory) return [`${glob}/**/*`];
  if (glob.endsWith("/*") || glob.endsWith("/**")) return [glob];
  return [glob, `${glob}/**/*`];
}

/** Compiles a CODEOWNERS pattern; throws OwnershipError when it cannot be used. */
export function compilePathPattern(pattern: string): PathMatcher {
  const globs = pathPatternGlobs(pattern);
  // Git paths are case-sensitive; dotfiles and dot directories are ordinary paths in CODEOWNERS.
  return picomatch(globs, { dot: true });
}

/** A test's file as a repository path: forward slashes, no leading `./` or `/`. */
export function normaliseTestPath(file: string): string {
  return file.replace(/\\/g, "/").replace(/^(\.\/)+/, "").replace(/^\/+/, "");
}

/**
 * The paths a test is matched by: its file, and its classname read as a path (`a.b.TestC` →
 * `a/b/TestC`), so reports without a file attribute (pytest's default, JUnit from Java) can be
 * owned by package, e.g. `tests/integration/` or `com/acme/billing/`.
 */
export function testPaths(test: { file: string | null; classname: string | null }): string[] {
  const paths: string[] = [];
  if (test.file) paths.push(normaliseTestPath(test.file));
  if (test.classname) {
    const asPath = test.classname.replace(/\\/g, "/").replace(/(::|\.)/g, "/");
    if (!paths.includes(asPath)) paths.push(asPath);
  }
  return paths;
}
