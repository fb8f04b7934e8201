import type { Metadata } from "next";
import { AuthShell } from "@/components/auth/auth-form";
import { ResetPasswordForm } from "@/components/auth/reset-form";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Choose a new password" };

export default async function ResetPasswordPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  return (
    <AuthShell title="Choose a new password" intro="Your other sessions are signed out once it is saved.">
      <ResetPasswordForm token={token} />
    </AuthShell>
  );
}
