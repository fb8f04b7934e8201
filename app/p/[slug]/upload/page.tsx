import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getPrisma } from "@/lib/db/client";
import { getProjectBySlug } from "@/lib/db/projects";
import { UploadClient } from "./client";
import { requireProjectPage } from "@/lib/auth/page";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Upload" };

/** A run key that sorts by time and says where it came from: browser-20260102-103000 (UTC). */
function browserRunKey(now: Date): string {
  return `browser-${now.toISOString().slice(0, 19).replace(/[-:]/g, "").replace("T", "-")}`;
}

export default async function UploadPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  await requireProjectPage(slug, "member");
  const project = await getProjectBySlug(await getPrisma(), slug);
  if (!project) notFound();
  return <UploadClient slug={slug} projectName={project.name} defaultBranch={project.defaultBranch} initialRunKey={browserRunKey(new Date())} />;
}
