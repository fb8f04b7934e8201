import { dehydrate, HydrationBoundary } from "@tanstack/react-query";
import type { Metadata } from "next";
import { listMembers } from "@/lib/auth/accounts";
import { requireProjectPage } from "@/lib/auth/page";
import { getPrisma } from "@/lib/db/client";
import { makeQueryClient } from "@/lib/query/client";
import { queryKeys } from "@/lib/query/keys";
import { MembersClient } from "./client";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Members" };

export default async function MembersPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const { project } = await requireProjectPage(slug, "admin");
  const queryClient = makeQueryClient();
  queryClient.setQueryData(queryKeys.members(slug), { members: await listMembers(await getPrisma(), project.id) });
  return (
    <HydrationBoundary state={dehydrate(queryClient)}>
      <MembersClient slug={slug} />
    </HydrationBoundary>
  );
}
