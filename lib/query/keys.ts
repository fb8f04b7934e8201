// Every React Query key in one place, so mutations invalidate exactly what they affect.
import type { GroupFilters, ResultFilters, RunListFilters } from "@/lib/domain/filters";

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
};
