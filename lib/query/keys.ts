// Every React Query key in one place, so mutations invalidate exactly what they affect.
export const queryKeys = {
  projects: () => ["projects"] as const,
  overview: (slug: string, branch: string) => ["projects", slug, "overview", branch] as const,
  runs: (slug: string) => ["projects", slug, "runs"] as const,
};
