// The runs API: report uploads into a run, explicit completion, and the run figures both return.
import { randomUUID } from "node:crypto";
import { createReadStream } from "node:fs";
import { z } from "zod";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { completeRun, ingest, type Classifier, type RunMetadata } from "@/lib/ingest";
import { assertTokenProject, authenticateProjectToken } from "./auth";
import type { RunCounts } from "@/lib/domain/vocabulary";
import { ApiError } from "./errors";
import { withReceivedUpload, type UploadField } from "./upload";

export interface RunsApiOptions {
  classifier: Classifier;
  /** GREENBOARD_PUBLIC_URL; the request's origin when unset. */
  publicUrl?: string;
}

export interface UploadRunOptions extends RunsApiOptions {
  /** GREENBOARD_MAX_UPLOAD_MB in bytes, over the whole (decoded) body. */
  maxBytes: number;
}

/** Metadata of an upload, from query parameters and form fields (form fields win). */
export const UploadMetadata = z.object({
  /** Optional check: the slug of the project the uploader means; must be the token's. */
  project: z.string().max(100).optional(),
  runKey: z.string().max(200).optional(),
  branch: z.string().max(200).optional(),
  commit: z.string().max(100).optional(),
  ciUrl: z.url({ protocol: /^https?$/ }).max(2000).optional(),
  startedAt: z.iso
    .datetime({ offset: true })
    .transform((value) => new Date(value))
    .optional(),
  shards: z.coerce.number().int().min(1).max(10_000).optional(),
  completed: z
    .enum(["true", "false", "1", "0"])
    .transform((value) => value === "true" || value === "1")
    .optional(),
  /**
   * Test files present on the uploader's disk. Accepted and validated, not stored yet: detecting
   * files that reported no tests is the classification issue's (docs/decisions.md).
   */
  testFiles: z.array(z.string().min(1).max(1000)).max(100_000).optional(),
  labels: z.record(z.string().min(1).max(100), z.string().max(1000)).optional(),
});
export type UploadMetadata = z.infer<typeof UploadMetadata>;

const SINGLE_FIELDS = new Set(["project", "runKey", "branch", "commit", "ciUrl", "startedAt", "shards", "completed"]);
// Not metadata: the raw body's file name, read by lib/api/upload.ts.
const IGNORED_FIELDS = new Set(["filename"]);

/** Folds fields into metadata: `label.<name>` labels, repeatable `testFiles`, empty values as absent. */
export function parseUploadMetadata(fields: readonly UploadField[]): UploadMetadata {
  const raw: Record<string, unknown> = {};
  const labels: Record<string, string> = {};
  const testFiles: string[] = [];
  const unknown: string[] = [];
  for (const [name, rawValue] of fields) {
    const value = rawValue.trim();
    // CI templates expand unset variables to "": treat them as not given.
    if (value === "") continue;
    if (name.startsWith("label.")) labels[name.slice("label.".length)] = value;
    else if (name === "testFiles" || name === "testFiles[]") testFiles.push(value);
    else if (SINGLE_FIELDS.has(name)) raw[name] = value;
    else if (!IGNORED_FIELDS.has(name)) unknown.push(name);
  }
  if (unknown.length > 0) {
    throw new ApiError("bad-request", `Unknown metadata field${unknown.length > 1 ? "s" : ""}: ${unknown.join(", ")}`, {
      fields: unknown,
      known: [...SINGLE_FIELDS, "label.<name>", "testFiles"],
    });
  }
  if (Object.keys(labels).length > 0) raw.labels = labels;
  if (testFiles.length > 0) raw.testFiles = testFiles;
  return UploadMetadata.parse(raw);
}

function toRunMetadata(metadata: UploadMetadata): RunMetadata {
  return {
    branch: metadata.branch ?? null,
    commitSha: metadata.commit ?? null,
    ciUrl: metadata.ciUrl ?? null,
    startedAt: metadata.startedAt ?? null,
    labels: metadata.labels ?? {},
    expectedShards: metadata.shards ?? null,
  };
}

