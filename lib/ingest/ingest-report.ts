import { randomUUID } from "node:crypto";
import type { ByteSource, MergedCase } from "@/lib/junit";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import type { Classification, Classifier } from "./classifier";
import { IngestError } from "./errors";
import { parseUpload, type ParsedUpload } from "./parse-upload";
import { refreshRunFigures } from "./run-figures";
import { insertRows, placeholders, type Db } from "./sql";

export interface RunMetadata {
  branch?: string | null;
  commitSha?: string | null;
  ciUrl?: string | null;
  startedAt?: Date | null;
  labels?: Record<string, string>;
  /** Announced number of shards: the run completes once that many distinct uploads arrived. */
  expectedShards?: number | null;
}

export interface UploadFile {
  filename: string;
  source: ByteSource;
}

export interface IngestUploadSummary {
  filename: string;
  sha256: string;
  duplicate: boolean;
  tests: number;
  notes: string[];
}

export interface IngestResult {
  runId: string;
  runKey: string;
  uploads: IngestUploadSummary[];
}

export interface IngestOptions {
  classifier: Classifier;
  /** Clock for tests and the demo generator (results dated in the past). */
  now?: Date;
}

/**
 * Stores report files into the run `runKey` of a project — creating it `open`, or reopening a
 * completed one — in ONE transaction: every file is parsed first, so a malformed file rejects the
 * whole request and nothing is stored. A file whose sha256 the run already has is acknowledged
 * and not counted twice. Concurrent shards serialise on the run row (the upsert locks it), so
 * totals stay exact.
 */
export async function ingestReports(
  prisma: PrismaClient,
  projectId: string,
  runKey: string,
  metadata: RunMetadata,
  files: UploadFile[],
  options: IngestOptions,
): Promise<IngestResult> {
  if (files.length === 0) throw new IngestError("empty-upload", "No report files in the upload");
  const parsed: ParsedUpload[] = [];
  for (const file of files) parsed.push(await parseUpload(file.filename, file.source));
  const now = options.now ?? new Date();

  return prisma.$transaction(
    async (tx) => {
      const runId = await upsertRun(tx, projectId, runKey, metadata, now);
      const uploads: IngestUploadSummary[] = [];
      for (const upload of parsed) {
        const uploadId = await insertUpload(tx, runId, upload, now);
        const summary = { filename: upload.filename, sha256: upload.sha256, tests: upload.cases.length, notes: upload.notes };
        if (!uploadId) {
          uploads.push({ ...summary, duplicate: true });
          continue;
        }
        await storeCases(tx, projectId, runId, uploadId, upload.cases, options.classifier, now);
        uploads.push({ ...summary, duplicate: false });
      }
      await refreshRunFigures(tx, runId);
      return { runId, runKey, uploads };
    },
    { timeout: 300_000, maxWait: 60_000 },
  );
}

async function upsertRun(tx: Db, projectId: string, runKey: string, metadata: RunMetadata, now: Date): Promise<string> {
  const rows = await tx.$queryRawUnsafe<{ id: string }[]>(
    `INSERT INTO runs (id, "projectId", "runKey", status, branch, "commitSha", "ciUrl", labels, "expectedShards", "startedAt", "lastUploadAt", "createdAt")
     VALUES ($1, $2, $3, 'open', $4, $5, $6, $7::jsonb, $8, $9, $10, $10)
     ON CONFLICT ("projectId", "runKey") DO UPDATE SET
       status = 'open',
       "completedAt" = NULL,
       "lastUploadAt" = EXCLUDED."lastUploadAt",
       branch = COALESCE(runs.branch, EXCLUDED.branch),
       "commitSha" = COALESCE(runs."commitSha", EXCLUDED."commitSha"),
       "ciUrl" = COALESCE(runs."ciUrl", EXCLUDED."ciUrl"),
       labels = runs.labels || EXCLUDED.labels,
       "expectedShards" = COALESCE(EXCLUDED."expectedShards", runs."expectedShards")
     RETURNING id`,
    randomUUID(),
    projectId,
    runKey,
    metadata.branch ?? null,
    metadata.commitSha ?? null,
    metadata.ciUrl ?? null,
    JSON.stringify(metadata.labels ?? {}),
    metadata.expectedShards ?? null,
    metadata.startedAt ?? now,
    now,
  );
  const id = rows[0]?.id;
  if (!id) throw new Error("run upsert returned no row");
  return id;
}

