import Link from "next/link";
import type { ReactNode } from "react";
import { getPrisma } from "@/lib/db/client";
import { listProjects } from "@/lib/db/projects";
import { visibleProjectIds } from "@/lib/auth/access";
import { requireProjectPage } from "@/lib/auth/page";
import { ProjectRoleProvider } from "@/components/auth/project-role";
import { UserMenu } from "@/components/auth/user-menu";
import { Logo } from "@/components/ui/logo";
import { ProjectSwitcher } from "@/components/overview/project-switcher";
import { LiveIndicator } from "@/components/nav/live-indicator";
import { ProjectNav } from "@/components/nav/project-nav";
import { ThemeToggle } from "@/components/nav/theme-toggle";

export const dynamic = "force-dynamic";

export default async function ProjectLayout({ children, params }: { children: ReactNode; params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const { project, user, role } = await requireProjectPage(slug);
  const prisma = await getPrisma();
  const projects = await listProjects(prisma, await visibleProjectIds(prisma, user));
  return (
    <div className="flex min-h-screen">
      <a href="#content" className="sr-only focus:not-sr-only focus:fixed focus:left-3 focus:top-3 focus:z-50 focus:rounded-lg focus:bg-card focus:px-4 focus:py-2 focus:text-sm focus:font-medium focus:shadow-lg">
        Skip to content
      </a>
      <aside className="sticky top-0 hidden h-screen w-60 shrink-0 border-r border-border bg-card px-4 py-5 md:block">
        <Link href="/"><Logo /></Link>
        <div className="mt-6">
          <ProjectSwitcher current={project.slug} projects={projects.map((p) => ({ slug: p.slug, name: p.name }))} />
        </div>
        <ProjectNav slug={project.slug} role={role} />
        <div className="mt-6 grid gap-2 border-t border-border pt-4 text-sm">
          <UserMenu user={user} role={role} next={`/p/${project.slug}`} />
          {user?.instanceAdmin && (
            <Link href="/onboarding" className="block rounded-md px-3 py-2 text-muted hover:bg-slate-50 hover:text-foreground">+ New project</Link>
          )}
        </div>
        <div className="absolute inset-x-4 bottom-5 flex items-center justify-between gap-2">
          <LiveIndicator slug={project.slug} />
          <ThemeToggle />
        </div>
      </aside>
      <div id="content" tabIndex={-1} className="min-w-0 flex-1 outline-none">
        <ProjectRoleProvider role={role}>{children}</ProjectRoleProvider>
      </div>
    </div>
  );
}
