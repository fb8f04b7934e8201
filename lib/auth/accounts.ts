// Accounts are created by people who already have one: the setup page (first account of an
// install), invite links, and `greenboard user create`. Passwords are hashed by better-auth
// (scrypt, memory-hard) so that its sign-in verifies them; rows are written in one transaction.
import { createHash, randomBytes } from "node:crypto";
import { z } from "zod";
import { ApiError } from "@/lib/api/errors";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { hashPassword } from "better-auth/crypto";
import type { ProjectRole } from "./access";
import { PROJECT_ROLES } from "./access";
import { getAuth, MIN_PASSWORD_LENGTH, takeIssuedResetToken } from "./server";

export const INVITE_DAYS = 7;

export const AccountInput = z.object({
  name: z.string().trim().min(1, "Enter a name").max(120),
  email: z.email("Enter an e-mail address").trim().toLowerCase(),
  password: z.string().min(MIN_PASSWORD_LENGTH, `At least ${MIN_PASSWORD_LENGTH} characters`).max(256),
});
export type AccountInput = z.infer<typeof AccountInput>;

export const InviteInput = z.object({
  email: z.email().trim().toLowerCase().optional(),
  instanceAdmin: z.boolean().default(false),
  projectSlug: z.string().optional(),
  role: z.enum(PROJECT_ROLES).optional(),
});
export type InviteInput = z.infer<typeof InviteInput>;

const hashInviteToken = (token: string) => createHash("sha256").update(token).digest("hex");

export class AccountExistsError extends ApiError {
  constructor(email: string) {
    super("conflict", `An account for ${email} already exists`, { field: "email" });
  }
}

