"use client";

import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { FlakyTestList } from "@/lib/db/flaky";
import type { TestDetail } from "@/lib/db/tests";
import { searchOf, type FlakyFilters } from "@/lib/domain/filters";
import { fetchJson } from "./fetch";
import { queryKeys } from "./keys";

const testsApi = (slug: string) => `/api/v1/projects/${encodeURIComponent(slug)}/tests`;

export function useFlakyTests(slug: string, filters: FlakyFilters) {
  return useQuery({
    queryKey: queryKeys.flakyTests(slug, filters),
    queryFn: () => fetchJson<FlakyTestList>(`/api/v1/projects/${encodeURIComponent(slug)}/flaky${searchOf(filters)}`),
    placeholderData: keepPreviousData,
  });
}

export function useTestDetail(slug: string, testId: string, branch: string | undefined) {
  return useQuery({
    queryKey: queryKeys.test(slug, testId, branch),
    queryFn: () => fetchJson<TestDetail>(`${testsApi(slug)}/${encodeURIComponent(testId)}${searchOf({ branch })}`),
    placeholderData: keepPreviousData,
  });
}

/** Retire (removed on purpose: never reported missing) or restore a test. */
export function useSetTestRetired(slug: string, testId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (retired: boolean) =>
      fetchJson<{ test: { id: string; retiredAt: string | null } }>(`${testsApi(slug)}/${encodeURIComponent(testId)}`, {
        method: "PATCH",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ retired }),
      }),
    // The test page and every list that counts missing tests change with it.
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ["projects", slug] }),
  });
}
