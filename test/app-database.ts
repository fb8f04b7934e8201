// What route-handler tests share: a fresh database (lib/db/testing) that the app's handlers use
// (setDatabase), optionally holding the first N runs of the demo story.
import { setDatabase } from "@/lib/db/client";
import type { Database } from "@/lib/db/connection";
import { settleBackgroundJobs } from "@/lib/db/jobs";
import { createTestDatabase } from "@/lib/db/testing";
import { loadDemoData } from "@/lib/demo/load";
import { defaultClassifier } from "@/lib/ingest/default-classifier";

export async function openAppDatabase(options: { demoRuns?: number } = {}): Promise<Database> {
  const db = await createTestDatabase();
  setDatabase(db);
  if (options.demoRuns) await loadDemoData(db.prisma, { classifier: defaultClassifier, runs: options.demoRuns });
  return db;
}

/** Lets background jobs the handlers started (reclassify, ownership) finish first: closing the pool under a running job hangs. */
export async function closeAppDatabase(db: Database | undefined): Promise<void> {
  await settleBackgroundJobs();
  setDatabase(undefined);
  await db?.close();
}
