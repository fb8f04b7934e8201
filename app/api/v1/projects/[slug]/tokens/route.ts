// GET  /api/v1/projects/{slug}/tokens – the project's upload tokens (never the secrets).
// POST /api/v1/projects/{slug}/tokens – create a token `{"name"}`; the answer is the only time its secret is shown.
import { withProblems } from "@/lib/api/errors";
import { readJson } from "@/lib/api/json";
import { createProjectToken, listProjectTokens, TokenInput } from "@/lib/db/admin";
import { getPrisma } from "@/lib/db/client";
import { ANONYMOUS_ACTOR } from "@/lib/db/triage";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ slug: string }> };

export const GET = withProblems(async (_request: Request, context: Context) => {
  const { slug } = await context.params;
  return Response.json({ tokens: await listProjectTokens(await getPrisma(), slug) });
});

export const POST = withProblems(async (request: Request, context: Context) => {
  const { slug } = await context.params;
  const input = await readJson(request, TokenInput);
  const token = await createProjectToken(await getPrisma(), slug, input, ANONYMOUS_ACTOR);
  return Response.json({ token }, { status: 201, headers: { "cache-control": "no-store" } });
});
