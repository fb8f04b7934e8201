import { z } from "zod";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { categoryToDb, type Category } from "@/lib/domain/vocabulary";

export const ProjectInput = z.object({
  name: z.string().trim().min(1, "Name is required").max(100),
  slug: z
    .string()
    .trim()
    .min(2)
    .max(48)
    .regex(/^[a-z0-9][a-z0-9-]*$/, "Use lowercase letters, digits and dashes"),
  defaultBranch: z.string().trim().min(1).max(200).default("main"),
});
export type ProjectInput = z.infer<typeof ProjectInput>;

export function slugify(name: string): string {
  return name
    .toLowerCase()
    .normalize("NFKD")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 48);
}

/** The remediation report's teams, each owning the causes it fixed (PRODUCT.md). */
export const REPORT_TEAMS: { slug: string; name: string; color: string; categories: Category[] }[] = [
  { slug: "team-a", name: "Team A · Infrastructure", color: "#ef4444", categories: ["infrastructure"] },
  { slug: "team-b", name: "Team B · Test framework", color: "#f59e0b", categories: ["fixture", "mock"] },
  { slug: "team-c", name: "Team C · Imports", color: "#8b5cf6", categories: ["import"] },
  { slug: "team-d", name: "Team D · Test restoration", color: "#0ea5e9", categories: ["commented-out"] },
];

/** `only`: the ids a reader may see ("all" or omitted: every project). */
export async function listProjects(prisma: PrismaClient, only: string[] | "all" = "all") {
  return prisma.project.findMany({
    where: only === "all" ? {} : { id: { in: only } },
    orderBy: { createdAt: "asc" },
    select: { id: true, slug: true, name: true, defaultBranch: true },
  });
}

export async function getProjectBySlug(prisma: PrismaClient, slug: string) {
  return prisma.project.findUnique({ where: { slug } });
}

/** Creates a project, optionally with the report's four teams owning their categories. */
export async function createProject(prisma: PrismaClient, input: ProjectInput, options: { withReportTeams?: boolean } = {}) {
  const data = ProjectInput.parse(input);
  return prisma.$transaction(async (tx) => {
    const project = await tx.project.create({ data });
    if (options.withReportTeams) {
      let position = 0;
      for (const team of REPORT_TEAMS) {
        const created = await tx.team.create({ data: { projectId: project.id, slug: team.slug, name: team.name, color: team.color } });
        for (const category of team.categories) {
          await tx.ownershipRule.create({
            data: { projectId: project.id, teamId: created.id, kind: "category", category: categoryToDb(category), position: position++ },
          });
        }
      }
    }
    return project;
  });
}

/** The project with this slug, created (named after the slug) when missing. For admin commands. */
export async function ensureProject(prisma: PrismaClient, slug: string): Promise<{ project: { id: string; slug: string; name: string }; created: boolean }> {
  const existing = await prisma.project.findUnique({ where: { slug }, select: { id: true, slug: true, name: true } });
  if (existing) return { project: existing, created: false };
  const project = await createProject(prisma, { name: slug, slug, defaultBranch: "main" });
  return { project: { id: project.id, slug: project.slug, name: project.name }, created: true };
}
