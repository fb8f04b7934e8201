import { dehydrate, HydrationBoundary } from "@tanstack/react-query";
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getPrisma } from "@/lib/db/client";
import { getTestDetail } from "@/lib/db/tests";
import { filtersFromSearch, FlakyFilters } from "@/lib/domain/filters";
import { requestTime } from "@/lib/domain/format";
import { makeQueryClient } from "@/lib/query/client";
import { queryKeys } from "@/lib/query/keys";
import { TestDetailClient } from "./client";
import { requireProjectPage } from "@/lib/auth/page";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Test" };

export default async function TestPage({
  params,
  searchParams,
}: {
  params: Promise<{ slug: string; testId: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const [{ slug, testId }, search] = await Promise.all([params, searchParams]);
  await requireProjectPage(slug);
  const { branch } = filtersFromSearch(FlakyFilters, search);
  const detail = await getTestDetail(await getPrisma(), slug, testId, { branch });
  if (!detail) notFound();
  const queryClient = makeQueryClient();
  queryClient.setQueryData(queryKeys.test(slug, testId, branch), detail);
  return (
    <HydrationBoundary state={dehydrate(queryClient)}>
      <TestDetailClient slug={slug} testId={testId} now={requestTime()} />
    </HydrationBoundary>
  );
}
