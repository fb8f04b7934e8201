"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
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
