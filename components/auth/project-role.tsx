"use client";
// The signed-in reader's role in the current project, for hiding what they may not do. The server
// enforces every permission anyway (lib/auth/access.ts); this only keeps the UI honest.
import { createContext, useContext, type ReactNode } from "react";
import { roleAtLeast, type ProjectRole } from "@/lib/auth/roles";

const ProjectRoleContext = createContext<ProjectRole | null>(null);

export function ProjectRoleProvider({ role, children }: { role: ProjectRole | null; children: ReactNode }) {
  return <ProjectRoleContext.Provider value={role}>{children}</ProjectRoleContext.Provider>;
}

export function useProjectRole(): ProjectRole | null {
  return useContext(ProjectRoleContext);
}

/** True when the reader's role in the project is at least `needed`. */
export function useCan(needed: ProjectRole): boolean {
  const role = useContext(ProjectRoleContext);
  return roleAtLeast(role, needed);
}
