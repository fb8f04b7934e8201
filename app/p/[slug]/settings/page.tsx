import { dehydrate, HydrationBoundary } from "@tanstack/react-query";
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getProjectSettings } from "@/lib/db/admin";
import { getPrisma } from "@/lib/db/client";
import { requestTime } from "@/lib/domain/format";
import { makeQueryClient } from "@/lib/query/client";
import { queryKeys } from "@/lib/query/keys";
import { GeneralSettingsClient } from "./client";
import { requireProjectPage } from "@/lib/auth/page";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Settings" };

export default async function GeneralSettingsPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  await requireProjectPage(slug, "admin");
  const settings = await getProjectSettings(await getPrisma(), slug);
  if (!settings) notFound();
  const queryClient = makeQueryClient();
  queryClient.setQueryData(queryKeys.settings(slug), settings);
  return (
    <HydrationBoundary state={dehydrate(queryClient)}>
      <GeneralSettingsClient slug={slug} now={requestTime()} />
    </HydrationBoundary>
  );
}
