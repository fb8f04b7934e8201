import { describe, expect, test } from "vitest";
import { mapGroupHistory } from "./map-group-history";

describe("group history mapping", () => {
  test("one bar per run, oldest first, zeros kept, with the run's date as label", () => {
    const data = mapGroupHistory([
      { runId: "r1", runKey: "ci-1", startedAt: "2026-03-01T23:30:00.000Z", occurrences: 4 },
      { runId: "r2", runKey: "ci-2", startedAt: "2026-03-02T08:00:00.000Z", occurrences: 0 },
    ]);
    expect(data).toEqual([
      { runId: "r1", runKey: "ci-1", label: "1 Mar", occurrences: 4 },
      { runId: "r2", runKey: "ci-2", label: "2 Mar", occurrences: 0 },
    ]);
  });

  test("no history, no bars", () => {
    expect(mapGroupHistory([])).toEqual([]);
  });
});
