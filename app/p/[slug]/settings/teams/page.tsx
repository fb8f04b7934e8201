import { dehydrate, HydrationBoundary } from "@tanstack/react-query";
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getPrisma } from "@/lib/db/client";
import { getOwnershipOverview } from "@/lib/db/ownership";
import { getProjectBySlug } from "@/lib/db/projects";
import { requestTime } from "@/lib/domain/format";
import { makeQueryClient } from "@/lib/query/client";
import { queryKeys } from "@/lib/query/keys";
import { TeamsClient } from "./client";
import { requireProjectPage } from "@/lib/auth/page";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Teams" };

export default async function TeamsPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  await requireProjectPage(slug, "admin");
  const prisma = await getPrisma();
  const project = await getProjectBySlug(prisma, slug);
  if (!project) notFound();
  const queryClient = makeQueryClient();
  queryClient.setQueryData(queryKeys.teams(slug), await getOwnershipOverview(prisma, project.id));
  return (
    <HydrationBoundary state={dehydrate(queryClient)}>
      <TeamsClient slug={slug} now={requestTime()} />
    </HydrationBoundary>
  );
}
