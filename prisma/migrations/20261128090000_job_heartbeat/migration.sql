-- The server process that holds an unfinished ingest job (queued or running) refreshes this
-- every 30 s (lib/db/ingest-jobs.ts): on PostgreSQL, where several processes may share the
-- database, a job whose heartbeat stopped belongs to a process that is gone.
ALTER TABLE "jobs" ADD COLUMN "heartbeatAt" TIMESTAMP(3);
