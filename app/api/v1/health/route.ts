// GET /api/v1/health – liveness and dependency status (database, cache). Never waits on Redis.
import { getCache } from "@/lib/cache";
import { getDatabase } from "@/lib/db/client";
import { withProblems } from "@/lib/api/errors";

export const dynamic = "force-dynamic";

export const GET = withProblems(async () => {
  const db = await getDatabase();
  const started = performance.now();
  await db.sql.query("SELECT 1");
  const cache = getCache().health();
  return Response.json({
    status: "ok",
    database: { kind: db.target.kind, latencyMs: Math.round(performance.now() - started) },
    cache: { kind: cache.kind, connected: cache.connected, degraded: cache.kind === "redis" && !cache.connected },
  });
});
