"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { authClient, authErrorMessage } from "@/lib/auth/client";
import { AuthField, FormError } from "./auth-form";

export function ResetPasswordForm({ token }: { token: string }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  return (
    <form
      className="grid gap-4"
      onSubmit={async (event) => {
        event.preventDefault();
        const form = new FormData(event.currentTarget);
        const newPassword = String(form.get("password"));
        if (newPassword !== String(form.get("confirm"))) return setError("The passwords differ.");
        setBusy(true);
        const { error: failure } = await authClient.resetPassword({ newPassword, token });
        setBusy(false);
        if (failure) return setError(failure.status === 400 ? "This link is not valid any more; ask an admin for a new one." : authErrorMessage(failure));
        router.replace("/login?reset=1");
      }}
    >
      <AuthField label="New password (10 characters or more)" name="password" type="password" autoComplete="new-password" required minLength={10} />
      <AuthField label="New password again" name="confirm" type="password" autoComplete="new-password" required />
      <FormError message={error} />
      <Button type="submit" disabled={busy}>{busy ? "Saving…" : "Set password"}</Button>
    </form>
  );
}
