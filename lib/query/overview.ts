"use client";

import { useQuery } from "@tanstack/react-query";
import type { Overview } from "@/lib/db/overview";
import { queryKeys } from "./keys";

async function fetchJson<T>(url: string): Promise<T> {
  const response = await fetch(url, { headers: { accept: "application/json" } });
  if (!response.ok) {
    const problem = (await response.json().catch(() => null)) as { detail?: string } | null;
    throw new Error(problem?.detail ?? `${response.status} ${response.statusText}`);
  }
  return (await response.json()) as T;
}

export function useOverview(slug: string, branch: string) {
  return useQuery({
    queryKey: queryKeys.overview(slug, branch),
    queryFn: () => fetchJson<Overview>(`/api/v1/projects/${encodeURIComponent(slug)}/overview?branch=${encodeURIComponent(branch)}`),
  });
}
