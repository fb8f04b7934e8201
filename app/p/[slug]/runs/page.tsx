import { dehydrate, HydrationBoundary } from "@tanstack/react-query";
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getPrisma } from "@/lib/db/client";
import { listRuns } from "@/lib/db/runs";
import { filtersFromSearch, RunListFilters } from "@/lib/domain/filters";
import { requestTime } from "@/lib/domain/format";
import { makeQueryClient } from "@/lib/query/client";
import { queryKeys } from "@/lib/query/keys";
import { RunsClient } from "./client";
import { requireProjectPage } from "@/lib/auth/page";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Runs" };

export default async function RunsPage({ params, searchParams }: { params: Promise<{ slug: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const [{ slug }, search] = await Promise.all([params, searchParams]);
  await requireProjectPage(slug);
  const filters = filtersFromSearch(RunListFilters, search);
  const list = await listRuns(await getPrisma(), slug, filters);
  if (!list) notFound();
  const queryClient = makeQueryClient();
  queryClient.setQueryData(queryKeys.runList(slug, filters), list);
  return (
    <HydrationBoundary state={dehydrate(queryClient)}>
      <RunsClient slug={slug} now={requestTime()} />
    </HydrationBoundary>
  );
}
