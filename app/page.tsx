import { redirect } from "next/navigation";
import { getPrisma } from "@/lib/db/client";
import { listProjects } from "@/lib/db/projects";

export const dynamic = "force-dynamic";

/** With no project yet, a newcomer lands on onboarding; otherwise on the first project's overview. */
export default async function HomePage() {
  const projects = await listProjects(await getPrisma());
  const first = projects[0];
  redirect(first ? `/p/${first.slug}` : "/onboarding");
}
