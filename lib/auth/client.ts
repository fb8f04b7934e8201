"use client";
// The browser side of better-auth: sign-in, sign-out, password reset, single sign-on.
import { createAuthClient } from "better-auth/react";

export const authClient = createAuthClient({ basePath: "/api/auth" });

/** Single sign-on: better-auth registers the OpenID Connect provider as a social provider. */
export function signInWithProvider(providerId: string, callbackURL: string) {
  return authClient.signIn.social({ provider: providerId as Parameters<typeof authClient.signIn.social>[0]["provider"], callbackURL });
}

/** A readable sentence for a failed better-auth call. */
export function authErrorMessage(error: { status?: number; message?: string; code?: string } | null | undefined): string {
  if (!error) return "Something went wrong; try again.";
  if (error.status === 429) return "Too many attempts. Wait a minute, then try again.";
  if (error.status === 401 || error.code === "INVALID_EMAIL_OR_PASSWORD") return "That e-mail and password do not match an account.";
  return error.message || "Something went wrong; try again.";
}
