// @ts-check
// Every environment variable Greenboard reads, validated once with a readable error.
// Plain JavaScript so next.config.js can import it and fail fast before the server starts.
import { z } from "zod";

const booleanFlag = z
  .enum(["true", "false", "1", "0", ""])
  .optional()
  .transform((v) => v === "true" || v === "1");

export const EnvSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  DATABASE_URL: z
    .string()
    .trim()
    .optional()
    .refine((v) => !v || v.startsWith("pglite:") || /^postgres(ql)?:\/\//.test(v), {
      message: 'must be unset, "pglite:<dir>", or a postgres:// / postgresql:// URL',
    }),
  REDIS_URL: z
    .string()
    .trim()
    .optional()
    .refine((v) => !v || /^rediss?:\/\//.test(v), { message: "must be a redis:// or rediss:// URL" }),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  GREENBOARD_EMBEDDED_SHARED_BUFFERS_MB: z.coerce.number().int().min(1).max(1024).default(128).describe("The embedded database's buffer pool (shared_buffers), in MB"),
  GREENBOARD_PUBLIC_URL: z.url().optional().describe("Base URL used in links printed by the API and CLI"),
  GREENBOARD_MAX_UPLOAD_MB: z.coerce.number().int().positive().default(1024),
  GREENBOARD_UPLOAD_RATE_PER_MINUTE: z.coerce.number().int().min(0).default(120).describe("Uploads per minute per token; 0 turns the limit off"),
  GREENBOARD_ASYNC_BYTES: z.coerce.number().int().positive().default(25 * 1024 * 1024).describe("Uploads larger than this are ingested in the background (202)"),
  GREENBOARD_PUBLIC_READ: booleanFlag.describe("Anyone who can reach the server may view dashboards without signing in"),
  GREENBOARD_AUTH_SECRET: z.string().min(32).optional().describe("Signs session cookies; generated once and kept in the database when unset"),
  GREENBOARD_LOGIN_RATE_PER_MINUTE: z.coerce.number().int().positive().default(10).describe("Sign-in attempts per minute per client address"),
  GREENBOARD_OIDC_ISSUER: z.url().optional().describe("OpenID Connect issuer URL; enables single sign-on with the two variables below"),
  GREENBOARD_OIDC_CLIENT_ID: z.string().optional(),
  GREENBOARD_OIDC_CLIENT_SECRET: z.string().optional(),
  GREENBOARD_OIDC_NAME: z.string().default("Single sign-on").describe("Label of the sign-in button for the identity provider"),
  GREENBOARD_LOG_LEVEL: z.enum(["debug", "info", "warn", "error"]).default("info"),
}).superRefine((env, ctx) => {
  const oidc = [env.GREENBOARD_OIDC_ISSUER, env.GREENBOARD_OIDC_CLIENT_ID, env.GREENBOARD_OIDC_CLIENT_SECRET];
  if (oidc.some(Boolean) && !oidc.every(Boolean)) {
    ctx.addIssue({ code: "custom", path: ["GREENBOARD_OIDC_ISSUER"], message: "GREENBOARD_OIDC_ISSUER, GREENBOARD_OIDC_CLIENT_ID and GREENBOARD_OIDC_CLIENT_SECRET go together" });
  }
});

/** @typedef {z.infer<typeof EnvSchema>} Env */

export class EnvError extends Error {
  /** @param {z.ZodError} error */
  constructor(error) {
    const lines = error.issues.map((issue) => `  ${issue.path.join(".") || "(root)"}: ${issue.message}`);
    super(`Invalid environment configuration:\n${lines.join("\n")}`);
    this.name = "EnvError";
  }
}

/**
 * @param {Record<string, string | undefined>} source
 * @returns {Env}
 */
export function parseEnv(source) {
  // An empty variable means unset (docker-compose and CI templates often export "").
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== ""));
  const result = EnvSchema.safeParse(cleaned);
  if (!result.success) throw new EnvError(result.error);
  return result.data;
}

/** @type {Env | undefined} */
let cached;

/** Forget the parsed environment (tests that change `process.env` call this). */
export function resetEnv() {
  cached = undefined;
}

/** @returns {Env} */
export function getEnv() {
  cached ??= parseEnv(process.env);
  return cached;
}
