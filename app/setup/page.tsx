import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { AuthShell } from "@/components/auth/auth-form";
import { AccountForm } from "@/components/auth/account-form";
import { hasAnyAccount } from "@/lib/auth/accounts";
import { getPrisma } from "@/lib/db/client";
import { setupAction } from "./actions";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Set up" };

/** A fresh install's first page: the account created here is the instance admin. */
export default async function SetupPage() {
  if (await hasAnyAccount(await getPrisma())) redirect("/login");
  return (
    <AuthShell
      title="Welcome to Greenboard"
      intro="Create the first account. It becomes the instance admin: it creates projects and invites everyone else."
    >
      <AccountForm action={setupAction} submitLabel="Create admin account" then="/onboarding" />
    </AuthShell>
  );
}
