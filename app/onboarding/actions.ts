"use server";

import { createApiToken } from "@/lib/api/tokens";
import { getPrisma } from "@/lib/db/client";
import { createProject, ProjectInput, slugify } from "@/lib/db/projects";
import { loadDemoData, DemoAlreadyLoadedError } from "@/lib/demo/load";
import { defaultClassifier } from "@/lib/ingest/default-classifier";
import { ApiError } from "@/lib/api/errors";
import { recordAccountEvent } from "@/lib/auth/accounts";
import { actionInstanceAdmin } from "@/lib/auth/page";

/** Creating projects is for instance admins; anyone else gets the reason as the form's message. */
async function instanceAdminOrMessage() {
  try {
    return await actionInstanceAdmin();
  } catch (error) {
    if (error instanceof ApiError) return error.message;
    throw error;
  }
}

export type CreateProjectState =
  | { status: "idle" }
  | { status: "error"; message: string; fieldErrors?: Record<string, string> }
  | { status: "created"; slug: string; name: string; token: string; tokenPrefix: string };

export async function createProjectAction(_previous: CreateProjectState, form: FormData): Promise<CreateProjectState> {
  const admin = await instanceAdminOrMessage();
  if (typeof admin === "string") return { status: "error", message: admin };
  const name = String(form.get("name") ?? "");
  const parsed = ProjectInput.safeParse({
    name,
    slug: String(form.get("slug") ?? "") || slugify(name),
    defaultBranch: String(form.get("defaultBranch") ?? "") || "main",
  });
  if (!parsed.success) {
    return {
      status: "error",
      message: "Please check the highlighted fields.",
      fieldErrors: Object.fromEntries(parsed.error.issues.map((i) => [String(i.path[0]), i.message])),
    };
  }
  const prisma = await getPrisma();
  if (await prisma.project.findUnique({ where: { slug: parsed.data.slug } })) {
    return { status: "error", message: `A project with the slug "${parsed.data.slug}" already exists.`, fieldErrors: { slug: "Already taken" } };
  }
  const project = await createProject(prisma, parsed.data, { withReportTeams: form.get("withReportTeams") === "on" });
  await recordAccountEvent(prisma, admin.email, "project.create", project.slug);
  const token = await createApiToken(prisma, project.id, "CI upload (created at onboarding)");
  return { status: "created", slug: project.slug, name: project.name, token: token.token, tokenPrefix: token.prefix };
}

export type DemoState = { status: "idle" } | { status: "error"; message: string } | { status: "loaded"; slug: string; runs: number };

/** Runs inside the server process: the embedded database allows one process, and this is it. */
export async function loadDemoAction(): Promise<DemoState> {
  const admin = await instanceAdminOrMessage();
  if (typeof admin === "string") return { status: "error", message: admin };
  try {
    const loaded = await loadDemoData(await getPrisma(), { classifier: defaultClassifier });
    return { status: "loaded", slug: loaded.projectSlug, runs: loaded.runs };
  } catch (error) {
    if (error instanceof DemoAlreadyLoadedError) return { status: "error", message: error.message };
    console.error("Loading demo data failed", error);
    return { status: "error", message: "Loading the demo data failed; see the server log." };
  }
}
