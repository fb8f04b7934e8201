// Zod schemas of the HTTP API that are not a lib/db input: query strings and bodies validated by
// route handlers, and the response shapes the OpenAPI document (lib/api/openapi.ts) describes.
// Response schemas document; they are not run on every response (the TypeScript types are the
// compile-time check), so nested objects that the dashboard owns are `loose`: listed keys are
// guaranteed, more may come.
import { z } from "zod";
import { CATEGORIES, GROUP_STATUSES, RESULT_STATUSES } from "@/lib/domain/vocabulary";
import { PROBLEM_CODES } from "./errors";

// ---------------------------------------------------------------- requests

/** `GET …/overview` and `GET …/stats`: `?branch=` (default: the project's default branch). */
export const BranchQuery = z.object({ branch: z.string().trim().min(1).max(200).optional() });

/** `POST …/groups/{groupId}/notes`. */
export const NoteBody = z.object({ body: z.string().trim().min(1, "A note cannot be empty").max(10_000) }).strict();

// ---------------------------------------------------------------- responses

const Category = z.enum(CATEGORIES);
const GroupStatus = z.enum(GROUP_STATUSES);
const ResultStatus = z.enum(RESULT_STATUSES);
const RunStatus = z.enum(["open", "complete"]);
const Timestamp = z.string().describe("ISO 8601 date-time");

export const Problem = z
  .object({
    type: z.string().describe("https://greenboard.dev/problems/<code>"),
    title: z.string(),
    status: z.number().int(),
    code: z.enum(PROBLEM_CODES),
    detail: z.string(),
    instance: z.string().optional(),
  })
  .loose()
  .describe("RFC 9457 problem details; extensions (file, line, column, field, errors, limit…) depend on the code");

export const RunCounts = z.object({
  tests: z.number().int(),
  passed: z.number().int(),
  failed: z.number().int(),
  errors: z.number().int(),
  skipped: z.number().int(),
  missing: z.number().int(),
  passRate: z.number().min(0).max(1).nullable().describe("passed / (passed + failed + errors + missing); null when nothing counts"),
});

export const RunSummary = RunCounts.extend({ id: z.string(), runKey: z.string(), url: z.url(), status: RunStatus });

export const UploadSummary = z.object({
  filename: z.string(),
  sha256: z.string(),
  duplicate: z.boolean().describe("The run already had this file (same sha256): acknowledged, not counted again"),
  tests: z.number().int(),
  notes: z.array(z.string()),
});

export const UploadRunResponse = z.object({ run: RunSummary, uploads: z.array(UploadSummary) });
export const CompleteRunResponse = z.object({ run: RunSummary });

export const JobSummary = z.object({
  id: z.string(),
  status: z.enum(["queued", "running", "done", "failed"]),
  statusUrl: z.url(),
});
export const JOB_WAIT_MAX_SECONDS = 30;
// Other parameters are ignored (a client's cache buster, say).
export const JobStatusQuery = z.object({
  wait: z.coerce
    .number()
    .int()
    .min(0)
    .max(JOB_WAIT_MAX_SECONDS)
    .optional()
    .describe(`Seconds to hold the answer while the job is queued or running: it comes as soon as the job ends (long polling). 0 (the default) answers at once; at most ${JOB_WAIT_MAX_SECONDS}.`),
});
export const AsyncUploadResponse = z.object({ run: RunSummary, job: JobSummary });
export const JobResponse = z.object({
  job: JobSummary.extend({
    kind: z.string(),
    progress: z.number().int().describe("Bytes of the upload ingested so far"),
    total: z.number().int(),
    error: z.string().nullable(),
    createdAt: Timestamp,
    startedAt: Timestamp.nullable(),
    finishedAt: Timestamp.nullable(),
  }),
  run: RunSummary.nullable().describe("null when a failed job removed the empty run it had created"),
  uploads: z.array(UploadSummary).optional().describe("Once the job is done"),
});

export const Health = z.object({
  status: z.literal("ok"),
  database: z.object({ kind: z.enum(["pglite", "postgres"]), latencyMs: z.number() }),
  cache: z.object({ kind: z.enum(["redis", "memory"]), connected: z.boolean(), degraded: z.boolean() }),
});

export const ProjectSummary = z.object({
  id: z.string(),
  slug: z.string(),
  name: z.string(),
  defaultBranch: z.string(),
  passRateTarget: z.number(),
  latestRun: RunCounts.extend({ id: z.string(), runKey: z.string(), status: RunStatus, branch: z.string().nullable(), startedAt: Timestamp }).nullable(),
});
export const ProjectList = z.object({ projects: z.array(ProjectSummary) });

