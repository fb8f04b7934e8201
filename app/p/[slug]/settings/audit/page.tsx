import type { Metadata } from "next";
import { requireProjectPage } from "@/lib/auth/page";
import { listAuditEvents } from "@/lib/db/audit";
import { getPrisma } from "@/lib/db/client";
import { AuditClient } from "./client";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Audit log" };

export default async function AuditPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const { project } = await requireProjectPage(slug, "admin");
  const first = await listAuditEvents(await getPrisma(), project.id, { limit: 50 });
  return <AuditClient slug={slug} first={first} />;
}
