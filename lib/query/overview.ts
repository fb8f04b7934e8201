"use client";

import { useQuery } from "@tanstack/react-query";
import type { Overview } from "@/lib/db/overview";
import { fetchJson } from "./fetch";
import { queryKeys } from "./keys";

export function useOverview(slug: string, branch: string) {
  return useQuery({
    queryKey: queryKeys.overview(slug, branch),
    queryFn: () => fetchJson<Overview>(`/api/v1/projects/${encodeURIComponent(slug)}/overview?branch=${encodeURIComponent(branch)}`),
  });
}
