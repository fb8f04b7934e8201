import Link from "next/link";
import { notFound } from "next/navigation";
import type { ReactNode } from "react";
import { getPrisma } from "@/lib/db/client";
import { getProjectBySlug, listProjects } from "@/lib/db/projects";
import { Logo } from "@/components/ui/logo";
import { ProjectSwitcher } from "@/components/overview/project-switcher";
import { LiveIndicator } from "@/components/nav/live-indicator";
import { ProjectNav } from "@/components/nav/project-nav";

export const dynamic = "force-dynamic";

export default async function ProjectLayout({ children, params }: { children: ReactNode; params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const prisma = await getPrisma();
  const [project, projects] = await Promise.all([getProjectBySlug(prisma, slug), listProjects(prisma)]);
  if (!project) notFound();
  return (
    <div className="flex min-h-screen">
      <aside className="sticky top-0 hidden h-screen w-60 shrink-0 border-r border-border bg-card px-4 py-5 md:block">
        <Link href="/"><Logo /></Link>
        <div className="mt-6">
          <ProjectSwitcher current={project.slug} projects={projects.map((p) => ({ slug: p.slug, name: p.name }))} />
        </div>
        <ProjectNav slug={project.slug} />
        <div className="mt-6 border-t border-border pt-4 text-sm">
          <Link href="/onboarding" className="block rounded-md px-3 py-2 text-muted hover:bg-slate-50 hover:text-foreground">+ New project</Link>
        </div>
        <div className="absolute inset-x-4 bottom-5">
          <LiveIndicator slug={project.slug} />
        </div>
      </aside>
      <div className="min-w-0 flex-1">{children}</div>
    </div>
  );
}
