import type { Metadata } from "next";
import { headers } from "next/headers";
import { getEnv } from "@/lib/env.mjs";
import { getPrisma } from "@/lib/db/client";
import { listProjects } from "@/lib/db/projects";
import { Logo } from "@/components/ui/logo";
import { requireInstanceAdminPage } from "@/lib/auth/page";
import { OnboardingClient } from "@/components/onboarding/onboarding-client";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Get started" };

export default async function OnboardingPage() {
  await requireInstanceAdminPage("/onboarding");
  const projects = await listProjects(await getPrisma());
  const requestHeaders = await headers();
  const host = requestHeaders.get("x-forwarded-host") ?? requestHeaders.get("host") ?? "localhost:3000";
  const protocol = requestHeaders.get("x-forwarded-proto") ?? "http";
  const baseUrl = getEnv().GREENBOARD_PUBLIC_URL ?? `${protocol}://${host}`;
  return (
    <main className="mx-auto max-w-3xl px-6 py-12">
      <Logo />
      <h1 className="mt-8 text-3xl font-semibold tracking-tight">Get your test suite to green</h1>
      <p className="mt-3 text-muted">
        Greenboard reads the JUnit XML reports your CI already writes, sorts every failure by cause — infrastructure,
        fixture, import, mock, commented-out, assertion — assigns it to the team that owns it, and charts the pass rate
        toward 100 %.
      </p>
      <OnboardingClient baseUrl={baseUrl} hasProjects={projects.length > 0} />
    </main>
  );
}
