import { dehydrate, HydrationBoundary } from "@tanstack/react-query";
import { notFound } from "next/navigation";
import { getPrisma } from "@/lib/db/client";
import { getOverview } from "@/lib/db/overview";
import { makeQueryClient } from "@/lib/query/client";
import { queryKeys } from "@/lib/query/keys";
import { OverviewClient } from "./client";
import { requireProjectPage } from "@/lib/auth/page";

export const dynamic = "force-dynamic";

export default async function OverviewPage({ params, searchParams }: { params: Promise<{ slug: string }>; searchParams: Promise<{ branch?: string }> }) {
  const [{ slug }, { branch }] = await Promise.all([params, searchParams]);
  await requireProjectPage(slug);
  const overview = await getOverview(await getPrisma(), slug, branch);
  if (!overview) notFound();
  const queryClient = makeQueryClient();
  queryClient.setQueryData(queryKeys.overview(slug, overview.branch), overview);
  return (
    <HydrationBoundary state={dehydrate(queryClient)}>
      <OverviewClient slug={slug} branch={overview.branch} />
    </HydrationBoundary>
  );
}
