import { dehydrate, HydrationBoundary } from "@tanstack/react-query";
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { listProjectTokens } from "@/lib/db/admin";
import { getPrisma } from "@/lib/db/client";
import { getProjectBySlug } from "@/lib/db/projects";
import { requestTime } from "@/lib/domain/format";
import { makeQueryClient } from "@/lib/query/client";
import { queryKeys } from "@/lib/query/keys";
import { TokensClient } from "./client";
import { requireProjectPage } from "@/lib/auth/page";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "API tokens" };

export default async function TokensPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  await requireProjectPage(slug, "admin");
  const prisma = await getPrisma();
  if (!(await getProjectBySlug(prisma, slug))) notFound();
  const queryClient = makeQueryClient();
  queryClient.setQueryData(queryKeys.tokens(slug), { tokens: await listProjectTokens(prisma, slug) });
  return (
    <HydrationBoundary state={dehydrate(queryClient)}>
      <TokensClient slug={slug} now={requestTime()} />
    </HydrationBoundary>
  );
}