export const RunListItem = RunCounts.extend({
  id: z.string(),
  runKey: z.string(),
  status: RunStatus,
  branch: z.string().nullable(),
  commitSha: z.string().nullable(),
  ciUrl: z.string().nullable(),
  startedAt: Timestamp,
  durationMs: z.number().nullable(),
  flaky: z.number().int(),
  ingest: z
    .object({
      status: z.enum(["queued", "running"]),
      bytesRead: z.number().int(),
      bytesTotal: z.number().int(),
      files: z.number().int(),
      jobIds: z.array(z.string()),
    })
    .nullable()
    .describe("Reports still being ingested into the run in the background (an asynchronous upload); null when none."),
});
export const RunList = z.object({
  branch: z.string().nullable(),
  branches: z.array(z.string()),
  runs: z.array(RunListItem),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
});

export const RunDetail = z
  .object({
    run: RunListItem.loose(),
    byCategory: z.array(z.object({ category: Category }).loose()),
    byTeam: z.array(z.object({ teamId: z.string(), passRate: z.number().nullable() }).loose()),
    diff: z.object({ previousRun: z.object({ id: z.string(), runKey: z.string() }).loose().nullable() }).loose(),
  })
  .loose();

export const ResultPage = z
  .object({
    results: z.array(z.object({ testKey: z.string(), status: ResultStatus, category: Category.nullable() }).loose()),
    total: z.number().int(),
    page: z.number().int(),
    pageSize: z.number().int(),
  })
  .loose();

export const GroupListItem = z
  .object({ id: z.string(), title: z.string(), category: Category, status: GroupStatus, regressed: z.boolean() })
  .loose();
export const GroupList = z.object({ groups: z.array(GroupListItem), total: z.number().int(), page: z.number().int(), pageSize: z.number().int() }).loose();
export const GroupDetail = z.object({ group: GroupListItem }).loose();
export const UpdateGroupResult = z
  .object({ id: z.string(), status: GroupStatus, assigneeTeamId: z.string().nullable(), externalIssueUrl: z.string().nullable(), events: z.array(z.string()) })
  .loose();
export const GroupResponse = z.object({ group: UpdateGroupResult });
export const GroupsResponse = z.object({ groups: z.array(UpdateGroupResult) });

export const Overview = z
  .object({
    project: z.object({ id: z.string(), slug: z.string(), name: z.string(), defaultBranch: z.string(), passRateTarget: z.number() }),
    branch: z.string(),
    branches: z.array(z.string()),
    runs: z.array(RunCounts.extend({ id: z.string(), runKey: z.string(), status: RunStatus, startedAt: Timestamp }).loose()),
    openGroups: z.number().int(),
  })
  .loose();

export const TestDetail = z
  .object({
    test: z
      .object({
        id: z.string(),
        key: z.string(),
        name: z.string(),
        file: z.string().nullable(),
        firstSeenAt: Timestamp,
        lastSeenAt: Timestamp.nullable().describe("Start of the latest run that reported the test (any branch); null when none has, e.g. a test only ever missing"),
      })
      .loose(),
    branch: z.string(),
    branches: z.array(z.string()),
    history: z.array(
      z
        .object({ runId: z.string(), runKey: z.string(), startedAt: Timestamp, status: ResultStatus, durationMs: z.number().nullable(), flaky: z.boolean() })
        .loose(),
    ),
  })
  .loose()
  .describe("One test's outcome and duration per run on the branch, oldest first");

export const FlakyTestList = z
  .object({ branch: z.string(), branches: z.array(z.string()), windowRuns: z.number().int(), tests: z.array(z.object({ testId: z.string(), key: z.string(), flakyRuns: z.number().int() }).loose()) })
  .loose();

export const Stats = z.object({
  project: z.object({ slug: z.string(), passRateTarget: z.number() }),
  branch: z.string(),
  runs: z.array(
    RunCounts.extend({
      id: z.string(),
      runKey: z.string(),
      status: RunStatus,
      startedAt: Timestamp,
      byCategory: z.record(Category, z.number().int()).describe("Non-passing results (failed, error, missing) by cause"),
      byTeam: z.record(z.string(), z.object({ passRate: z.number().nullable(), openGroups: z.number().int() })).describe("By team id"),
    }),
  ),
  teams: z.array(z.object({ id: z.string(), name: z.string(), color: z.string() })),
});

export const RetiredTest = z.object({
  test: z.object({ id: z.string(), key: z.string(), retiredAt: z.string().nullable().describe("ISO time it was retired; null when active") }),
});
