"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { authClient, authErrorMessage, signInWithProvider } from "@/lib/auth/client";
import { AuthField, FormError } from "./auth-form";

/** Only same-site paths: a `next` of another site would make the sign-in page an open redirect. */
export const safeNext = (next: string | undefined) => (next && next.startsWith("/") && !next.startsWith("//") ? next : "/");

export function LoginForm({ next, sso }: { next?: string; sso?: { providerId: string; name: string } }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  return (
    <div className="grid gap-4">
      <form
        className="grid gap-4"
        onSubmit={async (event) => {
          event.preventDefault();
          const form = new FormData(event.currentTarget);
          setBusy(true);
          setError(null);
          const { error: failure } = await authClient.signIn.email({ email: String(form.get("email")), password: String(form.get("password")) });
          setBusy(false);
          if (failure) return setError(authErrorMessage(failure));
          router.replace(safeNext(next));
          router.refresh();
        }}
      >
        <AuthField label="E-mail" name="email" type="email" autoComplete="username" required autoFocus />
        <AuthField label="Password" name="password" type="password" autoComplete="current-password" required />
        <FormError message={error} />
        <Button type="submit" disabled={busy}>{busy ? "Signing in…" : "Sign in"}</Button>
      </form>
      {sso && (
        <>
          <div className="text-center text-xs text-muted">or</div>
          <Button
            variant="secondary"
            onClick={async () => {
              const { error: failure } = await signInWithProvider(sso.providerId, safeNext(next));
              if (failure) setError(authErrorMessage(failure));
            }}
          >
            Sign in with {sso.name}
          </Button>
        </>
      )}
    </div>
  );
}
