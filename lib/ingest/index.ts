// lib/ingest — parse → classify → store, one transaction per request; the run lifecycle.
import type { PrismaClient } from "@/lib/generated/prisma/client";
import type { Classifier } from "./classifier";
import { ingestReports, type IngestResult, type RunMetadata, type UploadFile } from "./ingest-report";

export { completeIdleRuns, completeRun } from "./complete-run";
export type { CompleteRunResult } from "./complete-run";
export { IngestError } from "./errors";
export type { IngestErrorCode } from "./errors";
export { ingestReports } from "./ingest-report";
export type { IngestResult, IngestUploadSummary, RunMetadata, UploadFile } from "./ingest-report";
export type { Classifier, Classification, ClassifierInput } from "./classifier";

export interface IngestRequest {
  projectId: string;
  runKey: string;
  metadata?: RunMetadata;
  /** The files, or — for an upload stored while it arrives — each as it starts to arrive. */
  files: UploadFile[] | AsyncIterable<UploadFile>;
  /** The uploader says this was the last report of the run. */
  completed?: boolean;
}

/**
 * The one path from bytes to database used by the upload API, the demo loader and tests: store
 * the files and, when the uploader says so or the announced shards have all arrived, complete the
 * run — all in one transaction.
 */
export async function ingest(
  prisma: PrismaClient,
  request: IngestRequest,
  options: { classifier: Classifier; now?: Date },
): Promise<IngestResult> {
  return ingestReports(prisma, request.projectId, request.runKey, request.metadata ?? {}, request.files, { ...options, complete: request.completed === true });
}
