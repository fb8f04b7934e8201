import { dehydrate, HydrationBoundary } from "@tanstack/react-query";
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getPrisma } from "@/lib/db/client";
import { listFlakyTests } from "@/lib/db/flaky";
import { getProjectBySlug } from "@/lib/db/projects";
import { listBranches } from "@/lib/db/tests";
import { filtersFromSearch, FlakyFilters } from "@/lib/domain/filters";
import { makeQueryClient } from "@/lib/query/client";
import { queryKeys } from "@/lib/query/keys";
import { FlakyTestsClient } from "./client";
import { requireProjectPage } from "@/lib/auth/page";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Flaky tests" };

export default async function FlakyTestsPage({ params, searchParams }: { params: Promise<{ slug: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const [{ slug }, search] = await Promise.all([params, searchParams]);
  await requireProjectPage(slug);
  const filters = filtersFromSearch(FlakyFilters, search);
  const prisma = await getPrisma();
  const project = await getProjectBySlug(prisma, slug);
  if (!project) notFound();
  const [list, branches] = await Promise.all([listFlakyTests(prisma, project.id, filters.branch ?? project.defaultBranch), listBranches(prisma, project.id)]);
  const queryClient = makeQueryClient();
  queryClient.setQueryData(queryKeys.flakyTests(slug, filters), list);
  return (
    <HydrationBoundary state={dehydrate(queryClient)}>
      <FlakyTestsClient slug={slug} branches={[...new Set([project.defaultBranch, ...branches])].sort()} defaultBranch={project.defaultBranch} />
    </HydrationBoundary>
  );
}
