import { dehydrate, HydrationBoundary } from "@tanstack/react-query";
import type { Metadata } from "next";
import Link from "next/link";
import { listAccountEvents, listAccounts } from "@/lib/auth/accounts";
import { requireInstanceAdminPage } from "@/lib/auth/page";
import { getPrisma } from "@/lib/db/client";
import { listProjects } from "@/lib/db/projects";
import { Logo } from "@/components/ui/logo";
import { makeQueryClient } from "@/lib/query/client";
import { queryKeys } from "@/lib/query/keys";
import { AccountsClient } from "./client";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Accounts" };

export default async function AccountsPage() {
  const me = await requireInstanceAdminPage("/admin/accounts");
  const prisma = await getPrisma();
  const queryClient = makeQueryClient();
  queryClient.setQueryData(queryKeys.accounts(), { accounts: await listAccounts(prisma), events: await listAccountEvents(prisma) });
  const projects = (await listProjects(prisma)).map((p) => ({ slug: p.slug, name: p.name }));
  return (
    <main id="main" className="mx-auto max-w-5xl px-6 py-8">
      <Link href="/"><Logo /></Link>
      <p className="mt-6 text-sm text-muted">Instance</p>
      <h1 className="text-2xl font-semibold tracking-tight">Accounts</h1>
      <HydrationBoundary state={dehydrate(queryClient)}>
        <AccountsClient me={me.id} projects={projects} />
      </HydrationBoundary>
    </main>
  );
}
