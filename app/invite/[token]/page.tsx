import type { Metadata } from "next";
import { AccountForm } from "@/components/auth/account-form";
import { AuthShell } from "@/components/auth/auth-form";
import { findUsableInvite } from "@/lib/auth/accounts";
import { getPrisma } from "@/lib/db/client";
import { acceptInviteAction } from "./actions";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Accept invite" };

export default async function InvitePage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const invite = await findUsableInvite(await getPrisma(), token);
  if (!invite) {
    return (
      <AuthShell title="This invite link does not work" intro="It has been used already, or it expired (links last 7 days). Ask an admin for a new one.">
        <a className="text-sm text-accent underline" href="/login">Go to sign-in</a>
      </AuthShell>
    );
  }
  const what = [invite.instanceAdmin ? "an instance admin" : null, invite.project ? `${invite.role} of ${invite.project.name}` : null].filter(Boolean).join(" and ");
  return (
    <AuthShell title="Join Greenboard" intro={what ? `You are invited as ${what}.` : "Create your account."}>
      <AccountForm action={acceptInviteAction.bind(null, token)} submitLabel="Create account" fixedEmail={invite.email ?? undefined} then={invite.project ? `/p/${invite.project.slug}` : "/"} />
    </AuthShell>
  );
}
