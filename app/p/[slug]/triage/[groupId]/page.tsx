import { dehydrate, HydrationBoundary } from "@tanstack/react-query";
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getPrisma } from "@/lib/db/client";
import { getGroupDetail } from "@/lib/db/triage";
import { requestTime } from "@/lib/domain/format";
import { makeQueryClient } from "@/lib/query/client";
import { queryKeys } from "@/lib/query/keys";
import { GroupDetailClient } from "./client";
import { requireProjectPage } from "@/lib/auth/page";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Failure group" };

export default async function GroupPage({ params }: { params: Promise<{ slug: string; groupId: string }> }) {
  const { slug, groupId } = await params;
  await requireProjectPage(slug);
  const detail = await getGroupDetail(await getPrisma(), slug, groupId);
  if (!detail) notFound();
  const queryClient = makeQueryClient();
  queryClient.setQueryData(queryKeys.group(slug, groupId), detail);
  return (
    <HydrationBoundary state={dehydrate(queryClient)}>
      <GroupDetailClient slug={slug} groupId={groupId} now={requestTime()} />
    </HydrationBoundary>
  );
}
