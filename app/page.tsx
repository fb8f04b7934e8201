import { redirect } from "next/navigation";
import { AuthShell } from "@/components/auth/auth-form";
import { visibleProjectIds } from "@/lib/auth/access";
import { requireReader } from "@/lib/auth/page";
import { getPrisma } from "@/lib/db/client";
import { listProjects } from "@/lib/db/projects";

export const dynamic = "force-dynamic";

/**
 * A fresh install lands on setup (first account), a signed-out visitor on sign-in; an instance
 * admin without projects on onboarding; everyone else on the first project they may see.
 */
export default async function HomePage() {
  const user = await requireReader("/");
  const prisma = await getPrisma();
  const projects = await listProjects(prisma, await visibleProjectIds(prisma, user));
  const first = projects[0];
  if (first) redirect(`/p/${first.slug}`);
  if (user?.instanceAdmin) redirect("/onboarding");
  return (
    <AuthShell title="No projects for you yet" intro="Ask an admin of a project to add you, or an instance admin to create one.">
      <p className="text-sm text-muted">Signed in as {user?.email ?? "a guest"}.</p>
    </AuthShell>
  );
}
