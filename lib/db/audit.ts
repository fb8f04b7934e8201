// The project's whole audit trail: triage changes (with their failure group) and admin changes
// (settings, tokens, rules, teams and ownership, members, runs, tests), newest first.
import { z } from "zod";
import type { PrismaClient } from "@/lib/generated/prisma/client";

export const AuditQuery = z
  .object({
    before: z.iso.datetime().optional().describe("Only events older than this (paging: pass the last event's createdAt)"),
    limit: z.coerce.number().int().min(1).max(200).default(50),
    actor: z.string().min(1).max(320).optional(),
  })
  .strict();
export type AuditQuery = z.infer<typeof AuditQuery>;

export interface AuditEvent {
  id: string;
  actor: string;
  action: string;
  fromValue: string | null;
  toValue: string | null;
  note: string | null;
  createdAt: string;
  group: { id: string; title: string } | null;
}

export async function listAuditEvents(prisma: PrismaClient, projectId: string, query: AuditQuery): Promise<{ events: AuditEvent[]; nextBefore: string | null }> {
  const rows = await prisma.triageEvent.findMany({
    where: { projectId, ...(query.before ? { createdAt: { lt: new Date(query.before) } } : {}), ...(query.actor ? { actor: query.actor } : {}) },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: query.limit,
    include: { failureGroup: { select: { id: true, title: true } } },
  });
  const events = rows.map((e) => ({
    id: e.id,
    actor: e.actor,
    action: e.action,
    fromValue: e.fromValue,
    toValue: e.toValue,
    note: e.note,
    createdAt: e.createdAt.toISOString(),
    group: e.failureGroup ? { id: e.failureGroup.id, title: e.failureGroup.title } : null,
  }));
  return { events, nextBefore: events.length === query.limit ? (events.at(-1)?.createdAt ?? null) : null };
}
