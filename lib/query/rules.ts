"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { RuleDefinition } from "@/lib/classify";
import type { JobView } from "@/lib/db/jobs";
import type { ProjectRule, RuleInput, TryRuleResponse } from "@/lib/db/rules";
import type { Category } from "@/lib/domain/vocabulary";
import { fetchJson } from "./fetch";
import { queryKeys } from "./keys";

export interface RuleList {
  rules: ProjectRule[];
  defaults: RuleDefinition[];
}

export interface QueuedJob {
  id: string;
  kind: "reclassify";
}

const rulesApi = (slug: string) => `/api/v1/projects/${encodeURIComponent(slug)}/rules`;
/** What the rules form sends: RuleInput before zod's defaults. */
export type RuleForm = Omit<RuleInput, "enabled" | "caseSensitive" | "dotAll"> & Partial<Pick<RuleInput, "enabled" | "caseSensitive" | "dotAll">>;

export function useRules(slug: string) {
  return useQuery({ queryKey: queryKeys.rules(slug), queryFn: () => fetchJson<RuleList>(rulesApi(slug)) });
}

/** Rule changes reclassify failures: the rules list, groups, runs and overview all go stale. */
function useInvalidateAfterRuleChange(slug: string) {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: ["projects", slug] });
}

export function useSaveRule(slug: string) {
  const invalidate = useInvalidateAfterRuleChange(slug);
  return useMutation({
    mutationFn: ({ id, rule }: { id?: string; rule: RuleForm }) =>
      fetchJson<{ rule: ProjectRule; job: QueuedJob }>(id ? `${rulesApi(slug)}/${encodeURIComponent(id)}` : rulesApi(slug), {
        method: id ? "PATCH" : "POST",
        body: JSON.stringify(rule),
      }),
    onSuccess: invalidate,
  });
}

export function useDeleteRule(slug: string) {
  const invalidate = useInvalidateAfterRuleChange(slug);
  return useMutation({
    mutationFn: (id: string) => fetchJson<{ deleted: string; job: QueuedJob }>(`${rulesApi(slug)}/${encodeURIComponent(id)}`, { method: "DELETE" }),
    onSuccess: invalidate,
  });
}

export function useReorderRules(slug: string) {
  const invalidate = useInvalidateAfterRuleChange(slug);
  return useMutation({
    mutationFn: (ruleIds: string[]) => fetchJson<{ rules: ProjectRule[]; job: QueuedJob }>(`${rulesApi(slug)}/reorder`, { method: "POST", body: JSON.stringify({ ruleIds }) }),
    onSuccess: invalidate,
  });
}

export function useTryRule(slug: string) {
  return useMutation({
    mutationFn: ({ id, rule }: { id?: string; rule: RuleForm }) =>
      fetchJson<TryRuleResponse>(`${rulesApi(slug)}/try`, { method: "POST", body: JSON.stringify({ rule, ...(id ? { ruleId: id } : {}) }) }),
  });
}

export function useImportAllure(slug: string) {
  const invalidate = useInvalidateAfterRuleChange(slug);
  return useMutation({
    mutationFn: (body: { categories: string; mapping: Record<string, Category>; mode: "append" | "replace" }) =>
      fetchJson<{ rules: ProjectRule[]; job: QueuedJob }>(`${rulesApi(slug)}/allure`, { method: "POST", body: JSON.stringify(body) }),
    onSuccess: invalidate,
  });
}

/** A background job, polled every second until it is done or failed. */
export function useJob(slug: string, jobId: string | null) {
  const invalidate = useInvalidateAfterRuleChange(slug);
  return useQuery({
    queryKey: queryKeys.job(slug, jobId ?? ""),
    enabled: jobId !== null,
    queryFn: async () => {
      const { job } = await fetchJson<{ job: JobView }>(`/api/v1/projects/${encodeURIComponent(slug)}/jobs/${encodeURIComponent(jobId ?? "")}`);
      // Reclassification changed groups and runs: refresh what shows them once it is over.
      if (job.status === "done") void invalidate();
      return job;
    },
    refetchInterval: (query) => (query.state.data && (query.state.data.status === "done" || query.state.data.status === "failed") ? false : 1000),
  });
}
