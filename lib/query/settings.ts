"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { ProjectSettings, ProjectSettingsChanges, TokenItem } from "@/lib/db/admin";
import { fetchJson } from "./fetch";
import { queryKeys } from "./keys";

const projectApi = (slug: string) => `/api/v1/projects/${encodeURIComponent(slug)}`;

export function useProjectSettings(slug: string) {
  return useQuery({ queryKey: queryKeys.settings(slug), queryFn: () => fetchJson<ProjectSettings>(projectApi(slug)) });
}

/** Settings feed the overview (target line, default branch) and the admin changes list. */
export function useUpdateProject(slug: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (changes: ProjectSettingsChanges) => fetchJson<ProjectSettings>(projectApi(slug), { method: "PATCH", body: JSON.stringify(changes) }),
    onSuccess: (settings) => queryClient.setQueryData(queryKeys.settings(slug), settings),
    onSettled: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: queryKeys.settings(slug) }),
        queryClient.invalidateQueries({ queryKey: queryKeys.overviews(slug) }),
      ]),
  });
}

export function useTokens(slug: string) {
  return useQuery({ queryKey: queryKeys.tokens(slug), queryFn: () => fetchJson<{ tokens: TokenItem[] }>(`${projectApi(slug)}/tokens`) });
}

/** Token changes show in the token list and in the admin changes of the settings page. */
function useInvalidateTokens(slug: string) {
  const queryClient = useQueryClient();
  return () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: queryKeys.tokens(slug) }),
      queryClient.invalidateQueries({ queryKey: queryKeys.settings(slug) }),
    ]);
}

export function useCreateToken(slug: string) {
  const invalidate = useInvalidateTokens(slug);
  return useMutation({
    mutationFn: (name: string) => fetchJson<{ token: TokenItem & { token: string } }>(`${projectApi(slug)}/tokens`, { method: "POST", body: JSON.stringify({ name }) }),
    onSettled: invalidate,
  });
}

export function useRevokeToken(slug: string) {
  const queryClient = useQueryClient();
  const invalidate = useInvalidateTokens(slug);
  return useMutation({
    mutationFn: (tokenId: string) => fetchJson<{ token: TokenItem }>(`${projectApi(slug)}/tokens/${encodeURIComponent(tokenId)}`, { method: "DELETE" }),
    // Optimistic: the row shows revoked at once; the refetch confirms it.
    onMutate: async (tokenId) => {
      await queryClient.cancelQueries({ queryKey: queryKeys.tokens(slug) });
      queryClient.setQueryData<{ tokens: TokenItem[] }>(queryKeys.tokens(slug), (data) =>
        data ? { tokens: data.tokens.map((t) => (t.id === tokenId ? { ...t, revokedAt: t.revokedAt ?? new Date().toISOString() } : t)) } : data,
      );
    },
    onSettled: invalidate,
  });
}

/** A deleted run leaves every run-based view of the project (overview, runs, triage, tests) and shows in the admin changes. */
export function useDeleteRun(slug: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ runId, confirm }: { runId: string; confirm: string }) =>
      fetchJson<{ deleted: { id: string; runKey: string; deletedGroups: number } }>(`${projectApi(slug)}/runs/${encodeURIComponent(runId)}`, {
        method: "DELETE",
        body: JSON.stringify({ confirm }),
      }),
    onSettled: () => Promise.all([...queryKeys.live(slug), queryKeys.settings(slug)].map((queryKey) => queryClient.invalidateQueries({ queryKey }))),
  });
}

export function useDeleteProject(slug: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (confirm: string) => fetchJson<undefined>(projectApi(slug), { method: "DELETE", body: JSON.stringify({ confirm }) }),
    onSuccess: () => {
      queryClient.removeQueries({ queryKey: ["projects", slug] });
      return queryClient.invalidateQueries({ queryKey: queryKeys.projects() });
    },
  });
}
