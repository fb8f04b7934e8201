import { dehydrate, HydrationBoundary } from "@tanstack/react-query";
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getPrisma } from "@/lib/db/client";
import { getRunDetail, listRunResults } from "@/lib/db/runs";
import { filtersFromSearch, ResultFilters } from "@/lib/domain/filters";
import { makeQueryClient } from "@/lib/query/client";
import { queryKeys } from "@/lib/query/keys";
import { RunDetailClient } from "./client";
import { requireProjectPage } from "@/lib/auth/page";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Run" };

export default async function RunPage({
  params,
  searchParams,
}: {
  params: Promise<{ slug: string; runId: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const [{ slug, runId }, search] = await Promise.all([params, searchParams]);
  await requireProjectPage(slug);
  const filters = filtersFromSearch(ResultFilters, search);
  const prisma = await getPrisma();
  const [detail, results] = await Promise.all([getRunDetail(prisma, slug, runId), listRunResults(prisma, slug, runId, filters)]);
  if (!detail || !results) notFound();
  const queryClient = makeQueryClient();
  queryClient.setQueryData(queryKeys.run(slug, runId), detail);
  queryClient.setQueryData(queryKeys.runResults(slug, runId, filters), results);
  return (
    <HydrationBoundary state={dehydrate(queryClient)}>
      <RunDetailClient slug={slug} runId={runId} />
    </HydrationBoundary>
  );
}
