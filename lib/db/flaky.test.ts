import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { ingest } from "@/lib/ingest";
import { defaultClassifier } from "@/lib/ingest/default-classifier";
import type { Database } from "./connection";
import { FLIP_RATE_THRESHOLD, listFlakyTests } from "./flaky";
import { createTestDatabase } from "./testing";

const xml = (cases: string) => Buffer.from(`<testsuites><testsuite name="s">${cases}</testsuite></testsuites>`);
const pass = (name: string) => `<testcase classname="c" name="${name}"/>`;
const fail = (name: string) => `<testcase classname="c" name="${name}"><failure message="boom" type="AssertionError"/></testcase>`;
// A rerun that passed after a failure (pytest-rerunfailures / surefire style).
const retried = (name: string) => `<testcase classname="c" name="${name}"><flakyFailure message="boom" type="AssertionError"/></testcase>`;

describe("flaky tests", () => {
  let db: Database;
  let projectId: string;

  // One row per run: [commit, cases]. `steady` broke for two runs and was fixed (2 flips in 9: not
  // flaky); `flapper` flips every run, then settles; `rerun` passed after a retry once; `commit` passed and failed on commit c2.
  const runs: [string, string][] = [
    ["c1", pass("steady") + pass("flapper") + pass("rerun") + pass("commit")],
    ["c2", fail("steady") + fail("flapper") + pass("rerun") + pass("commit")],
    ["c2", fail("steady") + pass("flapper") + pass("rerun") + fail("commit")],
    ["c3", pass("steady") + fail("flapper") + retried("rerun") + pass("commit")],
    ["c4", pass("steady") + pass("flapper") + pass("rerun") + pass("commit")],
    ["c5", pass("steady") + fail("flapper") + pass("rerun") + pass("commit")],
    ...["c6", "c7", "c8", "c9"].map((commit): [string, string] => [commit, pass("steady") + pass("flapper") + pass("rerun") + pass("commit")]),
  ];

  beforeAll(async () => {
    db = await createTestDatabase();
    projectId = (await db.prisma.project.create({ data: { slug: "flaky", name: "Flaky" } })).id;
    for (const [i, [commit, cases]] of runs.entries()) {
      await ingest(
        db.prisma,
        { projectId, runKey: `run-${i}`, metadata: { branch: "main", commitSha: commit, startedAt: new Date(Date.UTC(2026, 4, i + 1)) }, files: [{ filename: "r.xml", source: [xml(cases)] }], completed: true },
        { classifier: defaultClassifier },
      );
    }
    // Another branch's failures are not this branch's evidence.
    await ingest(db.prisma, { projectId, runKey: "other", metadata: { branch: "dev", commitSha: "c1" }, files: [{ filename: "r.xml", source: [xml(fail("steady"))] }] }, { classifier: defaultClassifier });
  });
  afterAll(() => db.close());

  test("each flaky test is listed with the rule that caught it and its evidence", async () => {
    const list = await listFlakyTests(db.prisma, projectId, "main");
    expect(list).toMatchObject({ branch: "main", runs: 10, threshold: FLIP_RATE_THRESHOLD });
    expect(list.tests.map((t) => [t.name, t.reasons, t.evidence])).toEqual([
      ["flapper", ["same-commit", "flip-rate"], { retriedRuns: 0, sameCommitFailures: ["c2"], flips: 6, transitions: 9, flipRate: 6 / 9 }],
      ["commit", ["same-commit"], { retriedRuns: 0, sameCommitFailures: ["c2"], flips: 2, transitions: 9, flipRate: 2 / 9 }],
      ["rerun", ["retries"], { retriedRuns: 1, sameCommitFailures: [], flips: 0, transitions: 9, flipRate: 0 }],
    ]);
    expect(list.tests.find((t) => t.name === "flapper")).toMatchObject({ key: "c::flapper", observedRuns: 10, lastStatus: "passed", lastRunKey: "run-9" });
  });

  test("a branch without runs has no flaky tests", async () => {
    expect(await listFlakyTests(db.prisma, projectId, "nowhere")).toEqual({ branch: "nowhere", runs: 0, threshold: FLIP_RATE_THRESHOLD, tests: [] });
  });
});
