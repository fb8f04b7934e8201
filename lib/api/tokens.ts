import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import type { PrismaClient } from "@/lib/generated/prisma/client";

/**
 * Upload tokens look like `gb_<8-char prefix>_<secret>`. Only the sha256 of the whole token is
 * stored; the prefix stays visible so a list of tokens can be told apart and revoked.
 */
const TOKEN_PATTERN = /^gb_([a-z0-9]{8})_([A-Za-z0-9_-]{32,})$/;

export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

export function generateToken(): { token: string; prefix: string } {
  const prefix = randomBytes(6).toString("base64url").toLowerCase().replace(/[^a-z0-9]/g, "0").slice(0, 8);
  const secret = randomBytes(24).toString("base64url");
  return { token: `gb_${prefix}_${secret}`, prefix };
}

export async function createApiToken(prisma: PrismaClient, projectId: string, name: string) {
  const { token, prefix } = generateToken();
  const row = await prisma.apiToken.create({
    data: { projectId, name, prefix, tokenHash: hashToken(token) },
    select: { id: true, name: true, prefix: true, createdAt: true },
  });
  return { ...row, token };
}

/** The project a live token belongs to, or null. Compares hashes in constant time. */
export async function verifyApiToken(prisma: PrismaClient, token: string): Promise<{ tokenId: string; projectId: string } | null> {
  const match = TOKEN_PATTERN.exec(token.trim());
  if (!match) return null;
  const hash = hashToken(token.trim());
  const row = await prisma.apiToken.findUnique({ where: { tokenHash: hash } });
  if (!row || row.revokedAt) return null;
  if (!timingSafeEqual(Buffer.from(row.tokenHash, "hex"), Buffer.from(hash, "hex"))) return null;
  await prisma.apiToken.update({ where: { id: row.id }, data: { lastUsedAt: new Date() } });
  return { tokenId: row.id, projectId: row.projectId };
}

/** A project's tokens, newest first; never the secret (only its hash is stored). */
export async function listApiTokens(prisma: PrismaClient, projectId: string) {
  return prisma.apiToken.findMany({
    where: { projectId },
    orderBy: { createdAt: "desc" },
    select: { id: true, name: true, prefix: true, createdAt: true, lastUsedAt: true, revokedAt: true },
  });
}

/**
 * Revokes the project's live tokens with this prefix (`abcd1234`, `gb_abcd1234` or the whole
 * token); returns the revoked ones. Revoked tokens stay listed so the audit trail keeps its names.
 */
export async function revokeApiToken(prisma: PrismaClient, projectId: string, prefixOrToken: string) {
  const prefix = /^(?:gb_)?([a-z0-9]{8})(?:_.*)?$/.exec(prefixOrToken.trim())?.[1];
  if (!prefix) return [];
  const live = await prisma.apiToken.findMany({ where: { projectId, prefix, revokedAt: null }, select: { id: true, name: true, prefix: true } });
  if (live.length > 0) await prisma.apiToken.updateMany({ where: { id: { in: live.map((t) => t.id) } }, data: { revokedAt: new Date() } });
  return live;
}
