// better-auth, configured for Greenboard: email + password accounts that only admins create
// (setup page, invite links, `greenboard user create`), optional OpenID Connect, sessions in the
// database next to everything else. One instance per database, built on first use because the
// signing secret may live in that database.
import { randomBytes } from "node:crypto";
import { betterAuth } from "better-auth";
import { prismaAdapter } from "better-auth/adapters/prisma";
import { genericOAuth } from "better-auth/plugins/generic-oauth";
import { getPrisma } from "@/lib/db/client";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { getEnv } from "@/lib/env.mjs";

export const SESSION_DAYS = 14;
export const OIDC_PROVIDER_ID = "oidc";
/** Passwords shorter than this are refused everywhere an account gets one. */
export const MIN_PASSWORD_LENGTH = 10;

/** Reset tokens handed out by `createPasswordResetLink`, picked up right after better-auth makes them. */
const issuedResetTokens = new Map<string, string>();

function buildAuth(prisma: PrismaClient, secret: string) {
  const env = getEnv();
  const oidc =
    env.GREENBOARD_OIDC_ISSUER && env.GREENBOARD_OIDC_CLIENT_ID && env.GREENBOARD_OIDC_CLIENT_SECRET
      ? genericOAuth({
          config: [
            {
              providerId: OIDC_PROVIDER_ID,
              discoveryUrl: `${env.GREENBOARD_OIDC_ISSUER.replace(/\/$/, "")}/.well-known/openid-configuration`,
              clientId: env.GREENBOARD_OIDC_CLIENT_ID,
              clientSecret: env.GREENBOARD_OIDC_CLIENT_SECRET,
              scopes: ["openid", "email", "profile"],
              pkce: true,
            },
          ],
        })
      : null;
  const publicUrl = env.GREENBOARD_PUBLIC_URL;
  return betterAuth({
    appName: "Greenboard",
    secret,
    // Unset: the origin of each request (a self-hosted app is reached under whatever name the
    // network gives it). Set GREENBOARD_PUBLIC_URL behind a proxy so links and cookies agree.
    baseURL: publicUrl ?? { allowedHosts: ["*"], protocol: "auto", fallback: `http://localhost:${env.PORT}` },
    basePath: "/api/auth",
    database: prismaAdapter(prisma, { provider: "postgresql" }),
    emailAndPassword: {
      enabled: true,
      // Nobody signs themselves up: accounts come from the setup page, invites and the CLI.
      disableSignUp: true,
      minPasswordLength: MIN_PASSWORD_LENGTH,
      maxPasswordLength: 256,
      revokeSessionsOnPasswordReset: true,
      resetPasswordTokenExpiresIn: 60 * 60 * 24,
      // No e-mail server is assumed: the admin who asked for the link gets it (lib/auth/accounts.ts).
      sendResetPassword: async ({ user, token }) => {
        issuedResetTokens.set(user.email, token);
      },
    },
    user: {
      additionalFields: { instanceAdmin: { type: "boolean", defaultValue: false, input: false } },
    },
    session: { expiresIn: 60 * 60 * 24 * SESSION_DAYS, updateAge: 60 * 60 * 24 },
    rateLimit: {
      enabled: true,
      storage: "memory",
      window: 60,
      max: 300,
      customRules: {
        "/sign-in/email": { window: 60, max: env.GREENBOARD_LOGIN_RATE_PER_MINUTE },
        "/reset-password": { window: 60, max: env.GREENBOARD_LOGIN_RATE_PER_MINUTE },
      },
    },
    advanced: {
      // Secure cookies when the public URL is https; sessions are http-only and SameSite=Lax always.
      useSecureCookies: publicUrl ? publicUrl.startsWith("https:") : undefined,
      defaultCookieAttributes: { httpOnly: true, sameSite: "lax" },
      cookiePrefix: "greenboard",
      // better-auth turns its Origin/CSRF checks off under NODE_ENV=test; ours stay on everywhere,
      // so the tests exercise what production does.
      disableOriginCheck: false,
    },
    telemetry: { enabled: false },
    plugins: oidc ? [oidc] : [],
  });
}

export type Auth = ReturnType<typeof buildAuth>;

const instances = new WeakMap<PrismaClient, Promise<Auth>>();

/** The better-auth instance for the current database (tests swap databases with setDatabase). */
export async function getAuth(): Promise<Auth> {
  const prisma = await getPrisma();
  let auth = instances.get(prisma);
  if (!auth) {
    auth = getAuthSecret(prisma).then((secret) => buildAuth(prisma, secret));
    instances.set(prisma, auth);
  }
  return auth;
}

/** GREENBOARD_AUTH_SECRET, else one generated on first start and kept in the database (all instances agree). */
export async function getAuthSecret(prisma: PrismaClient): Promise<string> {
  const configured = getEnv().GREENBOARD_AUTH_SECRET;
  if (configured) return configured;
  await prisma.instanceSetting.createMany({ data: [{ key: "auth_secret", value: randomBytes(32).toString("base64url") }], skipDuplicates: true });
  const row = await prisma.instanceSetting.findUniqueOrThrow({ where: { key: "auth_secret" } });
  return row.value;
}

/** Takes the token better-auth just issued for `email` (see sendResetPassword above). */
export function takeIssuedResetToken(email: string): string | undefined {
  const token = issuedResetTokens.get(email);
  issuedResetTokens.delete(email);
  return token;
}

export function oidcEnabled(): boolean {
  return Boolean(getEnv().GREENBOARD_OIDC_ISSUER);
}