export interface RunResponse extends RunCounts {
  id: string;
  runKey: string;
  url: string;
  status: "open" | "complete";
}

export interface UploadRunResponse {
  run: RunResponse;
  uploads: { filename: string; sha256: string; duplicate: boolean; tests: number; notes: string[] }[];
}

/** Where links point: the configured public URL, else the origin the client used. */
export function baseUrlFor(request: Request, publicUrl: string | undefined): string {
  if (publicUrl) return publicUrl.replace(/\/+$/, "");
  const url = new URL(request.url);
  const host = request.headers.get("x-forwarded-host")?.split(",")[0]?.trim();
  const proto = request.headers.get("x-forwarded-proto")?.split(",")[0]?.trim();
  return host ? `${proto || url.protocol.replace(/:$/, "")}://${host}` : url.origin;
}

/** The run's current figures and dashboard link. */
export async function getRunResponse(prisma: PrismaClient, runId: string, projectSlug: string, baseUrl: string): Promise<RunResponse> {
  const run = await prisma.run.findUniqueOrThrow({
    where: { id: runId },
    select: { id: true, runKey: true, status: true, tests: true, passed: true, failed: true, errors: true, skipped: true, missing: true, passRate: true },
  });
  return {
    id: run.id,
    runKey: run.runKey,
    url: `${baseUrl}/p/${encodeURIComponent(projectSlug)}/runs/${encodeURIComponent(run.id)}`,
    status: run.status,
    tests: run.tests,
    passed: run.passed,
    failed: run.failed,
    errors: run.errors,
    skipped: run.skipped,
    missing: run.missing,
    passRate: run.passRate,
  };
}

/**
 * POST /api/v1/runs: authenticates, streams the files to disk (metadata checked before the first
 * file byte), ingests them in one transaction and answers with the run's figures.
 */
export async function uploadRun(prisma: PrismaClient, request: Request, options: UploadRunOptions): Promise<UploadRunResponse> {
  const auth = await authenticateProjectToken(prisma, request);
  const query = [...new URL(request.url).searchParams.entries()];
  let metadata: UploadMetadata | undefined;
  const onFields = (fields: UploadField[]) => {
    metadata = parseUploadMetadata([...query, ...fields]);
    assertTokenProject(auth, metadata.project);
  };
  const result = await withReceivedUpload(request, { maxBytes: options.maxBytes, onFields }, async (upload) => {
    if (!metadata) throw new Error("upload metadata was not checked");
    return ingest(
      prisma,
      {
        projectId: auth.projectId,
        runKey: metadata.runKey ?? randomUUID(),
        metadata: toRunMetadata(metadata),
        files: upload.files.map((file) => ({ filename: file.filename, source: createReadStream(file.path, { highWaterMark: 256 * 1024 }) })),
        completed: metadata.completed,
      },
      { classifier: options.classifier },
    );
  });
  return {
    run: await getRunResponse(prisma, result.runId, auth.projectSlug, baseUrlFor(request, options.publicUrl)),
    uploads: result.uploads.map((u) => ({ filename: u.filename, sha256: u.sha256, duplicate: u.duplicate, tests: u.tests, notes: u.notes })),
  };
}

/** POST /api/v1/runs/{id}/complete: the run must be the token's project's (else 404, not 403: ids are not revealed). */
export async function completeRunForToken(
  prisma: PrismaClient,
  request: Request,
  runId: string,
  options: RunsApiOptions,
): Promise<{ run: RunResponse }> {
  const auth = await authenticateProjectToken(prisma, request);
  const run = await prisma.run.findFirst({ where: { id: runId, projectId: auth.projectId }, select: { id: true } });
  if (!run) throw new ApiError("not-found", `Run "${runId}" does not exist in project "${auth.projectSlug}"`);
  await completeRun(prisma, run.id, { classifier: options.classifier, actor: `token:${auth.tokenPrefix}` });
  return { run: await getRunResponse(prisma, run.id, auth.projectSlug, baseUrlFor(request, options.publicUrl)) };
}
