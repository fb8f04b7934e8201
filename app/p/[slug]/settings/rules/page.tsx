import { dehydrate, HydrationBoundary } from "@tanstack/react-query";
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getPrisma } from "@/lib/db/client";
import { getProjectBySlug } from "@/lib/db/projects";
import { listDefaultRules, listRules } from "@/lib/db/rules";
import { makeQueryClient } from "@/lib/query/client";
import { queryKeys } from "@/lib/query/keys";
import { RulesClient } from "./client";
import { requireProjectPage } from "@/lib/auth/page";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Rules" };

export default async function RulesPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  await requireProjectPage(slug, "admin");
  const prisma = await getPrisma();
  const project = await getProjectBySlug(prisma, slug);
  if (!project) notFound();
  const queryClient = makeQueryClient();
  queryClient.setQueryData(queryKeys.rules(slug), { rules: await listRules(prisma, project.id), defaults: listDefaultRules() });
  return (
    <HydrationBoundary state={dehydrate(queryClient)}>
      <RulesClient slug={slug} />
    </HydrationBoundary>
  );
}
