// GET  /api/v1/projects/{slug}/rules/allure – the project's rules as Allure categories.json (`?defaults=true` adds the
//      default rulebook; `?download=1` answers the bare file as an attachment).
// POST /api/v1/projects/{slug}/rules/allure – import categories.json with a name → category mapping; queues reclassification.
import { z } from "zod";
import { withProblems } from "@/lib/api/errors";
import { readJson, searchParamsOf } from "@/lib/api/json";
import { importAllure } from "@/lib/api/rules";
import { getPrisma } from "@/lib/db/client";
import { AllureImport, exportAllureRules } from "@/lib/db/rules";
import { authorizeProject } from "@/lib/auth/access";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ slug: string }> };

const flag = z.enum(["true", "false", "1", "0"]).transform((v) => v === "true" || v === "1");
const ExportQuery = z.object({ defaults: flag.default(false), download: flag.default(false) });

export const GET = withProblems(async (request: Request, context: Context) => {
  const { slug } = await context.params;
  const access = await authorizeProject(request, await getPrisma(), slug, "viewer");
  const query = ExportQuery.parse(searchParamsOf(request));
  const prisma = await getPrisma();
  const exported = await exportAllureRules(prisma, access.projectId, { defaults: query.defaults });
  if (query.download) {
    return new Response(`${JSON.stringify(exported.categories, null, 2)}\n`, {
      headers: { "content-type": "application/json", "content-disposition": `attachment; filename="categories.json"` },
    });
  }
  return Response.json(exported);
});

export const POST = withProblems(async (request: Request, context: Context) => {
  const { slug } = await context.params;
  const access = await authorizeProject(request, await getPrisma(), slug, "admin");
  const prisma = await getPrisma();
  const projectId = access.projectId;
  const body = await readJson(request, AllureImport);
  const { value, job } = await importAllure(prisma, projectId, body, access.actor);
  return Response.json({ rules: value, job }, { status: 201 });
});
