// What the progress bar of a run still ingesting shows: pure, unit-tested.
import type { RunIngest } from "@/lib/db/runs";
import { formatBytes, plural } from "@/lib/domain/format";

export interface IngestProgressView {
  /** 0–100, or null while the size is unknown (an indeterminate bar). */
  percent: number | null;
  label: string;
  detail: string;
}

export function mapIngestProgress(ingest: RunIngest): IngestProgressView {
  const files = plural(ingest.files, "report");
  if (ingest.status === "queued") {
    return { percent: 0, label: "Waiting to be ingested", detail: `${files} · ${formatBytes(ingest.bytesTotal)}` };
  }
  if (ingest.bytesTotal <= 0) return { percent: null, label: "Ingesting", detail: files };
  const percent = Math.min(100, Math.max(0, Math.floor((ingest.bytesRead / ingest.bytesTotal) * 100)));
  return {
    percent,
    label: `Ingesting · ${percent} %`,
    detail: `${formatBytes(Math.min(ingest.bytesRead, ingest.bytesTotal))} of ${formatBytes(ingest.bytesTotal)} read · ${files}`,
  };
}

/** How often a page showing an ingestion asks for its progress. */
export const INGEST_POLL_MS = 1000;
