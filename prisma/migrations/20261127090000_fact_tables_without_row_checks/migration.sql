-- results and tests become constraint-light fact tables (docs/decisions.md, "results and tests carry
-- no per-row foreign keys"). Ingesting a 100,000-case report spent most of its PostgreSQL time in
-- foreign-key checks, about 8 µs per row per constraint on PostgreSQL 15: ~0.8 s for tests → projects
-- and over 1 s for the four constraints of results. lib/ingest is the only writer of both tables
-- and its inserts take their parent ids from rows it has just read or written in the same
-- transaction; the delete paths (lib/db/admin.ts, lib/db/ingest-jobs.ts) remove results and tests
-- explicitly, since no cascade does it any more. The Prisma relations stay in schema.prisma (the
-- client's `include`s use them), so `prisma migrate dev`/`migrate diff` will propose these
-- constraints again: leave them out.
--
-- tests."lastSeenAt" was rewritten for every reported test on every upload (100,000 row updates
-- per run) and only the test page read it: it is derived from the test's results instead.

-- DropForeignKey
ALTER TABLE "results" DROP CONSTRAINT "results_runId_fkey";

-- DropForeignKey
ALTER TABLE "results" DROP CONSTRAINT "results_testId_fkey";

-- DropForeignKey
ALTER TABLE "results" DROP CONSTRAINT "results_uploadId_fkey";

-- DropForeignKey
ALTER TABLE "results" DROP CONSTRAINT "results_failureGroupId_fkey";

-- DropForeignKey
ALTER TABLE "tests" DROP CONSTRAINT "tests_projectId_fkey";

-- AlterTable
ALTER TABLE "tests" DROP COLUMN "lastSeenAt";

-- Partial indexes: most results pass (no failure group) and many reports name no file, and every
-- such row was an index entry under one repeated key — the costliest entries to add, for lookups
-- that never ask for them: `"failureGroupId" = $1` and `file = $1` imply IS NOT NULL, and a run's
-- failing results (`status IN ('failed', 'error', 'missing')`) imply status <> 'passed', so the
-- planner uses these. Prisma's schema cannot state a predicate; its @@index lines stand for them.
DROP INDEX "results_runId_status_idx";
CREATE INDEX "results_runId_status_idx" ON "results"("runId", "status") WHERE "status" <> 'passed';

DROP INDEX "results_failureGroupId_runId_idx";
CREATE INDEX "results_failureGroupId_runId_idx" ON "results"("failureGroupId", "runId") WHERE "failureGroupId" IS NOT NULL;

DROP INDEX "tests_projectId_file_idx";
CREATE INDEX "tests_projectId_file_idx" ON "tests"("projectId", "file") WHERE "file" IS NOT NULL;
