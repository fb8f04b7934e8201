// The runs API: report uploads into a run, explicit completion, and the run figures both return.
import { randomUUID } from "node:crypto";
import { rm } from "node:fs/promises";
import { z } from "zod";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { loadProjectClassifier } from "@/lib/db/rules";
import { setIngestJobFiles } from "@/lib/db/ingest-jobs";
import { completeRun, ingest, IngestError, type Classifier, type RunMetadata } from "@/lib/ingest";
import { publishRunUpdated } from "@/lib/live/publish";
import { ArrivingFiles, ingestInBackground } from "./async-upload";
import { assertTokenProject, authenticateProjectToken, type TokenProject } from "./auth";
import type { RunCounts } from "@/lib/domain/vocabulary";
import { ApiError, zodIssues } from "./errors";
import { enforceRateLimit, type RateLimit } from "./rate-limit";
import { makeSpoolDir } from "./spools";
import { readSpoolFile, receiveUpload, withReceivedUpload, type UploadField } from "./upload";

export interface RunsApiOptions {
  /** Overrides the project's own rulebook (its rules, then the defaults), which is loaded when absent. */
  classifier?: Classifier;
  /** GREENBOARD_PUBLIC_URL; the request's origin when unset. */
  publicUrl?: string;
}

export interface UploadRunOptions extends RunsApiOptions {
  /** GREENBOARD_MAX_UPLOAD_MB in bytes, over the whole (decoded) body. */
  maxBytes: number;
  /** GREENBOARD_UPLOAD_RATE_PER_MINUTE, counted per token; none: unlimited. */
  rateLimit?: RateLimit;
  /** GREENBOARD_ASYNC_BYTES: larger uploads (received bytes) are ingested in the background (202); none: never. */
  asyncBytes?: number;
  /**
   * An upload announced above `asyncBytes` (UPLOAD_BYTES_HEADER, or the Content-Length of a body
   * without Content-Encoding) is stored while it is received, not after (receiveWhileIngesting).
   * Default: on PostgreSQL; not on the embedded database, whose one connection the ingestion would
   * hold for the whole transfer, the 202 waiting behind it.
   */
  receiveWhileIngesting?: boolean;
}

/**
 * The bytes of report files an uploader is about to send (before any Content-Encoding), sent by
 * `greenboard upload`: a hint that lets a large upload be stored while it arrives.
 */
export const UPLOAD_BYTES_HEADER = "x-greenboard-upload-bytes";

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
   * Test files present on the uploader's disk (`--test-files`): stored with the run; at completion
   * each one that produced no test case becomes a `missing` result.
   */
  testFiles: z.array(z.string().min(1).max(1000)).max(100_000).optional(),
  /** Those of `testFiles` whose code the uploader found all commented out. */
  commentedOutFiles: z.array(z.string().min(1).max(1000)).max(100_000).optional(),
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
  const commentedOutFiles: string[] = [];
  const unknown: string[] = [];
  for (const [name, rawValue] of fields) {
    const value = rawValue.trim();
    // CI templates expand unset variables to "": treat them as not given.
    if (value === "") continue;
    if (name.startsWith("label.")) labels[name.slice("label.".length)] = value;
    else if (name === "testFiles" || name === "testFiles[]") testFiles.push(value);
    else if (name === "commentedOutFiles" || name === "commentedOutFiles[]") commentedOutFiles.push(value);
    else if (SINGLE_FIELDS.has(name)) raw[name] = value;
    else if (!IGNORED_FIELDS.has(name)) unknown.push(name);
  }
  if (unknown.length > 0) {
    throw new ApiError("invalid_metadata", `Unknown metadata field${unknown.length > 1 ? "s" : ""}: ${unknown.join(", ")}`, {
      fields: unknown,
      known: [...SINGLE_FIELDS, "label.<name>", "testFiles", "commentedOutFiles"],
    });
  }
  if (Object.keys(labels).length > 0) raw.labels = labels;
  if (testFiles.length > 0) raw.testFiles = testFiles;
  if (commentedOutFiles.length > 0) raw.commentedOutFiles = commentedOutFiles;
  const parsed = UploadMetadata.safeParse(raw);
  if (!parsed.success) throw new ApiError("invalid_metadata", "The upload metadata is not valid", { errors: zodIssues(parsed.error) });
  return parsed.data;
}

// A file named only in commentedOutFiles is still a test file on disk.
function testFilesOf(metadata: UploadMetadata): RunMetadata["testFiles"] {
  const commentedOut = new Set(metadata.commentedOutFiles ?? []);
  const paths = new Set([...(metadata.testFiles ?? []), ...commentedOut]);
  return [...paths].map((path) => ({ path, commentedOut: commentedOut.has(path) ? true : metadata.commentedOutFiles ? false : null }));
}

/**
 * The upload's metadata — its query parameters, then its form fields — parsed and checked against
 * the token's project by `onFields`, which the receiver calls before the first file byte.
 */
