// GET  /api/v1/projects/{slug}/tokens – the project's upload tokens (never the secrets).
// POST /api/v1/projects/{slug}/tokens – create a token `{"name"}`; the answer is the only time its secret is shown.
import { withProblems } from "@/lib/api/errors";
import { readJson } from "@/lib/api/json";
import { createProjectToken, listProjectTokens, TokenInput } from "@/lib/db/admin";
import { getPrisma } from "@/lib/db/client";
import { authorizeProject } from "@/lib/auth/access";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ slug: string }> };

export const GET = withProblems(async (request: Request, context: Context) => {
  const { slug } = await context.params;
  await authorizeProject(request, await getPrisma(), slug, "admin");
  return Response.json({ tokens: await listProjectTokens(await getPrisma(), slug) });
});

export const POST = withProblems(async (request: Request, context: Context) => {
  const { slug } = await context.params;
  const access = await authorizeProject(request, await getPrisma(), slug, "admin");
  const input = await readJson(request, TokenInput);
  const token = await createProjectToken(await getPrisma(), slug, input, access.actor);
  return Response.json({ token }, { status: 201, headers: { "cache-control": "no-store" } });
});
