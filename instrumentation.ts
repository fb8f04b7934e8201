// Next.js calls register() once per server process: start the loop that completes idle runs.
export async function register() {
  // Only the Node.js server (not the edge runtime, not `next build`'s workers) owns the database.
  if (process.env.NEXT_RUNTIME !== "nodejs" || process.env.NEXT_PHASE === "phase-production-build") return;
  const { startIdleRunCompletion } = await import("./lib/ingest/idle-runs");
  startIdleRunCompletion({ intervalMs: 60_000 });
}
