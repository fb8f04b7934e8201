// CODEOWNERS files (GitHub syntax) → ordered path rules. GitHub reads a CODEOWNERS file bottom-up
// (the last matching line wins); ownership rules are read top-down (the first matching rule wins),
// so the lines become rules in reverse order. A line without owners — or whose owners are all
// mapped to "ignore" — un-owns what it matches, exactly as on GitHub, and becomes a rule without team.
import { checkPathPattern } from "./patterns";

export interface CodeownersEntry {
  /** 1-based line number in the file. */
  line: number;
  pattern: string;
  /** `@user`, `@org/team` or an e-mail address, in the order written. */
  owners: string[];
}

export interface CodeownersProblem {
  line: number;
  message: string;
}

export interface ParsedCodeowners {
  entries: CodeownersEntry[];
  /** Lines skipped, as GitHub skips a line with invalid syntax. */
  problems: CodeownersProblem[];
  /** Every owner named, in order of first appearance, with how many lines name it. */
  owners: { handle: string; lines: number }[];
}

const OWNER = /^(@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\/[A-Za-z0-9._-]+)?|[^@\s]+@[^@\s]+\.[^@\s]+)$/;

/** Splits at unescaped whitespace and drops an unescaped `#` comment; `\ ` and `\#` stay escaped in the token. */
function tokenize(line: string): string[] {
  const tokens: string[] = [];
  let current = "";
  for (let i = 0; i < line.length; i++) {
    const char = line[i]!;
    if (char === "\\" && i + 1 < line.length) {
      current += char + line[i + 1]!;
      i++;
    } else if (char === "#" && current === "") {
      break;
    } else if (/\s/.test(char)) {
      if (current) tokens.push(current);
      current = "";
    } else {
      current += char;
    }
  }
  if (current) tokens.push(current);
  return tokens;
}

export function parseCodeowners(text: string): ParsedCodeowners {
  const entries: CodeownersEntry[] = [];
  const problems: CodeownersProblem[] = [];
  const lines = text.replace(/^\uFEFF/, "").split(/\r\n|\n|\r/);
  for (const [index, raw] of lines.entries()) {
    const number = index + 1;
    const tokens = tokenize(raw.trim());
    if (tokens.length === 0) continue;
    const [pattern, ...owners] = tokens as [string, ...string[]];
    if (/^\^?\[[^\]]*\]/.test(pattern)) {
      problems.push({ line: number, message: "Sections (`[Section]`) are GitLab syntax: the header is skipped, its lines are read as ordinary lines" });
      continue;
    }
    const problem = checkPathPattern(pattern);
    if (problem) {
      problems.push({ line: number, message: `${problem}; the line is skipped` });
      continue;
    }
    const bad = owners.filter((owner) => !OWNER.test(owner));
    if (bad.length > 0) {
      problems.push({ line: number, message: `Not an owner (\`@user\`, \`@org/team\` or an e-mail address): ${bad.join(", ")}; the line is skipped` });
      continue;
    }
    entries.push({ line: number, pattern, owners });
  }
  const counts = new Map<string, number>();
  for (const entry of entries) for (const owner of new Set(entry.owners)) counts.set(owner, (counts.get(owner) ?? 0) + 1);
  return { entries, problems, owners: [...counts].map(([handle, n]) => ({ handle, lines: n })) };
}

export interface CodeownersPathRule {
  pattern: string;
  /** The team of the first owner on the line that is mapped to a team; null when none is: the paths have no owner. */
  teamId: string | null;
  /** The owner whose team was taken, null when none. */
  owner: string | null;
  /** `CODEOWNERS line 12: @org/web @org/docs` */
  source: string;
}

/**
 * The file's lines as path rules, first match wins (so: last line first). `teamOf` maps an owner
 * handle to a team id, or null for an owner that is ignored. With several owners on a line
 * (GitHub: all of them own the path), the first one mapped to a team takes the path.
 */
export function codeownersToPathRules(parsed: Pick<ParsedCodeowners, "entries">, teamOf: (handle: string) => string | null): CodeownersPathRule[] {
  return [...parsed.entries].reverse().map((entry) => {
    const owner = entry.owners.find((handle) => teamOf(handle) !== null) ?? null;
    return {
      pattern: entry.pattern,
      teamId: owner === null ? null : teamOf(owner),
      owner,
      source: `CODEOWNERS line ${entry.line}${entry.owners.length > 0 ? `: ${entry.owners.join(" ")}` : " (no owners)"}`,
    };
  });
}

/** The part of a handle that names a team, for a new team's name and slug: `@acme/web-platform` → `web-platform`. */
export function teamNameFromHandle(handle: string): string {
  const name = handle.replace(/^@/, "");
  const slash = name.indexOf("/");
  if (slash >= 0) return name.slice(slash + 1);
  const at = name.indexOf("@");
  return at > 0 ? name.slice(0, at) : name;
}
