// Who may do what. Every route handler and server action asks here; nothing else decides.
//
//   instance admin  every project as admin, creates projects, manages accounts
//   project admin   teams, rules, tokens, members, settings, delete runs
//   project member  triage (status, assignment, notes), browser uploads
//   project viewer  read
//   anonymous       read only when GREENBOARD_PUBLIC_READ=true; the badge is always public
//
// Project tokens only upload (POST /api/v1/runs and completing their runs); they are not sessions.
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { ApiError } from "@/lib/api/errors";
import { NotFoundError } from "@/lib/db/errors";
import { getEnv } from "@/lib/env.mjs";
import { roleAtLeast, type ProjectRole } from "./roles";
import { getAuth } from "./server";

export { PROJECT_ROLES, roleAtLeast, type ProjectRole } from "./roles";

export interface SessionUser {
  id: string;
  email: string;
  name: string;
  instanceAdmin: boolean;
}

export interface ProjectAccess {
  projectId: string;
  slug: string;
  /** null: an anonymous reader under GREENBOARD_PUBLIC_READ. */
  role: ProjectRole | null;
  user: SessionUser | null;
  /** How audit events name whoever acted. */
  actor: string;
}

/** The audit trail's name for a user: their e-mail address (readable, and what admins search for). */
export const actorOf = (user: SessionUser): string => user.email;

export function publicReadEnabled(): boolean {
  return getEnv().GREENBOARD_PUBLIC_READ;
}

/** The signed-in user of a request (its session cookie), or null. */
export async function getSessionUser(headers: Headers): Promise<SessionUser | null> {
  if (!headers.get("cookie")) return null;
  const auth = await getAuth();
  const session = await auth.api.getSession({ headers });
  if (!session) return null;
  const { id, email, name, instanceAdmin } = session.user as typeof session.user & { instanceAdmin?: boolean | null };
  return { id, email, name, instanceAdmin: instanceAdmin === true };
}

/** A user's role in a project: admin for instance admins, else their membership's, else none. */
export async function projectRoleOf(prisma: PrismaClient, user: SessionUser, projectId: string): Promise<ProjectRole | null> {
  if (user.instanceAdmin) return "admin";
  const membership = await prisma.projectMember.findUnique({ where: { projectId_userId: { projectId, userId: user.id } }, select: { role: true } });
  return membership?.role ?? null;
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * Cookie-authenticated writes must come from this server's own pages. Browsers send `Origin` on
 * every non-GET fetch and form post; a missing or foreign one is refused (CSRF). SameSite=Lax
 * cookies already keep most cross-site posts anonymous; this closes the rest (same-site subdomains,
 * old browsers).
 */
export function assertSameOrigin(request: Request): void {
  if (SAFE_METHODS.has(request.method.toUpperCase())) return;
  const origin = request.headers.get("origin");
  const fetchSite = request.headers.get("sec-fetch-site");
  const url = new URL(request.url);
  const host = request.headers.get("x-forwarded-host")?.split(",")[0]?.trim() || request.headers.get("host") || url.host;
  let originHost: string | null = null;
  try {
    originHost = origin ? new URL(origin).host : null;
  } catch {
    originHost = null;
  }
  const publicHost = getEnv().GREENBOARD_PUBLIC_URL ? new URL(getEnv().GREENBOARD_PUBLIC_URL as string).host : null;
  const sameOrigin = originHost !== null && (originHost === host || originHost === publicHost);
  if (!sameOrigin || (fetchSite !== null && fetchSite !== "same-origin")) {
    throw new ApiError("forbidden", "This request must come from Greenboard's own pages (cross-site request refused)", { reason: "cross-origin" });
  }
}

/** The 401 of a request without a session; a bearer token gets told what tokens are for. */
function unauthenticated(request: Request): never {
  if (request.headers.get("authorization")) {
    throw new ApiError("unauthorized", "Project tokens only upload reports (POST /api/v1/runs); sign in to use this endpoint");
  }
  throw new ApiError("unauthorized", "Sign in to Greenboard to use this endpoint");
}

/**
 * The access a request has to a project, or a 401/403/404 ApiError. `needed` is the least role
 * the action takes: `viewer` to read, `member` to triage or upload, `admin` to administer.
 * Order: authentication (401), then the project (404), then the role (403).
 */
export async function authorizeProject(request: Request, prisma: PrismaClient, slug: string, needed: ProjectRole): Promise<ProjectAccess> {
  const user = await getSessionUser(request.headers);
  const readsPublicly = !user && needed === "viewer" && SAFE_METHODS.has(request.method.toUpperCase()) && publicReadEnabled();
  if (!user && !readsPublicly) {
    unauthenticated(request);
  }
  const project = await prisma.project.findUnique({ where: { slug }, select: { id: true } });
  if (!project) throw new NotFoundError("project", `Project "${slug}" does not exist`);
  if (!user) return { projectId: project.id, slug, role: null, user: null, actor: "anonymous" };
  const role = await projectRoleOf(prisma, user, project.id);
  if (!roleAtLeast(role, needed) && !(needed === "viewer" && publicReadEnabled())) {
    throw new ApiError("forbidden", role ? `This takes the project role "${needed}"; you are "${role}"` : `You are not a member of project "${slug}"`, {
      role: role ?? "none",
      needed,
    });
  }
  assertSameOrigin(request);
  return { projectId: project.id, slug, role, user, actor: actorOf(user) };
}

/** Instance-wide administration (creating projects, managing accounts). */
export async function authorizeInstanceAdmin(request: Request): Promise<SessionUser> {
  const user = await getSessionUser(request.headers);
  if (!user) {
    unauthenticated(request);
  }
  if (!user.instanceAdmin) throw new ApiError("forbidden", "Only an instance admin may do this", { needed: "instance-admin" });
  assertSameOrigin(request);
  return user;
}

/** Any signed-in user (listing the projects they can see), or anyone under public read. */
export async function authorizeReader(request: Request): Promise<SessionUser | null> {
  const user = await getSessionUser(request.headers);
  if (!user && !publicReadEnabled()) {
    unauthenticated(request);
  }
  return user;
}

/** The projects a reader may see: all for instance admins and public read, else their memberships. */
export async function visibleProjectIds(prisma: PrismaClient, user: SessionUser | null): Promise<string[] | "all"> {
  if (!user || user.instanceAdmin || publicReadEnabled()) return "all";
  const rows = await prisma.projectMember.findMany({ where: { userId: user.id }, select: { projectId: true } });
  return rows.map((r) => r.projectId);
}
