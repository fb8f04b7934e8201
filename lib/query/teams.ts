"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { QueuedOwnershipJob } from "@/lib/api/ownership";
import type { CodeownersImportResult, CodeownersMapping, CodeownersPreview, OwnershipOverview, OwnershipRuleInput, OwnershipRulePatch, OwnershipRuleView, TeamInput, TeamView } from "@/lib/db/ownership";
import { fetchJson } from "./fetch";
import { queryKeys } from "./keys";

export type { QueuedOwnershipJob } from "@/lib/api/ownership";

const api = (slug: string) => `/api/v1/projects/${encodeURIComponent(slug)}`;
type Queued = { job: QueuedOwnershipJob | null };

export function useOwnership(slug: string) {
  return useQuery({ queryKey: queryKeys.teams(slug), queryFn: () => fetchJson<OwnershipOverview>(`${api(slug)}/teams`) });
}

/** Ownership changes move groups between teams: teams, groups, runs and overview all go stale. */
function useInvalidate(slug: string) {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: ["projects", slug] });
}

export function useSaveTeam(slug: string) {
  const invalidate = useInvalidate(slug);
  return useMutation({
    mutationFn: ({ id, team }: { id?: string; team: TeamInput }) =>
      fetchJson<{ team: TeamView } & Queued>(id ? `${api(slug)}/teams/${encodeURIComponent(id)}` : `${api(slug)}/teams`, { method: id ? "PATCH" : "POST", body: JSON.stringify(team) }),
    onSuccess: invalidate,
  });
}

export function useDeleteTeam(slug: string) {
  const invalidate = useInvalidate(slug);
  return useMutation({
    mutationFn: (id: string) => fetchJson<{ deleted: string } & Queued>(`${api(slug)}/teams/${encodeURIComponent(id)}`, { method: "DELETE" }),
    onSuccess: invalidate,
  });
}

export function useSaveOwnershipRule(slug: string) {
  const invalidate = useInvalidate(slug);
  return useMutation({
    mutationFn: ({ id, rule }: { id?: string; rule: OwnershipRuleInput | OwnershipRulePatch }) =>
      fetchJson<{ rule: OwnershipRuleView } & Queued>(id ? `${api(slug)}/ownership/${encodeURIComponent(id)}` : `${api(slug)}/ownership`, {
        method: id ? "PATCH" : "POST",
        body: JSON.stringify(rule),
      }),
    onSuccess: invalidate,
  });
}

export function useDeleteOwnershipRule(slug: string) {
  const invalidate = useInvalidate(slug);
  return useMutation({
    mutationFn: (id: string) => fetchJson<{ deleted: string } & Queued>(`${api(slug)}/ownership/${encodeURIComponent(id)}`, { method: "DELETE" }),
    onSuccess: invalidate,
  });
}

export function useReorderOwnershipRules(slug: string) {
  const invalidate = useInvalidate(slug);
  return useMutation({
    mutationFn: (ruleIds: string[]) => fetchJson<{ rules: OwnershipRuleView[] } & Queued>(`${api(slug)}/ownership/reorder`, { method: "POST", body: JSON.stringify({ ruleIds }) }),
    onSuccess: invalidate,
  });
}

export function usePreviewCodeowners(slug: string) {
  return useMutation({
    mutationFn: (content: string) => fetchJson<CodeownersPreview>(`${api(slug)}/ownership/codeowners/preview`, { method: "POST", body: JSON.stringify({ content }) }),
  });
}

export function useImportCodeowners(slug: string) {
  const invalidate = useInvalidate(slug);
  return useMutation({
    mutationFn: (body: { content: string; mapping: Record<string, CodeownersMapping>; mode: "append" | "replace" }) =>
      fetchJson<CodeownersImportResult & Queued>(`${api(slug)}/ownership/codeowners`, { method: "POST", body: JSON.stringify(body) }),
    onSuccess: invalidate,
  });
}