/** Creates an account with a password, optionally instance admin and/or member of a project. */
export async function createAccount(
  prisma: PrismaClient,
  input: AccountInput,
  options: { instanceAdmin?: boolean; membership?: { projectId: string; role: ProjectRole }; onlyIfFirst?: boolean; inviteId?: string; actor?: string } = {},
) {
  const data = AccountInput.parse(input);
  const hash = await hashPassword(data.password);
  return prisma.$transaction(async (tx) => {
    // The setup page may create only the first account; two racing submissions get one winner.
    if (options.onlyIfFirst) {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(7301)`;
      if ((await tx.user.count()) > 0) throw new ApiError("conflict", "This Greenboard already has an admin; sign in instead", { reason: "already-set-up" });
    }
    if (options.inviteId) {
      const used = await tx.invite.updateMany({ where: { id: options.inviteId, usedAt: null, expiresAt: { gt: new Date() } }, data: { usedAt: new Date() } });
      if (used.count !== 1) throw new ApiError("conflict", "This invite link has already been used or has expired", { reason: "invite-used" });
    }
    if (await tx.user.findUnique({ where: { email: data.email }, select: { id: true } })) throw new AccountExistsError(data.email);
    const user = await tx.user.create({ data: { name: data.name, email: data.email, instanceAdmin: options.instanceAdmin ?? false } });
    await tx.account.create({ data: { userId: user.id, accountId: user.id, providerId: "credential", password: hash } });
    if (options.membership) await tx.projectMember.create({ data: { userId: user.id, ...options.membership } });
    const how = options.onlyIfFirst ? "setup page" : options.inviteId ? "invite link" : undefined;
    await recordAccountEvent(tx, options.actor ?? data.email, "account.create", data.email, [how, options.instanceAdmin ? "instance admin" : undefined].filter(Boolean).join(", ") || undefined);
    if (options.membership) {
      await tx.triageEvent.create({ data: { projectId: options.membership.projectId, actor: options.actor ?? data.email, action: "member.add", toValue: options.membership.role, note: data.email } });
    }
    return user;
  });
}

export async function hasAnyAccount(prisma: PrismaClient): Promise<boolean> {
  return (await prisma.user.count()) > 0;
}

// ---------------------------------------------------------------- invites

export async function createInvite(prisma: PrismaClient, input: InviteInput, createdBy: string) {
  const data = InviteInput.parse(input);
  let projectId: string | null = null;
  if (data.projectSlug) {
    const project = await prisma.project.findUnique({ where: { slug: data.projectSlug }, select: { id: true } });
    if (!project) throw new ApiError("not_found", `Project "${data.projectSlug}" does not exist`);
    projectId = project.id;
  }
  if (projectId && !data.role) throw new ApiError("bad_request", "An invite into a project needs a role", { field: "role" });
  const token = randomBytes(24).toString("base64url");
  const invite = await prisma.$transaction(async (tx) => {
    await recordAccountEvent(tx, createdBy, "invite.create", data.email ?? "(any e-mail)", [data.instanceAdmin ? "instance admin" : "", data.projectSlug ? `${data.role} of ${data.projectSlug}` : ""].filter(Boolean).join(", ") || undefined);
    return tx.invite.create({
    data: {
      tokenHash: hashInviteToken(token),
      email: data.email ?? null,
      instanceAdmin: data.instanceAdmin,
      projectId,
      role: projectId ? data.role : null,
      createdBy,
      expiresAt: new Date(Date.now() + INVITE_DAYS * 24 * 3600 * 1000),
    },
    });
  });
  return { invite, token, path: `/invite/${token}` };
}

/** The invite a link's token stands for, if it is still usable. */
export async function findUsableInvite(prisma: PrismaClient, token: string) {
  const invite = await prisma.invite.findUnique({ where: { tokenHash: hashInviteToken(token) }, include: { project: { select: { slug: true, name: true } } } });
  if (!invite || invite.usedAt || invite.expiresAt <= new Date()) return null;
  return invite;
}

export async function acceptInvite(prisma: PrismaClient, token: string, input: AccountInput) {
  const invite = await findUsableInvite(prisma, token);
  if (!invite) throw new ApiError("not_found", "This invite link is not valid any more; ask an admin for a new one", { reason: "invite-invalid" });
  const data = AccountInput.parse(input);
  if (invite.email && invite.email !== data.email) {
    throw new ApiError("invalid_metadata", `This invite is for ${invite.email}`, { field: "email" });
  }
  return createAccount(prisma, data, {
    instanceAdmin: invite.instanceAdmin,
    membership: invite.projectId && invite.role ? { projectId: invite.projectId, role: invite.role } : undefined,
    inviteId: invite.id,
  });
}

// ---------------------------------------------------------------- password reset

/** A one-day link that lets the account's owner choose a new password (signs out their sessions). */
export async function createPasswordResetLink(prisma: PrismaClient, userId: string, actor: string): Promise<{ path: string; email: string }> {
  const user = await prisma.user.findUnique({ where: { id: userId }, select: { email: true } });
  if (!user) throw new ApiError("not_found", "No such account");
  const auth = await getAuth();
  await auth.api.requestPasswordReset({ body: { email: user.email } });
  const token = takeIssuedResetToken(user.email);
  if (!token) throw new ApiError("conflict", "This account signs in through single sign-on and has no password to reset");
  await recordAccountEvent(prisma, actor, "account.reset-link", user.email);
  return { path: `/reset-password/${token}`, email: user.email };
}

// ---------------------------------------------------------------- memberships

export async function listMembers(prisma: PrismaClient, projectId: string) {
  const rows = await prisma.projectMember.findMany({
    where: { projectId },
    include: { user: { select: { id: true, email: true, name: true, instanceAdmin: true } } },
    orderBy: { createdAt: "asc" },
  });
  return rows.map((r) => ({ userId: r.userId, email: r.user.email, name: r.user.name, role: r.role, instanceAdmin: r.user.instanceAdmin }));
}

export async function listAccounts(prisma: PrismaClient) {
  const users = await prisma.user.findMany({
    orderBy: { createdAt: "asc" },
    select: {
      id: true,
      email: true,
      name: true,
      instanceAdmin: true,
      createdAt: true,
      memberships: { select: { role: true, project: { select: { slug: true } } } },
      sessions: { select: { updatedAt: true }, orderBy: { updatedAt: "desc" }, take: 1 },
    },
  });
  return users.map((u) => ({
    id: u.id,
    email: u.email,
    name: u.name,
    instanceAdmin: u.instanceAdmin,
    createdAt: u.createdAt.toISOString(),
    lastSeenAt: u.sessions[0]?.updatedAt.toISOString() ?? null,
    projects: u.memberships.map((m) => ({ slug: m.project.slug, role: m.role })),
  }));
}

/** Adds or changes a member of a project by e-mail; the change is in the project's audit trail. */
export async function setMember(prisma: PrismaClient, projectId: string, email: string, role: ProjectRole, actor: string) {
  const user = await prisma.user.findUnique({ where: { email: email.trim().toLowerCase() }, select: { id: true, email: true } });
  if (!user) throw new ApiError("not_found", `No account for ${email}; create an invite link instead`, { field: "email" });
  return prisma.$transaction(async (tx) => {
    const before = await tx.projectMember.findUnique({ where: { projectId_userId: { projectId, userId: user.id } }, select: { role: true } });
    await tx.projectMember.upsert({ where: { projectId_userId: { projectId, userId: user.id } }, create: { projectId, userId: user.id, role }, update: { role } });
    if (before?.role !== role) {
      await tx.triageEvent.create({
        data: { projectId, actor, action: before ? "member.update" : "member.add", fromValue: before?.role ?? null, toValue: role, note: user.email },
      });
    }
    return { userId: user.id, email: user.email, role };
  });
}

export async function removeMember(prisma: PrismaClient, projectId: string, userId: string, actor: string) {
  return prisma.$transaction(async (tx) => {
    const member = await tx.projectMember.findUnique({ where: { projectId_userId: { projectId, userId } }, include: { user: { select: { email: true } } } });
    if (!member) throw new ApiError("not_found", "This account is not a member of the project");
    await tx.projectMember.delete({ where: { id: member.id } });
    await tx.triageEvent.create({ data: { projectId, actor, action: "member.remove", fromValue: member.role, toValue: null, note: member.user.email } });
  });
}

export async function recordAccountEvent(prisma: Pick<PrismaClient, "accountEvent">, actor: string, action: string, target?: string, note?: string) {
  await prisma.accountEvent.create({ data: { actor, action, target: target ?? null, note: note ?? null } });
}

export async function listAccountEvents(prisma: PrismaClient, take = 100) {
  const rows = await prisma.accountEvent.findMany({ orderBy: { createdAt: "desc" }, take });
  return rows.map((r) => ({ ...r, createdAt: r.createdAt.toISOString() }));
}

/** Grants or takes away instance admin; the last instance admin cannot be demoted (nobody could manage accounts). */
export async function setInstanceAdmin(prisma: PrismaClient, userId: string, instanceAdmin: boolean, actor: string) {
  return prisma.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(7302)`;
    const user = await tx.user.findUnique({ where: { id: userId }, select: { email: true, instanceAdmin: true } });
    if (!user) throw new ApiError("not_found", "No such account");
    if (user.instanceAdmin === instanceAdmin) return;
    if (!instanceAdmin && (await tx.user.count({ where: { instanceAdmin: true } })) <= 1) {
      throw new ApiError("conflict", "This is the last instance admin; make someone else admin first", { reason: "last-admin" });
    }
    await tx.user.update({ where: { id: userId }, data: { instanceAdmin } });
    await recordAccountEvent(tx, actor, instanceAdmin ? "account.admin-grant" : "account.admin-revoke", user.email);
  });
}

export async function deleteAccount(prisma: PrismaClient, userId: string, actor: string) {
  return prisma.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(7302)`;
    const user = await tx.user.findUnique({ where: { id: userId }, select: { email: true, instanceAdmin: true } });
    if (!user) throw new ApiError("not_found", "No such account");
    if (user.instanceAdmin && (await tx.user.count({ where: { instanceAdmin: true } })) <= 1) {
      throw new ApiError("conflict", "This is the last instance admin and cannot be deleted", { reason: "last-admin" });
    }
    await tx.user.delete({ where: { id: userId } });
    await recordAccountEvent(tx, actor, "account.delete", user.email);
  });
}
