import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { AuthShell } from "@/components/auth/auth-form";
import { LoginForm, safeNext } from "@/components/auth/login-form";
import { hasAnyAccount } from "@/lib/auth/accounts";
import { currentUser } from "@/lib/auth/page";
import { OIDC_PROVIDER_ID, oidcEnabled } from "@/lib/auth/server";
import { getPrisma } from "@/lib/db/client";
import { getEnv } from "@/lib/env.mjs";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Sign in" };

export default async function LoginPage({ searchParams }: { searchParams: Promise<{ next?: string }> }) {
  const { next } = await searchParams;
  if (!(await hasAnyAccount(await getPrisma()))) redirect("/setup");
  if (await currentUser()) redirect(safeNext(next));
  const sso = oidcEnabled() ? { providerId: OIDC_PROVIDER_ID, name: getEnv().GREENBOARD_OIDC_NAME } : undefined;
  return (
    <AuthShell title="Sign in to Greenboard" intro="No account yet? Ask an admin for an invite link.">
      <LoginForm next={next} sso={sso} />
    </AuthShell>
  );
}
