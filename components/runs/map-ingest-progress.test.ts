import { describe, expect, test } from "vitest";
import type { RunIngest } from "@/lib/db/runs";
import { mapIngestProgress } from "./map-ingest-progress";

const ingest = (extra: Partial<RunIngest>): RunIngest => ({ status: "running", bytesRead: 0, bytesTotal: 0, files: 1, jobIds: ["j"], ...extra });

describe("mapIngestProgress", () => {
  test.each([
    ["queued", ingest({ status: "queued", bytesTotal: 2048, files: 2 }), { percent: 0, label: "Waiting to be ingested", detail: "2 reports · 2.0 KB" }],
    ["just started", ingest({ bytesRead: 0, bytesTotal: 4 * 1024 * 1024 }), { percent: 0, label: "Ingesting · 0 %", detail: "0 B of 4.0 MB read · 1 report" }],
    ["a third read (rounded down)", ingest({ bytesRead: 1000, bytesTotal: 3000 }), { percent: 33, label: "Ingesting · 33 %", detail: "1000 B of 2.9 KB read · 1 report" }],
    ["all read, still storing", ingest({ bytesRead: 3000, bytesTotal: 3000 }), { percent: 100, label: "Ingesting · 100 %", detail: "2.9 KB of 2.9 KB read · 1 report" }],
    ["more read than announced", ingest({ bytesRead: 5000, bytesTotal: 3000 }), { percent: 100, label: "Ingesting · 100 %", detail: "2.9 KB of 2.9 KB read · 1 report" }],
    ["size unknown", ingest({ bytesTotal: 0, files: 3 }), { percent: null, label: "Ingesting", detail: "3 reports" }],
  ])("%s", (_name, input, expected) => {
    expect(mapIngestProgress(input)).toEqual(expected);
  });
});