async function insertUpload(tx: Db, runId: string, upload: ParsedUpload, now: Date): Promise<string | null> {
  const rows = await tx.$queryRawUnsafe<{ id: string }[]>(
    `INSERT INTO uploads (id, "runId", sha256, filename, size, status, tests, "createdAt")
     VALUES ($1, $2, $3, $4, $5, 'stored', $6, $7)
     ON CONFLICT ("runId", sha256) DO NOTHING
     RETURNING id`,
    randomUUID(),
    runId,
    upload.sha256,
    upload.filename,
    upload.size,
    upload.cases.length,
    now,
  );
  return rows[0]?.id ?? null;
}

interface ClassifiedCase {
  parsed: MergedCase;
  verdict: Classification | null;
}

async function storeCases(
  tx: Db,
  projectId: string,
  runId: string,
  uploadId: string,
  cases: MergedCase[],
  classifier: Classifier,
  now: Date,
): Promise<void> {
  if (cases.length === 0) return;
  const testIds = await upsertTests(tx, projectId, cases, now);
  const classified: ClassifiedCase[] = cases.map((parsed) => ({
    parsed,
    verdict:
      parsed.status === "failed" || parsed.status === "error"
        ? classifier.classify({
            status: parsed.status,
            type: parsed.type,
            message: parsed.message,
            trace: parsed.trace,
            file: parsed.file,
            name: parsed.name,
            classname: parsed.classname,
          })
        : null,
  }));
  const groupIds = await upsertGroups(tx, projectId, runId, classified, now);

  await insertRows(tx, classified, {
    prefix: `INSERT INTO results ("runId", "testId", "uploadId", status, "durationMs", type, message, trace, truncated, flaky, attempts, category, "ruleId", "failureGroupId", "createdAt")`,
    columns: 15,
    row: placeholders(["", "", "", '"ResultStatus"', "float8", "", "", "", "", "", "int", '"Category"', "", "", "timestamptz"]),
    values: ({ parsed, verdict }) => [
      runId,
      testIds.get(parsed.key),
      uploadId,
      parsed.status,
      parsed.durationMs,
      parsed.type,
      parsed.message,
      parsed.trace,
      parsed.messageTruncated || parsed.traceTruncated,
      parsed.flaky,
      parsed.attemptCount,
      verdict?.category ?? null,
      verdict?.ruleId ?? null,
      verdict ? groupIds.get(verdict.fingerprint) : null,
      now,
    ],
    // The same test in two shards of one run: keep the more severe outcome (the failing shard wins).
    suffix: `ON CONFLICT ("runId", "testId") DO UPDATE SET
      status = EXCLUDED.status, "durationMs" = EXCLUDED."durationMs", type = EXCLUDED.type, message = EXCLUDED.message,
      trace = EXCLUDED.trace, truncated = EXCLUDED.truncated, category = EXCLUDED.category, "ruleId" = EXCLUDED."ruleId",
      "failureGroupId" = EXCLUDED."failureGroupId", "uploadId" = EXCLUDED."uploadId",
      attempts = results.attempts + EXCLUDED.attempts, flaky = results.flaky OR EXCLUDED.flaky
      WHERE ${severityRank("EXCLUDED.status")} > ${severityRank("results.status")}`,
  });
}

function severityRank(column: string): string {
  return `(CASE ${column} WHEN 'error' THEN 4 WHEN 'failed' THEN 3 WHEN 'missing' THEN 3 WHEN 'skipped' THEN 1 ELSE 0 END)`;
}

