import Link from "next/link";
import { notFound } from "next/navigation";
import type { ReactNode } from "react";
import { getPrisma } from "@/lib/db/client";
import { getProjectBySlug, listProjects } from "@/lib/db/projects";
import { Logo } from "@/components/ui/logo";
import { ProjectSwitcher } from "@/components/overview/project-switcher";

export const dynamic = "force-dynamic";

export default async function ProjectLayout({ children, params }: { children: ReactNode; params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const prisma = await getPrisma();
  const [project, projects] = await Promise.all([getProjectBySlug(prisma, slug), listProjects(prisma)]);
  if (!project) notFound();
  return (
    <div className="flex min-h-screen">
      <aside className="hidden w-60 shrink-0 border-r border-border bg-card px-4 py-5 md:block">
        <Link href="/"><Logo /></Link>
        <div className="mt-6">
          <ProjectSwitcher current={project.slug} projects={projects.map((p) => ({ slug: p.slug, name: p.name }))} />
        </div>
        <nav className="mt-6 grid gap-1 text-sm">
          <Link href={`/p/${project.slug}`} className="rounded-md bg-slate-100 px-3 py-2 font-medium">Overview</Link>
          <Link href="/onboarding" className="rounded-md px-3 py-2 text-muted hover:bg-slate-50">New project</Link>
        </nav>
      </aside>
      <div className="min-w-0 flex-1">{children}</div>
    </div>
  );
}
