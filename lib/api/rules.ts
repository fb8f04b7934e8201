// The rules API: a project's classification rules, trying one before saving, Allure
// categories.json import/export. Every change queues a reclassification job and starts it in the
// background; the response carries the job so the caller can follow its progress.
import { isClassifyError } from "@/lib/classify";
import { startJobInBackground } from "@/lib/db/jobs";
import { importAllureRules, type AllureImport, type RuleChange } from "@/lib/db/rules";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { runReclassifyJob } from "@/lib/ingest/reclassify";
import { ApiError } from "./errors";

export interface QueuedJob {
  id: string;
  kind: "reclassify";
}

/** Starts the change's reclassification job (fire-and-forget) and returns the change with the job. */
export async function startReclassify<T>(prisma: PrismaClient, projectId: string, change: Promise<RuleChange<T>>): Promise<{ value: T; job: QueuedJob }> {
  const { value, jobId } = await change;
  startJobInBackground(projectId, () => runReclassifyJob(prisma, jobId));
  return { value, job: { id: jobId, kind: "reclassify" } };
}

/** Imports categories.json; a bad file (JSON, shape, regex) is a 400 problem naming what is wrong. */
export async function importAllure(prisma: PrismaClient, projectId: string, body: AllureImport, actor: string) {
  try {
    return await startReclassify(prisma, projectId, importAllureRules(prisma, projectId, body, actor));
  } catch (error) {
    if (isClassifyError(error)) throw new ApiError("bad_request", error.message, { reason: error.code, ...(error.ruleId ? { ruleId: error.ruleId } : {}) });
    throw error;
  }
}
