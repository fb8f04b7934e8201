// Every React Query key in one place, so mutations invalidate exactly what they affect.
import type { FlakyFilters, GroupFilters, ResultFilters, RunListFilters } from "@/lib/domain/filters";

export const queryKeys = {
  projects: () => ["projects"] as const,
  /** Prefix of the overview of every branch. */
  overviews: (slug: string) => ["projects", slug, "overview"] as const,
  overview: (slug: string, branch: string) => ["projects", slug, "overview", branch] as const,
  runs: (slug: string) => ["projects", slug, "runs"] as const,
  runList: (slug: string, filters: RunListFilters) => ["projects", slug, "runs", "list", filters] as const,
  run: (slug: string, runId: string) => ["projects", slug, "runs", runId] as const,
  runResults: (slug: string, runId: string, filters: ResultFilters) => ["projects", slug, "runs", runId, "results", filters] as const,
  /** Prefix of every failure-group query of a project: triage changes invalidate it whole. */
  groups: (slug: string) => ["projects", slug, "groups"] as const,
  groupList: (slug: string, filters: GroupFilters) => ["projects", slug, "groups", "list", filters] as const,
  group: (slug: string, groupId: string) => ["projects", slug, "groups", groupId] as const,
  /** Prefix of every test query of a project (flaky list, one test's history). */
  tests: (slug: string) => ["projects", slug, "tests"] as const,
  flakyTests: (slug: string, filters: FlakyFilters) => ["projects", slug, "tests", "flaky", filters] as const,
  test: (slug: string, testId: string, branch: string | undefined) => ["projects", slug, "tests", testId, branch ?? null] as const,
  /** The project's settings with its recent admin changes. */
  settings: (slug: string) => ["projects", slug, "settings"] as const,
  tokens: (slug: string) => ["projects", slug, "tokens"] as const,
  members: (slug: string) => ["projects", slug, "members"] as const,
  audit: (slug: string) => ["projects", slug, "audit"] as const,
  accounts: () => ["accounts"] as const,
  /** The project's classification rules and the default rulebook. */
  rules: (slug: string) => ["projects", slug, "rules"] as const,
  job: (slug: string, jobId: string) => ["projects", slug, "jobs", jobId] as const,
  /** Teams, ownership rules and their recent changes. */
  teams: (slug: string) => ["projects", slug, "teams"] as const,
  /** What a live update (an upload landed, a run completed or was deleted) makes stale. */
  live: (slug: string) =>
    [
      ["projects", slug, "overview"],
      ["projects", slug, "runs"],
      ["projects", slug, "groups"],
      ["projects", slug, "tests"],
    ] as const,
};
