-- CreateEnum
CREATE TYPE "RunStatus" AS ENUM ('open', 'complete');

-- CreateEnum
CREATE TYPE "ResultStatus" AS ENUM ('passed', 'failed', 'error', 'skipped', 'missing');

-- CreateEnum
CREATE TYPE "Category" AS ENUM ('infrastructure', 'fixture', 'import', 'mock', 'commented-out', 'assertion', 'other');

-- CreateEnum
CREATE TYPE "GroupStatus" AS ENUM ('new', 'investigating', 'fixed', 'resolved', 'expected', 'ignored');

-- CreateEnum
CREATE TYPE "UploadStatus" AS ENUM ('received', 'processing', 'stored', 'failed');

-- CreateEnum
CREATE TYPE "OwnershipKind" AS ENUM ('category', 'path');

-- CreateEnum
CREATE TYPE "JobStatus" AS ENUM ('queued', 'running', 'done', 'failed');

-- CreateTable
CREATE TABLE "projects" (
    "id" TEXT NOT NULL,
    "slug" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "defaultBranch" TEXT NOT NULL DEFAULT 'main',
    "passRateTarget" DOUBLE PRECISION NOT NULL DEFAULT 1,
    "missingTestWindow" INTEGER NOT NULL DEFAULT 5,
    "runIdleTimeoutMinutes" INTEGER NOT NULL DEFAULT 15,
    "resolveAfterRuns" INTEGER NOT NULL DEFAULT 3,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "projects_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "teams" (
    "id" TEXT NOT NULL,
    "projectId" TEXT NOT NULL,
    "slug" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "color" TEXT NOT NULL DEFAULT '#64748b',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "teams_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ownership_rules" (
    "id" TEXT NOT NULL,
    "projectId" TEXT NOT NULL,
    "teamId" TEXT NOT NULL,
    "kind" "OwnershipKind" NOT NULL,
    "category" "Category",
    "pathGlob" TEXT,
    "position" INTEGER NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ownership_rules_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "classification_rules" (
    "id" TEXT NOT NULL,
    "projectId" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "category" "Category" NOT NULL,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "statuses" "ResultStatus"[],
    "typePattern" TEXT,
    "messagePattern" TEXT,
    "tracePattern" TEXT,
    "fileGlob" TEXT,
    "namePattern" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "classification_rules_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "api_tokens" (
    "id" TEXT NOT NULL,
    "projectId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "prefix" TEXT NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "scopes" TEXT[] DEFAULT ARRAY['upload']::TEXT[],
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastUsedAt" TIMESTAMP(3),
    "revokedAt" TIMESTAMP(3),

    CONSTRAINT "api_tokens_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "runs" (
    "id" TEXT NOT NULL,
    "projectId" TEXT NOT NULL,
    "runKey" TEXT NOT NULL,
    "status" "RunStatus" NOT NULL DEFAULT 'open',
    "branch" TEXT,
    "commitSha" TEXT,
    "ciUrl" TEXT,
    "labels" JSONB NOT NULL DEFAULT '{}',
    "expectedShards" INTEGER,
    "startedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastUploadAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "completedAt" TIMESTAMP(3),
    "tests" INTEGER NOT NULL DEFAULT 0,
    "passed" INTEGER NOT NULL DEFAULT 0,
    "failed" INTEGER NOT NULL DEFAULT 0,
    "errors" INTEGER NOT NULL DEFAULT 0,
    "skipped" INTEGER NOT NULL DEFAULT 0,
    "missing" INTEGER NOT NULL DEFAULT 0,
    "flaky" INTEGER NOT NULL DEFAULT 0,
    "durationMs" DOUBLE PRECISION,
    "passRate" DOUBLE PRECISION,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "runs_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "uploads" (
    "id" TEXT NOT NULL,
    "runId" TEXT NOT NULL,
    "sha256" TEXT NOT NULL,
    "filename" TEXT NOT NULL,
    "size" INTEGER NOT NULL,
    "status" "UploadStatus" NOT NULL DEFAULT 'received',
    "error" TEXT,
    "tests" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "uploads_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "tests" (
    "id" TEXT NOT NULL,
    "projectId" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "classname" TEXT,
    "suite" TEXT,
    "file" TEXT,
    "retiredAt" TIMESTAMP(3),
    "firstSeenAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastSeenAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "tests_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "results" (
    "id" SERIAL NOT NULL,
    "runId" TEXT NOT NULL,
    "testId" TEXT NOT NULL,
    "uploadId" TEXT,
    "status" "ResultStatus" NOT NULL,
    "durationMs" DOUBLE PRECISION,
    "type" TEXT,
    "message" TEXT,
    "trace" TEXT,
    "truncated" BOOLEAN NOT NULL DEFAULT false,
    "flaky" BOOLEAN NOT NULL DEFAULT false,
    "attempts" INTEGER NOT NULL DEFAULT 1,
    "category" "Category",
    "ruleId" TEXT,
    "failureGroupId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "results_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "failure_groups" (
    "id" TEXT NOT NULL,
    "projectId" TEXT NOT NULL,
    "fingerprint" TEXT NOT NULL,
    "category" "Category" NOT NULL,
    "failureType" TEXT,
    "title" TEXT NOT NULL,
    "status" "GroupStatus" NOT NULL DEFAULT 'new',
    "regressed" BOOLEAN NOT NULL DEFAULT false,
    "assigneeTeamId" TEXT,
    "assignedManually" BOOLEAN NOT NULL DEFAULT false,
    "externalIssueUrl" TEXT,
    "ruleId" TEXT,
    "exampleMessage" TEXT,
    "exampleTrace" TEXT,
    "firstSeenRunId" TEXT,
    "lastSeenRunId" TEXT,
    "firstSeenAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastSeenAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "occurrences" INTEGER NOT NULL DEFAULT 0,
    "affectedTests" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "failure_groups_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "failure_group_notes" (
    "id" TEXT NOT NULL,
    "failureGroupId" TEXT NOT NULL,
    "author" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "failure_group_notes_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "triage_events" (
    "id" TEXT NOT NULL,
    "projectId" TEXT NOT NULL,
    "failureGroupId" TEXT,
    "actor" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "fromValue" TEXT,
    "toValue" TEXT,
    "note" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "triage_events_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "run_rollups" (
    "id" SERIAL NOT NULL,
    "runId" TEXT NOT NULL,
    "projectId" TEXT NOT NULL,
    "branch" TEXT,
    "runStartedAt" TIMESTAMP(3) NOT NULL,
    "teamId" TEXT,
    "category" "Category",
    "tests" INTEGER NOT NULL DEFAULT 0,
    "passed" INTEGER NOT NULL DEFAULT 0,
    "failed" INTEGER NOT NULL DEFAULT 0,
    "errors" INTEGER NOT NULL DEFAULT 0,
    "skipped" INTEGER NOT NULL DEFAULT 0,
    "missing" INTEGER NOT NULL DEFAULT 0,
    "flaky" INTEGER NOT NULL DEFAULT 0,
    "openGroups" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "run_rollups_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "jobs" (
    "id" TEXT NOT NULL,
    "projectId" TEXT,
    "kind" TEXT NOT NULL,
    "status" "JobStatus" NOT NULL DEFAULT 'queued',
    "progress" INTEGER NOT NULL DEFAULT 0,
    "total" INTEGER NOT NULL DEFAULT 0,
    "error" TEXT,
    "payload" JSONB NOT NULL DEFAULT '{}',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "startedAt" TIMESTAMP(3),
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "jobs_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "projects_slug_key" ON "projects"("slug");

-- CreateIndex
CREATE UNIQUE INDEX "teams_projectId_slug_key" ON "teams"("projectId", "slug");

-- CreateIndex
CREATE INDEX "ownership_rules_projectId_position_idx" ON "ownership_rules"("projectId", "position");

-- CreateIndex
CREATE INDEX "classification_rules_projectId_position_idx" ON "classification_rules"("projectId", "position");

-- CreateIndex
CREATE UNIQUE INDEX "api_tokens_tokenHash_key" ON "api_tokens"("tokenHash");

-- CreateIndex
CREATE INDEX "api_tokens_projectId_idx" ON "api_tokens"("projectId");

-- CreateIndex
CREATE INDEX "runs_projectId_branch_startedAt_idx" ON "runs"("projectId", "branch", "startedAt");

-- CreateIndex
CREATE INDEX "runs_projectId_startedAt_idx" ON "runs"("projectId", "startedAt");

-- CreateIndex
CREATE INDEX "runs_status_lastUploadAt_idx" ON "runs"("status", "lastUploadAt");

-- CreateIndex
CREATE UNIQUE INDEX "runs_projectId_runKey_key" ON "runs"("projectId", "runKey");

-- CreateIndex
CREATE UNIQUE INDEX "uploads_runId_sha256_key" ON "uploads"("runId", "sha256");

-- CreateIndex
CREATE INDEX "tests_projectId_file_idx" ON "tests"("projectId", "file");

-- CreateIndex
CREATE UNIQUE INDEX "tests_projectId_key_key" ON "tests"("projectId", "key");

-- CreateIndex
CREATE INDEX "results_runId_status_idx" ON "results"("runId", "status");

-- CreateIndex
CREATE INDEX "results_testId_runId_idx" ON "results"("testId", "runId");

-- CreateIndex
CREATE INDEX "results_failureGroupId_runId_idx" ON "results"("failureGroupId", "runId");

-- CreateIndex
CREATE UNIQUE INDEX "results_runId_testId_key" ON "results"("runId", "testId");

-- CreateIndex
CREATE INDEX "failure_groups_projectId_status_lastSeenAt_idx" ON "failure_groups"("projectId", "status", "lastSeenAt");

-- CreateIndex
CREATE INDEX "failure_groups_assigneeTeamId_status_idx" ON "failure_groups"("assigneeTeamId", "status");

-- CreateIndex
CREATE UNIQUE INDEX "failure_groups_projectId_fingerprint_key" ON "failure_groups"("projectId", "fingerprint");

-- CreateIndex
CREATE INDEX "failure_group_notes_failureGroupId_createdAt_idx" ON "failure_group_notes"("failureGroupId", "createdAt");

-- CreateIndex
CREATE INDEX "triage_events_failureGroupId_createdAt_idx" ON "triage_events"("failureGroupId", "createdAt");

-- CreateIndex
CREATE INDEX "triage_events_projectId_createdAt_idx" ON "triage_events"("projectId", "createdAt");

-- CreateIndex
CREATE INDEX "run_rollups_runId_idx" ON "run_rollups"("runId");

-- CreateIndex
CREATE INDEX "run_rollups_projectId_branch_runStartedAt_idx" ON "run_rollups"("projectId", "branch", "runStartedAt");

-- CreateIndex
CREATE INDEX "jobs_status_createdAt_idx" ON "jobs"("status", "createdAt");

-- AddForeignKey
ALTER TABLE "teams" ADD CONSTRAINT "teams_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "projects"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ownership_rules" ADD CONSTRAINT "ownership_rules_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "projects"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ownership_rules" ADD CONSTRAINT "ownership_rules_teamId_fkey" FOREIGN KEY ("teamId") REFERENCES "teams"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "classification_rules" ADD CONSTRAINT "classification_rules_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "projects"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "api_tokens" ADD CONSTRAINT "api_tokens_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "projects"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "runs" ADD CONSTRAINT "runs_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "projects"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "uploads" ADD CONSTRAINT "uploads_runId_fkey" FOREIGN KEY ("runId") REFERENCES "runs"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "tests" ADD CONSTRAINT "tests_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "projects"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "results" ADD CONSTRAINT "results_runId_fkey" FOREIGN KEY ("runId") REFERENCES "runs"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "results" ADD CONSTRAINT "results_testId_fkey" FOREIGN KEY ("testId") REFERENCES "tests"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "results" ADD CONSTRAINT "results_uploadId_fkey" FOREIGN KEY ("uploadId") REFERENCES "uploads"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "results" ADD CONSTRAINT "results_failureGroupId_fkey" FOREIGN KEY ("failureGroupId") REFERENCES "failure_groups"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "failure_groups" ADD CONSTRAINT "failure_groups_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "projects"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "failure_groups" ADD CONSTRAINT "failure_groups_assigneeTeamId_fkey" FOREIGN KEY ("assigneeTeamId") REFERENCES "teams"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "failure_group_notes" ADD CONSTRAINT "failure_group_notes_failureGroupId_fkey" FOREIGN KEY ("failureGroupId") REFERENCES "failure_groups"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "triage_events" ADD CONSTRAINT "triage_events_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "projects"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "triage_events" ADD CONSTRAINT "triage_events_failureGroupId_fkey" FOREIGN KEY ("failureGroupId") REFERENCES "failure_groups"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "run_rollups" ADD CONSTRAINT "run_rollups_runId_fkey" FOREIGN KEY ("runId") REFERENCES "runs"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "run_rollups" ADD CONSTRAINT "run_rollups_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "projects"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "run_rollups" ADD CONSTRAINT "run_rollups_teamId_fkey" FOREIGN KEY ("teamId") REFERENCES "teams"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "jobs" ADD CONSTRAINT "jobs_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "projects"("id") ON DELETE CASCADE ON UPDATE CASCADE;
