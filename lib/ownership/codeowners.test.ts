import { describe, expect, test } from "vitest";
import { codeownersToPathRules, parseCodeowners, teamNameFromHandle } from "./codeowners";
import { compilePathPattern, pathPatternGlobs } from "./patterns";
import { buildOwnershipRulebook } from "./precedence";

// Real CODEOWNERS syntax, after GitHub's documented example.
const CODEOWNERS = `# This is a comment.
# Each line is a file pattern followed by one or more owners.

# These owners will be the default owners for everything in
# the repo. Unless a later match takes precedence,
# @global-owner1 and @global-owner2 will be requested for
# review when someone opens a pull request.
*       @global-owner1 @global-owner2

# Order is important; the last matching pattern takes the most
# precedence.
*.js    @acme/js-owner # This is an inline comment.

# You can also use email addresses if you prefer.
*.go docs@example.com

# Teams can be specified as code owners as well.
/build/logs/ @acme/infra

# The \`docs/*\` pattern matches docs/getting-started.md but not docs/build-app/troubleshooting.md.
docs/*  docs@example.com

# apps/ owns any file in an apps directory anywhere in your repository.
apps/ @acme/apps

# /docs/ owns /docs and its subdirectories.
/docs/ @acme/docs

# Any file in a /logs directory, at any depth.
**/logs @acme/infra

# Files in /apps/github have no owner: the last matching line has none.
/apps/github

/tests/integration/ @acme/platform @acme/qa
tests/integration/test_websocket*.py @acme/realtime
/tests/with\\ space/ @acme/qa
\\#hash.py @acme/qa
src/[ab]/ @acme/nobody
!/negated @acme/nobody
/weird bogus-owner
`;

describe("CODEOWNERS parsing", () => {
  const parsed = parseCodeowners(CODEOWNERS);

  test("reads patterns and owners, skipping comments, blank lines and inline comments", () => {
    expect(parsed.entries.map((e) => [e.line, e.pattern, e.owners])).toEqual([
      [8, "*", ["@global-owner1", "@global-owner2"]],
      [12, "*.js", ["@acme/js-owner"]],
      [15, "*.go", ["docs@example.com"]],
      [18, "/build/logs/", ["@acme/infra"]],
      [21, "docs/*", ["docs@example.com"]],
      [24, "apps/", ["@acme/apps"]],
      [27, "/docs/", ["@acme/docs"]],
      [30, "**/logs", ["@acme/infra"]],
      [33, "/apps/github", []],
      [35, "/tests/integration/", ["@acme/platform", "@acme/qa"]],
      [36, "tests/integration/test_websocket*.py", ["@acme/realtime"]],
      [37, "/tests/with\\ space/", ["@acme/qa"]],
      [38, "\\#hash.py", ["@acme/qa"]],
    ]);
  });

  test("skips lines GitHub would skip, saying why", () => {
    expect(parsed.problems.map((p) => p.line)).toEqual([39, 40, 41]);
    expect(parsed.problems[2]?.message).toContain("bogus-owner");
  });

  test("lists owners in order of first appearance with their line counts", () => {
    expect(parsed.owners).toEqual([
      { handle: "@global-owner1", lines: 1 },
      { handle: "@global-owner2", lines: 1 },
      { handle: "@acme/js-owner", lines: 1 },
      { handle: "docs@example.com", lines: 2 },
      { handle: "@acme/infra", lines: 2 },
      { handle: "@acme/apps", lines: 1 },
      { handle: "@acme/docs", lines: 1 },
      { handle: "@acme/platform", lines: 1 },
      { handle: "@acme/qa", lines: 3 },
      { handle: "@acme/realtime", lines: 1 },
    ]);
  });

  test("handles CRLF line endings and a byte-order mark", () => {
    expect(parseCodeowners("\uFEFF# c\r\n/src/ @a/b\r\n").entries).toEqual([{ line: 2, pattern: "/src/", owners: ["@a/b"] }]);
  });
});