function checkedMetadata(request: Request, auth: Pick<TokenProject, "projectSlug">) {
  const query = [...new URL(request.url).searchParams.entries()];
  let metadata: UploadMetadata | undefined;
  return {
    onFields(fields: UploadField[]): void {
      metadata = parseUploadMetadata([...query, ...fields]);
      assertTokenProject(auth, metadata.project);
    },
    checked(): UploadMetadata {
      if (!metadata) throw new Error("upload metadata was not checked");
      return metadata;
    },
  };
}

function toRunMetadata(metadata: UploadMetadata): RunMetadata {
  return {
    branch: metadata.branch ?? null,
    commitSha: metadata.commit ?? null,
    ciUrl: metadata.ciUrl ?? null,
    startedAt: metadata.startedAt ?? null,
    labels: metadata.labels ?? {},
    expectedShards: metadata.shards ?? null,
    testFiles: testFilesOf(metadata),
  };
}

export interface RunResponse extends RunCounts {
  id: string;
  runKey: string;
  url: string;
  status: "open" | "complete";
}

export interface AsyncUploadResponse {
  run: RunResponse;
  job: { id: string; status: "queued" | "running" | "done" | "failed"; statusUrl: string };
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
export async function uploadRun(prisma: PrismaClient, request: Request, options: UploadRunOptions): Promise<UploadRunResponse | AsyncUploadResponse> {
  const auth = await authenticateProjectToken(prisma, request);
  await enforceRateLimit(options.rateLimit, auth.tokenId);
  const { asyncBytes } = options;
  if (asyncBytes !== undefined && announcedBytes(request) > asyncBytes && (options.receiveWhileIngesting ?? (await onPostgres()))) {
    return receiveWhileIngesting(prisma, request, auth, options);
  }
  return receiveAndIngest(prisma, request, auth, options, asyncBytes);
}

async function onPostgres(): Promise<boolean> {
  const { getDatabase } = await import("@/lib/db/client");
  return (await getDatabase()).target.kind === "postgres";
}

/** What the uploader said it will send (UPLOAD_BYTES_HEADER, else an unencoded body's length); NaN if nothing. */
function announcedBytes(request: Request): number {
  const hinted = request.headers.get(UPLOAD_BYTES_HEADER);
  if (hinted !== null && /^\d+$/.test(hinted.trim())) return Number(hinted);
  const encoding = request.headers.get("content-encoding")?.trim().toLowerCase();
  const length = request.headers.get("content-length");
  return (!encoding || encoding === "identity") && length !== null && /^\d+$/.test(length.trim()) ? Number(length) : NaN;
}

/**
 * A large upload (announced above GREENBOARD_ASYNC_BYTES) stored while it arrives: its run and
 * job are made when its first file starts, and the job reads each file as it is spooled
 * (readGrowingFile) instead of after the last byte. The answer is the same 202 once the body is
 * in. If the body fails (the client goes away, too large, a field after a file), the job fails
 * with it and rolls back, and its row and the run made for it are removed before the error is
 * answered: nothing of the upload stays.
 */
async function receiveWhileIngesting(
  prisma: PrismaClient,
  request: Request,
  auth: Pick<TokenProject, "projectId" | "projectSlug">,
  options: UploadRunOptions,
): Promise<AsyncUploadResponse> {
  const { onFields, checked } = checkedMetadata(request, auth);
  const dir = await makeSpoolDir();
  const arriving = new ArrivingFiles();
  let settleReceived!: () => void;
  const received = new Promise<void>((resolve) => (settleReceived = resolve));
  let queued: Promise<{ runId: string; jobId: string; ended: Promise<void> }> | null = null;
  let failed = false;
  const queue = async () => {
    const metadata = checked();
    const classifier = options.classifier ?? (await loadProjectClassifier(prisma, auth.projectId));
    const background = await ingestInBackground(prisma, {
      projectId: auth.projectId,
      runKey: metadata.runKey ?? randomUUID(),
      metadata: toRunMetadata(metadata),
      completed: metadata.completed,
      files: arriving,
      dir,
      received,
      // A progress total until the body is in (setIngestJobFiles); never above what may arrive.
      totalBytes: Math.min(announcedBytes(request), options.maxBytes),
      classifier,
    });
    background.start();
    return background;
  };
  let upload: Awaited<ReturnType<typeof receiveUpload>>;
  let started: { runId: string; jobId: string };
  try {
    upload = await receiveUpload(request, dir, {
      maxBytes: options.maxBytes,
      onFields,
      onFileStart: (file, growth) => {
        // Nothing may start for a file once the request has failed.
        if (failed) return;
        arriving.push(file, growth);
        queued ??= queue();
        // Failures are answered below, once the body is in or has failed.
        queued.catch(() => undefined);
      },
    });
    if (!queued) throw new IngestError("empty-upload", "No report files in the upload");
    started = await queued;
    arriving.end();
  } catch (error) {
    failed = true;
    arriving.fail(error);
    settleReceived();
    const job = await (queued as Promise<{ jobId: string; ended: Promise<void> }> | null)?.catch(() => null);
    if (job) {
      // The job fails with the upload's error and cleans up after itself (spool, empty run); then its row goes.
      await job.ended;
      await prisma.job.deleteMany({ where: { id: job.jobId } });
    } else {
      await rm(dir, { recursive: true, force: true, maxRetries: 3 });
    }
    // Making the run or job failed (the database is down): that is the answer, not what it did to the body.
    if (queued && !job) await queued;
    throw error;
  }
  // The body is in and its job has every file: from here the upload is stored whatever becomes of
  // this answer, as when the job starts after the whole body is spooled (receiveAndIngest).
  try {
    const { runId, jobId } = started;
    const status = await setIngestJobFiles(prisma, jobId, upload.files.reduce((sum, file) => sum + file.size, 0), upload.files.map((file) => file.filename));
    const baseUrl = baseUrlFor(request, options.publicUrl);
    const run = await getRunResponse(prisma, runId, auth.projectSlug, baseUrl);
    return { run, job: { id: jobId, status, statusUrl: `${baseUrl}/api/v1/jobs/${encodeURIComponent(jobId)}` } };
  } finally {
    // Only now may a job that failed already remove its empty run (and the spool): the answer named it.
    settleReceived();
  }
}

/**
 * The upload flow for a project already authorised by the caller: the bearer token's (above), or
 * the dashboard's same-origin browser upload (docs/decisions.md). Publishes a live update after ingest.
 */
export async function uploadRunForProject(
  prisma: PrismaClient,
  request: Request,
  auth: Pick<TokenProject, "projectId" | "projectSlug">,
  options: UploadRunOptions,
): Promise<UploadRunResponse> {
  const body = await receiveAndIngest(prisma, request, auth, options, undefined);
  if ("job" in body) throw new Error("a synchronous upload was answered asynchronously");
  return body;
}

/** Above `asyncBytes` of received files, the ingestion runs as a background job and the answer names it (202). */
async function receiveAndIngest(
  prisma: PrismaClient,
  request: Request,
  auth: Pick<TokenProject, "projectId" | "projectSlug">,
  options: UploadRunOptions,
  asyncBytes: number | undefined,
): Promise<UploadRunResponse | AsyncUploadResponse> {
  const { onFields, checked } = checkedMetadata(request, auth);
  const outcome = await withReceivedUpload(request, { maxBytes: options.maxBytes, onFields }, async (upload, keep) => {
    const metadata = checked();
    const classifier = options.classifier ?? (await loadProjectClassifier(prisma, auth.projectId));
    const runKey = metadata.runKey ?? randomUUID();
    const bytes = upload.files.reduce((sum, file) => sum + file.size, 0);
    if (asyncBytes !== undefined && upload.files.length > 0 && bytes > asyncBytes) {
      const queued = await ingestInBackground(prisma, {
        projectId: auth.projectId,
        runKey,
        metadata: toRunMetadata(metadata),
        completed: metadata.completed,
        files: upload.files,
        dir: keep(),
        totalBytes: bytes,
        classifier,
      });
      return { queued };
    }
    return ingest(
      prisma,
      {
        projectId: auth.projectId,
        runKey,
        metadata: toRunMetadata(metadata),
        files: upload.files.map((file) => ({ filename: file.filename, source: readSpoolFile(file.path), sha256: file.sha256 })),
        completed: metadata.completed,
      },
      { classifier },
    );
  });
  const baseUrl = baseUrlFor(request, options.publicUrl);
  if ("queued" in outcome) {
    const { runId, jobId, start } = outcome.queued;
    try {
      return {
        run: await getRunResponse(prisma, runId, auth.projectSlug, baseUrl),
        job: { id: jobId, status: "queued", statusUrl: `${baseUrl}/api/v1/jobs/${encodeURIComponent(jobId)}` },
      };
    } finally {
      start();
    }
  }
  const result = outcome;
  await publishRunUpdated(prisma, result.runId);
  return {
    run: await getRunResponse(prisma, result.runId, auth.projectSlug, baseUrl),
    uploads: result.uploads.map((u) => ({ filename: u.filename, sha256: u.sha256, duplicate: u.duplicate, tests: u.tests, notes: u.notes })),
  };
}

/** 202 when queued; 201 when the upload stored something; 200 when every file was one the run already had (a retry). */
export function uploadStatus(body: UploadRunResponse | AsyncUploadResponse): 200 | 201 | 202 {
  if ("job" in body) return 202;
  return body.uploads.length > 0 && body.uploads.every((upload) => upload.duplicate) ? 200 : 201;
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
  if (!run) throw new ApiError("not_found", `Run "${runId}" does not exist in project "${auth.projectSlug}"`);
  const classifier = options.classifier ?? (await loadProjectClassifier(prisma, auth.projectId));
  await completeRun(prisma, run.id, { classifier, actor: `token:${auth.tokenPrefix}` });
  await publishRunUpdated(prisma, run.id);
  return { run: await getRunResponse(prisma, run.id, auth.projectSlug, baseUrlFor(request, options.publicUrl)) };
}
