// Access checks for server components and server actions (route handlers use access.ts directly).
// Pages check for themselves, not only in a layout: a layout is not re-run on every navigation.
import "server-only";
import { headers } from "next/headers";
import { notFound, redirect } from "next/navigation";
import { ApiError } from "@/lib/api/errors";
import { getPrisma } from "@/lib/db/client";
import { hasAnyAccount } from "./accounts";
import { getSessionUser, projectRoleOf, publicReadEnabled, roleAtLeast, type ProjectRole, type SessionUser } from "./access";

export async function currentUser(): Promise<SessionUser | null> {
  return getSessionUser(await headers());
}

const loginPath = (next: string) => `/login?next=${encodeURIComponent(next)}`;

/** A signed-in user (or null under public read); otherwise off to setup (fresh install) or sign-in. */
export async function requireReader(next: string): Promise<SessionUser | null> {
  const user = await currentUser();
  if (user) return user;
  if (!(await hasAnyAccount(await getPrisma()))) redirect("/setup");
  if (publicReadEnabled()) return null;
  redirect(loginPath(next));
}

export async function requireInstanceAdminPage(next: string): Promise<SessionUser> {
  const user = await requireReader(next);
  if (!user) redirect(loginPath(next));
  if (!user.instanceAdmin) redirect("/no-access");
  return user;
}

export interface PageAccess {
  project: { id: string; slug: string; name: string; defaultBranch: string };
  user: SessionUser | null;
  /** null: reading anonymously (public read) or as a signed-in non-member under public read. */
  role: ProjectRole | null;
}

/** The project of a page and the reader's role in it; redirects or 404s when they may not see it. */
export async function requireProjectPage(slug: string, needed: ProjectRole = "viewer"): Promise<PageAccess> {
  const user = await requireReader(`/p/${slug}`);
  const prisma = await getPrisma();
  const project = await prisma.project.findUnique({ where: { slug }, select: { id: true, slug: true, name: true, defaultBranch: true } });
  if (!project) notFound();
  const role = user ? await projectRoleOf(prisma, user, project.id) : null;
  const readsPublicly = needed === "viewer" && publicReadEnabled();
  if (!roleAtLeast(role, needed) && !readsPublicly) {
    if (!user) redirect(loginPath(`/p/${slug}`));
    redirect(`/no-access?project=${encodeURIComponent(slug)}&needed=${needed}`);
  }
  return { project, user, role };
}

/** For server actions: the signed-in instance admin, or an error the action turns into a message. */
export async function actionInstanceAdmin(): Promise<SessionUser> {
  const user = await currentUser();
  if (!user) throw new ApiError("unauthorized", "Your session has ended; sign in again");
  if (!user.instanceAdmin) throw new ApiError("forbidden", "Only an instance admin may do this");
  return user;
}
