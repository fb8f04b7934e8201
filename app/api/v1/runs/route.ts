// POST /api/v1/runs – ingest report files into a run (multipart or raw body, streamed to disk).
import { withProblems } from "@/lib/api/errors";
import { uploadRun } from "@/lib/api/runs";
import { getPrisma } from "@/lib/db/client";
import { getEnv } from "@/lib/env.mjs";
import { defaultClassifier } from "@/lib/ingest/default-classifier";

export const dynamic = "force-dynamic";

export const POST = withProblems(async (request: Request) => {
  const env = getEnv();
  const body = await uploadRun(await getPrisma(), request, {
    classifier: defaultClassifier,
    publicUrl: env.GREENBOARD_PUBLIC_URL,
    maxBytes: env.GREENBOARD_MAX_UPLOAD_MB * 1024 * 1024,
  });
  return Response.json(body, { status: 201 });
});
