// POST /api/v1/runs – ingest report files into a run (multipart or raw body, streamed to disk).
import { withProblems } from "@/lib/api/errors";
import { uploadRun, uploadStatus } from "@/lib/api/runs";
import { getCache } from "@/lib/cache";
import { getPrisma } from "@/lib/db/client";
import { getEnv } from "@/lib/env.mjs";

export const dynamic = "force-dynamic";

export const POST = withProblems(async (request: Request) => {
  const env = getEnv();
  const body = await uploadRun(await getPrisma(), request, {
    publicUrl: env.GREENBOARD_PUBLIC_URL,
    maxBytes: env.GREENBOARD_MAX_UPLOAD_MB * 1024 * 1024,
    rateLimit: { cache: getCache(), perMinute: env.GREENBOARD_UPLOAD_RATE_PER_MINUTE },
    asyncBytes: env.GREENBOARD_ASYNC_BYTES,
  });
  return Response.json(body, { status: uploadStatus(body) });
});
