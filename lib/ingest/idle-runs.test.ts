import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { Database } from "@/lib/db/connection";
import { beatIngestJobs, INTERRUPTED_JOB_ERROR, keepIngestJobAlive } from "@/lib/db/ingest-jobs";
import { createTestDatabase } from "@/lib/db/testing";
import { defaultClassifier } from "./default-classifier";
import { completeIdleRunsOnce, startIdleRunCompletion } from "./idle-runs";
import { ingest } from "./index";

const report = Buffer.from(`<testsuites><testsuite name="t"><testcase classname="t" name="a"/></testsuite></testsuites>`);

function recordingLog() {
  const lines: { level: "info" | "error"; args: unknown[] }[] = [];
  return { lines, info: (...args: unknown[]) => void lines.push({ level: "info", args }), error: (...args: unknown[]) => void lines.push({ level: "error", args }) };
}

describe("idle run completion", () => {
  let db: Database;
  let projectId: string;
  const start = new Date("2026-03-01T10:00:00Z");
  const minutes = (n: number) => new Date(start.getTime() + n * 60_000);

  beforeAll(async () => {
    db = await createTestDatabase();
    projectId = (await db.prisma.project.create({ data: { slug: "idle", name: "Idle", runIdleTimeoutMinutes: 15 } })).id;
  });
  afterAll(() => db.close());

  const upload = (runKey: string, at: Date) =>
    ingest(db.prisma, { projectId, runKey, metadata: { branch: runKey }, files: [{ filename: "r.xml", source: [report] }] }, { classifier: defaultClassifier, now: at });
  const status = async (runKey: string) => (await db.prisma.run.findFirstOrThrow({ where: { runKey } })).status;

  test("one pass completes runs idle past the project's timeout and leaves recent ones open", async () => {
    await upload("quiet", minutes(0));
    await upload("busy", minutes(10));
    const log = recordingLog();
    const completed = await completeIdleRunsOnce(async () => db.prisma, { classifier: defaultClassifier, now: minutes(20), log });
    expect(completed).toHaveLength(1);
    expect(await status("quiet")).toBe("complete");
    expect(await status("busy")).toBe("open");
    expect(log.lines).toEqual([{ level: "info", args: [`Completed 1 idle run(s): ${completed[0]}`] }]);
    // Nothing left to do: a second pass is a no-op and logs nothing.
    const again = recordingLog();
    expect(await completeIdleRunsOnce(async () => db.prisma, { classifier: defaultClassifier, now: minutes(20), log: again })).toEqual([]);
    expect(again.lines).toEqual([]);
  });

  test("ingest jobs a stopped server left unfinished are failed and their empty runs removed", async () => {
    const now = minutes(60);
    const job = async (runKey: string, status: "queued" | "running", createdAt: Date, startedAt: Date | null, withUpload = false) => {
      const run = await db.prisma.run.create({ data: { projectId, runKey, branch: runKey } });
      if (withUpload) await upload(runKey, minutes(55));
      const created = await db.prisma.job.create({
        data: { projectId, kind: "ingest", status, createdAt, startedAt, total: 100, payload: { runId: run.id, runKey, files: ["r.xml"] } },
      });
      return { jobId: created.id, runId: run.id };
    };
    // Running for longer than an ingestion can: its process is gone.
    const stale = await job("stale", "running", minutes(30), minutes(40));
    // Same, but an earlier shard had stored into its run: the run stays.
    const staleShard = await job("stale-shard", "running", minutes(30), minutes(40), true);
    // Running for 5 minutes: may be at work in another server process.
    const live = await job("live", "running", minutes(54), minutes(55));
    // Queued before this process started, on the embedded database: nobody will run it.
    const orphan = await job("orphan", "queued", minutes(50), null);
    // Queued after: this process's own.
    const mine = await job("mine", "queued", minutes(58), null);
    // Interrupted, but a retry with the same run key is queued for its run: the run stays.
    const retried = await job("retried", "running", minutes(30), minutes(40));
    const retry = await db.prisma.job.create({
      data: { projectId, kind: "ingest", status: "queued", createdAt: minutes(57), total: 100, payload: { runId: retried.runId, runKey: "retried", files: ["r.xml"] } },
    });

    const log = recordingLog();
    await completeIdleRunsOnce(async () => db.prisma, { classifier: defaultClassifier, now, log, unfinishedJobsBefore: minutes(52) });
    const jobs = new Map((await db.prisma.job.findMany({ where: { kind: "ingest" } })).map((j) => [j.id, j]));
    expect([stale, staleShard, orphan, retried].map((j) => [jobs.get(j.jobId)?.status, jobs.get(j.jobId)?.error])).toEqual(
      Array.from({ length: 4 }, () => ["failed", INTERRUPTED_JOB_ERROR]),
    );
    expect([live, mine].map((j) => jobs.get(j.jobId)?.status)).toEqual(["running", "queued"]);
    expect(jobs.get(retry.id)?.status).toBe("queued");
    const runs = new Set((await db.prisma.run.findMany({ select: { id: true } })).map((r) => r.id));
    expect([stale, staleShard, live, orphan, mine, retried].map((j) => runs.has(j.runId))).toEqual([false, true, true, false, true, true]);
    expect(log.lines[0]?.args[0]).toMatch(/^Failed 4 ingest job\(s\) a stopped server left unfinished: /);

    // Without the embedded database's rule, a queued job is never taken for interrupted by its age.
    const queued = await job("queued-pg", "queued", minutes(0), null);
    await db.prisma.job.update({ where: { id: queued.jobId }, data: { heartbeatAt: minutes(59) } });
    await completeIdleRunsOnce(async () => db.prisma, { classifier: defaultClassifier, now, log: recordingLog(), unfinishedJobsBefore: null });
    expect((await db.prisma.job.findUniqueOrThrow({ where: { id: queued.jobId } })).status).toBe("queued");
  });

  test("on PostgreSQL, unfinished ingest jobs whose heartbeat stopped are failed, whatever their age", async () => {
    // Heartbeats are judged by the database's clock, which is this machine's here.
    const ago = (m: number) => new Date(Date.now() - m * 60_000);
    const job = async (runKey: string, status: "queued" | "running", heartbeatAt: Date | null, createdAt: Date) => {
      const run = await db.prisma.run.create({ data: { projectId, runKey, branch: runKey } });
      const created = await db.prisma.job.create({
        data: { projectId, kind: "ingest", status, createdAt, startedAt: status === "running" ? createdAt : null, heartbeatAt, total: 100, payload: { runId: run.id, runKey, files: ["r.xml"] } },
      });
      return { jobId: created.id, runId: run.id };
    };
    const silentQueued = await job("silent-queued", "queued", ago(7), ago(8));
    const silentRunning = await job("silent-running", "running", ago(7), ago(8));
    // Queued for long behind other jobs of its process, which keeps beating for it.
    const beating = await job("beating", "queued", ago(1), ago(100));
    // Queued by a version without heartbeats: only the running-too-long rule applies to those.
    const oldStyleQueued = await job("old-style-queued", "queued", null, ago(100));
    const oldStyleRunning = await job("old-style-running", "running", null, ago(20));
    await completeIdleRunsOnce(async () => db.prisma, { classifier: defaultClassifier, log: recordingLog(), heartbeatStaleMs: 5 * 60_000 });
    const statuses = await Promise.all(
      [silentQueued, silentRunning, beating, oldStyleQueued, oldStyleRunning].map(async (j) => (await db.prisma.job.findUniqueOrThrow({ where: { id: j.jobId } })).status),
    );
    expect(statuses).toEqual(["failed", "failed", "queued", "queued", "failed"]);
    expect(await db.prisma.run.count({ where: { id: { in: [silentQueued.runId, silentRunning.runId, oldStyleRunning.runId] } } })).toBe(0);
  });

  test("a job failed as interrupted before its turn came is not run, but cleaned up after", async () => {
    const { runJob } = await import("@/lib/db/jobs");
    const job = await db.prisma.job.create({ data: { projectId, kind: "ingest", status: "failed", error: INTERRUPTED_JOB_ERROR, total: 1 } });
    let ran = false;
    let cleaned = false;
    await runJob(db.prisma, job.id, async () => (ran = true), { afterEnd: async () => void (cleaned = true) });
    expect([ran, cleaned]).toEqual([false, true]);
    expect(await db.prisma.job.findUniqueOrThrow({ where: { id: job.id } })).toMatchObject({ status: "failed", error: INTERRUPTED_JOB_ERROR });
  });

  test("an ingest job is created with a heartbeat, and one this process holds keeps it fresh until released", async () => {
    const { createIngestJob } = await import("@/lib/db/ingest-jobs");
    const created = await createIngestJob(db.prisma, projectId, 1, { runId: "none", runKey: "none", files: [] });
    const heartbeat = async () => (await db.prisma.job.findUniqueOrThrow({ where: { id: created.id } })).heartbeatAt!.getTime();
    expect(Math.abs((await heartbeat()) - Date.now())).toBeLessThan(60_000);
    const old = minutes(0);
    await db.prisma.job.update({ where: { id: created.id }, data: { heartbeatAt: old } });
    const release = keepIngestJobAlive(db.prisma, created.id);
    await beatIngestJobs();
    expect(Math.abs((await heartbeat()) - Date.now())).toBeLessThan(60_000);
    release();
    await db.prisma.job.update({ where: { id: created.id }, data: { heartbeatAt: old } });
    await beatIngestJobs();
    expect(await heartbeat()).toBe(old.getTime());
  });

  test("a run nothing was stored into is not closed as idle (it would count every test missing)", async () => {
    const empty = await db.prisma.run.create({ data: { projectId, runKey: "never-filled", branch: "never-filled", lastUploadAt: minutes(0) } });
    await upload("filled", minutes(0));
    const completed = await completeIdleRunsOnce(async () => db.prisma, { classifier: defaultClassifier, now: minutes(120), log: recordingLog() });
    expect(completed).not.toContain(empty.id);
    expect(await status("never-filled")).toBe("open");
    expect(await status("filled")).toBe("complete");
  });

  test("a failing pass is logged, not thrown", async () => {
    const log = recordingLog();
    const failure = new Error("database unavailable");
    const completed = await completeIdleRunsOnce(() => Promise.reject(failure), { classifier: defaultClassifier, log });
    expect(completed).toEqual([]);
    expect(log.lines).toEqual([{ level: "error", args: ["Completing idle runs failed", failure] }]);
  });

  test("the loop runs passes on its interval until stopped", async () => {
    await upload("looped", new Date("2020-01-01T00:00:00Z")); // long idle by the real clock the loop uses
    let calls = 0;
    const stop = startIdleRunCompletion({
      intervalMs: 20,
      getPrisma: async () => {
        calls++;
        return db.prisma;
      },
      isEmbedded: async () => false,
      log: recordingLog(),
    });
    await expect.poll(() => status("looped"), { timeout: 10_000 }).toBe("complete");
    stop();
    await new Promise((resolve) => setTimeout(resolve, 100));
    const after = calls;
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(calls).toBe(after);
  });
});