async function upsertTests(tx: Db, projectId: string, cases: MergedCase[], now: Date): Promise<Map<string, string>> {
  const rows = await insertRows<MergedCase, { id: string; key: string }>(tx, cases, {
    prefix: `INSERT INTO tests (id, "projectId", key, name, classname, suite, file, "firstSeenAt", "lastSeenAt")`,
    columns: 9,
    row: placeholders(["", "", "", "", "", "", "", "timestamptz", "timestamptz"]),
    values: (c) => [randomUUID(), projectId, c.key, c.name, c.classname, c.suite, c.file, now, now],
    suffix: `ON CONFLICT ("projectId", key) DO UPDATE SET
      "lastSeenAt" = GREATEST(tests."lastSeenAt", EXCLUDED."lastSeenAt"),
      "firstSeenAt" = LEAST(tests."firstSeenAt", EXCLUDED."firstSeenAt"),
      file = COALESCE(EXCLUDED.file, tests.file),
      suite = COALESCE(EXCLUDED.suite, tests.suite)
      RETURNING id, key`,
  });
  return new Map(rows.map((r) => [r.key, r.id]));
}

/**
 * One row per fingerprint: created `new` and assigned to the team owning its category, or
 * updated (last seen, occurrences). A `fixed`/`resolved` group that appears again goes back to
 * `new` with the `regressed` flag.
 */
async function upsertGroups(
  tx: Db,
  projectId: string,
  runId: string,
  cases: ClassifiedCase[],
  now: Date,
): Promise<Map<string, string>> {
  const byFingerprint = new Map<string, { verdict: Classification; sample: MergedCase; count: number }>();
  for (const { parsed, verdict } of cases) {
    if (!verdict) continue;
    const entry = byFingerprint.get(verdict.fingerprint);
    if (entry) entry.count++;
    else byFingerprint.set(verdict.fingerprint, { verdict, sample: parsed, count: 1 });
  }
  const groups = [...byFingerprint.values()];
  const rows = await insertRows<(typeof groups)[number], { id: string; fingerprint: string }>(tx, groups, {
    prefix: `INSERT INTO failure_groups (id, "projectId", fingerprint, category, "failureType", title, status, "ruleId",
      "exampleMessage", "exampleTrace", "firstSeenRunId", "lastSeenRunId", "firstSeenAt", "lastSeenAt", occurrences, "assigneeTeamId", "createdAt", "updatedAt")`,
    columns: 16,
    row: (first) => {
      const p = (i: number) => `$${first + i}`;
      return `(${p(0)}, ${p(1)}, ${p(2)}, ${p(3)}::"Category", ${p(4)}, ${p(5)}, 'new', ${p(6)}, ${p(7)}, ${p(8)}, ${p(9)}, ${p(9)},
        ${p(10)}::timestamptz, ${p(10)}::timestamptz, ${p(11)}::int,
        (SELECT o."teamId" FROM ownership_rules o WHERE o."projectId" = ${p(1)} AND o.kind = 'category' AND o.category = ${p(3)}::"Category" ORDER BY o.position LIMIT 1),
        ${p(10)}::timestamptz, ${p(10)}::timestamptz)`;
    },
    values: ({ verdict, sample, count }) => [
      randomUUID(),
      projectId,
      verdict.fingerprint,
      verdict.category,
      sample.type,
      verdict.title,
      verdict.ruleId,
      sample.message,
      sample.trace,
      runId,
      now,
      count,
    ],
    suffix: `ON CONFLICT ("projectId", fingerprint) DO UPDATE SET
      "lastSeenAt" = GREATEST(failure_groups."lastSeenAt", EXCLUDED."lastSeenAt"),
      "lastSeenRunId" = EXCLUDED."lastSeenRunId",
      occurrences = failure_groups.occurrences + EXCLUDED.occurrences,
      "exampleMessage" = EXCLUDED."exampleMessage",
      "exampleTrace" = EXCLUDED."exampleTrace",
      regressed = failure_groups.regressed OR failure_groups.status IN ('fixed', 'resolved'),
      status = CASE WHEN failure_groups.status IN ('fixed', 'resolved') THEN 'new'::"GroupStatus" ELSE failure_groups.status END,
      "updatedAt" = EXCLUDED."updatedAt"
      RETURNING id, fingerprint`,
  });
  return new Map(rows.map((r) => [r.fingerprint, r.id]));
}
