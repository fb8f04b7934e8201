// GET /api/v1/openapi.json – the OpenAPI 3.1 document of this API, built from the routes' zod schemas.
import { withProblems } from "@/lib/api/errors";
import { buildOpenApiDocument } from "@/lib/api/openapi";
import { baseUrlFor } from "@/lib/api/runs";
import { getEnv } from "@/lib/env.mjs";

export const dynamic = "force-dynamic";

export const GET = withProblems(async (request: Request) => {
  const document = buildOpenApiDocument({ serverUrl: baseUrlFor(request, getEnv().GREENBOARD_PUBLIC_URL) });
  return Response.json(document, { headers: { "cache-control": "public, max-age=300" } });
});
