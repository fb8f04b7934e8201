// Project roles, ordered: a pure module the browser may import too (lib/auth/access.ts is server-only).
export const PROJECT_ROLES = ["viewer", "member", "admin"] as const;
export type ProjectRole = (typeof PROJECT_ROLES)[number];
const RANK: Record<ProjectRole, number> = { viewer: 1, member: 2, admin: 3 };

export function roleAtLeast(role: ProjectRole | null | undefined, needed: ProjectRole): boolean {
  return role != null && RANK[role] >= RANK[needed];
}
