"use client";

import { useRouter } from "next/navigation";
import { startTransition, useActionState, useEffect, useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import type { AccountFormState } from "@/lib/auth/account-form";
import { authClient, authErrorMessage } from "@/lib/auth/client";
import { AuthField, FormError } from "./auth-form";

/**
 * Name, e-mail and password for a new account (setup page, invite link). The server action creates
 * the account; the browser then signs in through better-auth so the session cookie is its own.
 */
export function AccountForm({
  action,
  submitLabel,
  fixedEmail,
  then,
}: {
  action: (previous: AccountFormState, form: FormData) => Promise<AccountFormState>;
  submitLabel: string;
  fixedEmail?: string;
  then: string;
}) {
  const router = useRouter();
  const [state, formAction, pending] = useActionState(action, { status: "idle" } as AccountFormState);
  const [signInError, setSignInError] = useState<string | null>(null);
  const password = useRef<string>("");
  useEffect(() => {
    if (state.status !== "created") return;
    void authClient.signIn.email({ email: state.email, password: password.current }).then(({ error }: { error: { status?: number; message?: string } | null }) => {
      if (error) return setSignInError(`Your account exists, but signing in failed: ${authErrorMessage(error)}`);
      router.replace(then);
      router.refresh();
    });
  }, [state, router, then]);
  const fieldErrors = state.status === "error" ? (state.fieldErrors ?? {}) : {};
  return (
    <form
      className="grid gap-4"
      onSubmit={(e) => {
        // Submitted by hand rather than through `action=`: React resets a form after its action,
        // and a mistyped confirmation should not cost the whole form.
        e.preventDefault();
        const form = new FormData(e.currentTarget);
        password.current = String(form.get("password") ?? "");
        startTransition(() => formAction(form));
      }}
    >
      <AuthField label="Name" name="name" autoComplete="name" required error={fieldErrors.name} />
      <AuthField label="E-mail" name="email" type="email" autoComplete="username" required defaultValue={fixedEmail} readOnly={Boolean(fixedEmail)} error={fieldErrors.email} />
      <AuthField label="Password (10 characters or more)" name="password" type="password" autoComplete="new-password" required minLength={10} error={fieldErrors.password} />
      <AuthField label="Password again" name="confirm" type="password" autoComplete="new-password" required error={fieldErrors.confirm} />
      <FormError message={state.status === "error" ? state.message : signInError} />
      <Button type="submit" disabled={pending || state.status === "created"}>{pending || state.status === "created" ? "Creating…" : submitLabel}</Button>
    </form>
  );
}
