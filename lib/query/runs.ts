"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { searchOf, type ResultFilters, type RunListFilters } from "@/lib/domain/filters";
import type { ResultPage, RunDetail, RunList } from "@/lib/db/runs";
import { INGEST_POLL_MS } from "@/components/runs/map-ingest-progress";
import { fetchJson } from "./fetch";
import { queryKeys } from "./keys";

const projectApi = (slug: string) => `/api/v1/projects/${encodeURIComponent(slug)}`;

export function useRunList(slug: string, filters: RunListFilters) {
  return useQuery({
    queryKey: queryKeys.runList(slug, filters),
    queryFn: () => fetchJson<RunList>(`${projectApi(slug)}/runs${searchOf(filters, { page: 1 })}`),
    placeholderData: keepPreviousData,
    // Ingestion progress is not a live event (only its end is): poll while a listed run ingests.
    refetchInterval: (query) => (query.state.data?.runs.some((run) => run.ingest) ? INGEST_POLL_MS : false),
  });
}

export function useRunDetail(slug: string, runId: string) {
  return useQuery({
    queryKey: queryKeys.run(slug, runId),
    queryFn: () => fetchJson<RunDetail>(`${projectApi(slug)}/runs/${encodeURIComponent(runId)}`),
    refetchInterval: (query) => (query.state.data?.run.ingest ? INGEST_POLL_MS : false),
  });
}

/** One page of results; the previous page stays on screen while the next one loads. */
export function useRunResults(slug: string, runId: string, filters: ResultFilters) {
  return useQuery({
    queryKey: queryKeys.runResults(slug, runId, filters),
    queryFn: () => fetchJson<ResultPage>(`${projectApi(slug)}/runs/${encodeURIComponent(runId)}/results${searchOf(filters, { page: 1, sort: "status" })}`),
    placeholderData: keepPreviousData,
  });
}
