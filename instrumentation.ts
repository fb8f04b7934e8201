// Next.js calls register() once per server process: start the loop that completes idle runs, and
// sweep the upload spools stopped server processes left in the temporary directory.
const SPOOL_SWEEP_MS = 60 * 60_000;

export async function register() {
  // Only the Node.js server (not the edge runtime, not `next build`'s workers) owns the database.
  if (process.env.NEXT_RUNTIME !== "nodejs" || process.env.NEXT_PHASE === "phase-production-build") return;
  const { startIdleRunCompletion } = await import("./lib/ingest/idle-runs");
  startIdleRunCompletion({ intervalMs: 60_000 });
  const { removeAbandonedSpools } = await import("./lib/api/spools");
  const sweep = () =>
    removeAbandonedSpools().then(
      (removed) => removed.length > 0 && console.info(`Removed ${removed.length} upload spool(s) stopped server processes left behind: ${removed.join(", ")}`),
      (error: unknown) => console.error("Sweeping upload spools failed", error),
    );
  void sweep();
  setInterval(() => void sweep(), SPOOL_SWEEP_MS).unref();
}