describe("CODEOWNERS patterns", () => {
  test.each([
    // pattern, path, matches
    ["*", "any/where/file.py", true],
    ["*.js", "src/app/index.js", true],
    ["*.js", "index.js", true],
    ["*.js", "index.ts", false],
    ["/build/logs/", "build/logs/a/b.log", true],
    ["/build/logs/", "src/build/logs/b.log", false],
    ["docs/*", "docs/getting-started.md", true],
    ["docs/*", "docs/build-app/troubleshooting.md", false],
    ["apps/", "apps/web/index.ts", true],
    ["apps/", "deep/nested/apps/web/index.ts", true],
    ["apps/", "apps", false],
    ["/docs/", "docs/a/b/c.md", true],
    ["/docs/", "x/docs/c.md", false],
    ["**/logs", "deeply/nested/logs/x.log", true],
    ["**/logs", "logs/x.log", true],
    ["/apps/github", "apps/github/x.ts", true],
    ["/apps/github", "apps/github", true],
    ["/apps/github", "apps/githubber/x.ts", false],
    ["tests/integration/test_websocket*.py", "tests/integration/test_websocket_integration.py", true],
    ["tests/integration/test_websocket*.py", "other/tests/integration/test_websocket_a.py", false],
    ["src/**/test_*.py", "src/a/b/test_x.py", true],
    ["src/**/test_*.py", "src/test_x.py", true],
    ["/tests/with\\ space/", "tests/with space/t.py", true],
    ["\\#hash.py", "dir/#hash.py", true],
    [".github/", "repo/.github/workflows/ci.yml", true],
  ])("%s matches %s: %s", (pattern, path, expected) => {
    expect(compilePathPattern(pattern)(path)).toBe(expected);
  });

  test("globs are explicit about anchoring and directories", () => {
    expect(pathPatternGlobs("/src/")).toEqual(["src/**/*"]);
    expect(pathPatternGlobs("docs/")).toEqual(["**/docs/**/*"]);
    expect(pathPatternGlobs("*.py")).toEqual(["**/*.py", "**/*.py/**/*"]);
    expect(() => pathPatternGlobs("!x")).toThrow(/Negation/);
  });
});

describe("CODEOWNERS import", () => {
  const parsed = parseCodeowners(CODEOWNERS);
  const teams: Record<string, string> = {
    "@global-owner1": "team-global",
    "@acme/js-owner": "team-js",
    "@acme/infra": "team-a",
    "@acme/platform": "team-p",
    "@acme/realtime": "team-b",
    "docs@example.com": "team-docs",
  };
  const rules = codeownersToPathRules(parsed, (handle) => teams[handle] ?? null);

  test("lines become path rules bottom-up, the first mapped owner of a line taking it", () => {
    expect(rules.map((r) => [r.pattern, r.teamId, r.owner])).toEqual([
      ["\\#hash.py", null, null],
      ["/tests/with\\ space/", null, null],
      ["tests/integration/test_websocket*.py", "team-b", "@acme/realtime"],
      ["/tests/integration/", "team-p", "@acme/platform"],
      ["/apps/github", null, null],
      ["**/logs", "team-a", "@acme/infra"],
      ["/docs/", null, null],
      ["apps/", null, null],
      ["docs/*", "team-docs", "docs@example.com"],
      ["/build/logs/", "team-a", "@acme/infra"],
      ["*.go", "team-docs", "docs@example.com"],
      ["*.js", "team-js", "@acme/js-owner"],
      ["*", "team-global", "@global-owner1"],
    ]);
    expect(rules[3]?.source).toBe("CODEOWNERS line 35: @acme/platform @acme/qa");
    expect(rules[4]?.source).toBe("CODEOWNERS line 33 (no owners)");
  });

  test("first match over the imported rules gives GitHub's last-match-wins owners", () => {
    const rulebook = buildOwnershipRulebook(rules.map((r, i) => ({ id: `r${i}`, kind: "path" as const, position: i, teamId: r.teamId, pattern: r.pattern })));
    const owner = (file: string) => rulebook.pathOwner({ file, classname: null })?.teamId;
    expect(owner("tests/integration/test_websocket_integration.py")).toBe("team-b");
    expect(owner("tests/integration/test_persistence.py")).toBe("team-p");
    expect(owner("apps/github/hook.js")).toBeNull(); // /apps/github (no owners) is below *.js
    expect(owner("web/app.js")).toBe("team-js");
    expect(owner("build/logs/today.log")).toBe("team-a");
    expect(owner("tests/unit/test_x.py")).toBe("team-global");
  });

  test.each([
    ["@acme/web-platform", "web-platform"],
    ["@octocat", "octocat"],
    ["docs@example.com", "docs"],
  ])("a new team for %s is named %s", (handle, name) => {
    expect(teamNameFromHandle(handle)).toBe(name);
  });
});
