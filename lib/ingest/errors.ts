/** Typed errors from ingestion; lib/api maps `code` to an HTTP problem response. */
export type IngestErrorCode = "invalid-report" | "empty-upload" | "run-not-found" | "project-not-found" | "too-large";

export class IngestError extends Error {
  constructor(
    readonly code: IngestErrorCode,
    message: string,
    readonly details: Record<string, unknown> = {},
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = "IngestError";
  }
}
