// Who owns a failure group. Precedence, highest first:
//   1. a manual assignment (kept through reclassification and every recompute);
//   2. the first category rule (by position) owning the group's category;
//   3. the owner of the group's tests by path: each test is owned by the first path rule (by
//      position) whose pattern matches its file or classname; the group goes to the team owning
//      most of its tests, a tie to the team whose deciding rule comes first;
//   4. unassigned.
// Pure: the database layer loads rules and tests and writes what this decides.
import type { Category } from "@/lib/domain/vocabulary";
import { compilePathPattern, testPaths, type PathMatcher } from "./patterns";

export type OwnershipRuleDef =
  | { id: string; kind: "category"; position: number; teamId: string; category: Category }
  /** `teamId: null`: what the pattern matches has no owner (a CODEOWNERS line without owners). */
  | { id: string; kind: "path"; position: number; teamId: string | null; pattern: string };

export interface TestRef {
  file: string | null;
  classname: string | null;
}

export type AssignmentSource = "manual" | "category" | "path" | "none";

export interface Assignment {
  teamId: string | null;
  source: AssignmentSource;
  /** The rule that decided (category or path); null for manual and none. */
  ruleId: string | null;
}

export interface PathOwner {
  teamId: string | null;
  ruleId: string;
  position: number;
}

export interface OwnershipRulebook {
  /** The team owning a category, with its rule; null when no category rule owns it. */
  categoryOwner(category: Category): { teamId: string; ruleId: string } | null;
  /** The first path rule matching the test, null when none matches (a rule without team still decides). */
  pathOwner(test: TestRef): PathOwner | null;
  hasPathRules: boolean;
  /** The full precedence for one group. */
  assignGroup(group: { category: Category; tests: TestRef[]; manual?: { teamId: string | null } | null }): Assignment;
}

/** Compiles the rules once (throws OwnershipError on a bad stored pattern). Order: `position`, then as given. */
export function buildOwnershipRulebook(rules: readonly OwnershipRuleDef[]): OwnershipRulebook {
  const sorted = rules.map((rule, index) => ({ rule, index })).sort((a, b) => a.rule.position - b.rule.position || a.index - b.index).map((r) => r.rule);
  const byCategory = new Map<Category, { teamId: string; ruleId: string }>();
  for (const rule of sorted) if (rule.kind === "category" && !byCategory.has(rule.category)) byCategory.set(rule.category, { teamId: rule.teamId, ruleId: rule.id });
  const paths: { rule: Extract<OwnershipRuleDef, { kind: "path" }>; matches: PathMatcher }[] = sorted.flatMap((rule) =>
    rule.kind === "path" ? [{ rule, matches: compilePathPattern(rule.pattern) }] : [],
  );

  const pathOwner = (test: TestRef): PathOwner | null => {
    const candidates = testPaths(test);
    if (candidates.length === 0) return null;
    for (const { rule, matches } of paths) {
      if (candidates.some((p) => matches(p))) return { teamId: rule.teamId, ruleId: rule.id, position: rule.position };
    }
    return null;
  };

  return {
    categoryOwner: (category) => byCategory.get(category) ?? null,
    pathOwner,
    hasPathRules: paths.length > 0,
    assignGroup({ category, tests, manual }) {
      if (manual) return { teamId: manual.teamId, source: "manual", ruleId: null };
      const owner = byCategory.get(category);
      if (owner) return { teamId: owner.teamId, source: "category", ruleId: owner.ruleId };
      const votes = new Map<string, { count: number; position: number; ruleId: string }>();
      for (const test of tests) {
        const found = pathOwner(test);
        if (!found || found.teamId === null) continue;
        const vote = votes.get(found.teamId);
        if (!vote) votes.set(found.teamId, { count: 1, position: found.position, ruleId: found.ruleId });
        else {
          vote.count++;
          if (found.position < vote.position) Object.assign(vote, { position: found.position, ruleId: found.ruleId });
        }
      }
      let best: { teamId: string; count: number; position: number; ruleId: string } | null = null;
      for (const [teamId, vote] of votes) {
        if (!best || vote.count > best.count || (vote.count === best.count && vote.position < best.position)) best = { teamId, ...vote };
      }
      return best ? { teamId: best.teamId, source: "path", ruleId: best.ruleId } : { teamId: null, source: "none", ruleId: null };
    },
  };
}

/** The precedence in words, for the settings page and the API description. */
export const OWNERSHIP_PRECEDENCE = [
  "A team assigned by hand on the failure group always wins, and is kept when rules change.",
  "Otherwise the first category rule owning the group's category decides.",
  "Otherwise path rules decide: each test belongs to the first path rule matching its file or classname; the group goes to the team owning most of its tests (a tie goes to the team whose rule comes first).",
  "Otherwise the group is unassigned.",
] as const;
