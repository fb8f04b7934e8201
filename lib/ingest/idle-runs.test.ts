import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { Database } from "@/lib/db/connection";
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
