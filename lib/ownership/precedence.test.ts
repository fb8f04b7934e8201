import { describe, expect, test } from "vitest";
import type { Category } from "@/lib/domain/vocabulary";
import { buildOwnershipRulebook, type Assignment, type OwnershipRuleDef, type TestRef } from "./precedence";

// Team A owns infrastructure by category; Team B owns the websocket tests by path; a later,
// broader path rule gives everything under tests/integration/ to Team C; vendored tests have no owner.
const RULES: OwnershipRuleDef[] = [
  { id: "cat-infra", kind: "category", position: 0, teamId: "team-a", category: "infrastructure" },
  { id: "cat-infra-late", kind: "category", position: 9, teamId: "team-d", category: "infrastructure" },
  { id: "path-ws", kind: "path", position: 1, teamId: "team-b", pattern: "tests/integration/test_websocket*.py" },
  { id: "path-vendor", kind: "path", position: 2, teamId: null, pattern: "vendor/" },
  { id: "path-integration", kind: "path", position: 3, teamId: "team-c", pattern: "/tests/integration/" },
  { id: "path-billing", kind: "path", position: 4, teamId: "team-d", pattern: "com/acme/billing/" },
];

const ws: TestRef = { file: "tests/integration/test_websocket_integration.py", classname: null };
const persistence: TestRef = { file: "tests/integration/test_persistence.py", classname: null };
const vendored: TestRef = { file: "vendor/lib/tests/test_x.py", classname: null };
const unowned: TestRef = { file: "tests/unit/test_models.py", classname: null };
const javaByClassname: TestRef = { file: null, classname: "com.acme.billing.InvoiceTest" };
const pytestByClassname: TestRef = { file: null, classname: "tests.integration.test_system.TestSystem" };

const rulebook = buildOwnershipRulebook(RULES);

describe("ownership precedence", () => {
  test.each<[string, { category: Category; tests: TestRef[]; manual?: { teamId: string | null } | null }, Assignment]>([
    ["a manual assignment wins over a category rule", { category: "infrastructure", tests: [ws], manual: { teamId: "team-x" } }, { teamId: "team-x", source: "manual", ruleId: null }],
    ["a manual unassignment wins too", { category: "infrastructure", tests: [ws], manual: { teamId: null } }, { teamId: null, source: "manual", ruleId: null }],
    ["the category owner wins over path owners", { category: "infrastructure", tests: [ws, ws] }, { teamId: "team-a", source: "category", ruleId: "cat-infra" }],
    ["the first category rule by position wins", { category: "infrastructure", tests: [] }, { teamId: "team-a", source: "category", ruleId: "cat-infra" }],
    ["no category owner: the path owner", { category: "assertion", tests: [ws] }, { teamId: "team-b", source: "path", ruleId: "path-ws" }],
    ["the first matching path rule wins over a broader later one", { category: "mock", tests: [ws] }, { teamId: "team-b", source: "path", ruleId: "path-ws" }],
    ["an anchored directory rule owns what is under it", { category: "import", tests: [persistence] }, { teamId: "team-c", source: "path", ruleId: "path-integration" }],
    ["the team owning most of the group's tests", { category: "assertion", tests: [ws, persistence, { ...persistence, file: "tests/integration/test_b.py" }] }, { teamId: "team-c", source: "path", ruleId: "path-integration" }],
    ["a tie goes to the team whose rule comes first", { category: "assertion", tests: [persistence, ws] }, { teamId: "team-b", source: "path", ruleId: "path-ws" }],
    ["a rule without team un-owns: its tests do not vote", { category: "assertion", tests: [vendored, vendored, persistence] }, { teamId: "team-c", source: "path", ruleId: "path-integration" }],
    ["only un-owned tests: unassigned", { category: "assertion", tests: [vendored] }, { teamId: null, source: "none", ruleId: null }],
    ["no rule matches: unassigned", { category: "other", tests: [unowned] }, { teamId: null, source: "none", ruleId: null }],
    ["no tests and no category owner: unassigned", { category: "fixture", tests: [] }, { teamId: null, source: "none", ruleId: null }],
    ["a Java classname is matched as a path", { category: "assertion", tests: [javaByClassname] }, { teamId: "team-d", source: "path", ruleId: "path-billing" }],
    ["a pytest classname is matched as a path", { category: "assertion", tests: [pytestByClassname] }, { teamId: "team-c", source: "path", ruleId: "path-integration" }],
  ])("%s", (_name, group, expected) => {
    expect(rulebook.assignGroup(group)).toEqual(expected);
  });

  test("rules are ordered by position, whatever order they are given in", () => {
    expect(buildOwnershipRulebook([...RULES].reverse()).assignGroup({ category: "infrastructure", tests: [] }).teamId).toBe("team-a");
  });

  test("pathOwner reports a rule without team as the decision", () => {
    expect(rulebook.pathOwner(vendored)).toEqual({ teamId: null, ruleId: "path-vendor", position: 2 });
    expect(rulebook.pathOwner({ file: null, classname: null })).toBeNull();
    expect(rulebook.hasPathRules).toBe(true);
    expect(buildOwnershipRulebook(RULES.filter((r) => r.kind === "category")).hasPathRules).toBe(false);
  });
});
