import { dehydrate, HydrationBoundary } from "@tanstack/react-query";
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getPrisma } from "@/lib/db/client";
import { listGroups } from "@/lib/db/triage";
import { filtersFromSearch, GroupFilters } from "@/lib/domain/filters";
import { requestTime } from "@/lib/domain/format";
import { makeQueryClient } from "@/lib/query/client";
import { queryKeys } from "@/lib/query/keys";
import { TriageClient } from "./client";
import { requireProjectPage } from "@/lib/auth/page";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Triage" };

export default async function TriagePage({ params, searchParams }: { params: Promise<{ slug: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const [{ slug }, search] = await Promise.all([params, searchParams]);
  await requireProjectPage(slug);
  const filters = filtersFromSearch(GroupFilters, search);
  const list = await listGroups(await getPrisma(), slug, filters);
  if (!list) notFound();
  const queryClient = makeQueryClient();
  queryClient.setQueryData(queryKeys.groupList(slug, filters), list);
  return (
    <HydrationBoundary state={dehydrate(queryClient)}>
      <TriageClient slug={slug} now={requestTime()} />
    </HydrationBoundary>
  );
}
