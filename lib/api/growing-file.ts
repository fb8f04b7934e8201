// A spooled upload file read while it is still being written: ingestion can start on the first
// bytes of a large upload instead of after its last (lib/api/runs.ts, receiveWhileIngesting).
import { open } from "node:fs/promises";

/**
 * What the writer of a spool file tells its readers: bytes arrived, the file is complete, or the
 * upload failed. Every call wakes the readers waiting for more.
 */
export class FileGrowth {
  /** Bumped by every notice: a reader that saw no new bytes waits for the next one. */
  private version = 0;
  private arrived = 0;
  private open = false;
  private complete = false;
  private failure: { error: unknown } | null = null;
  private readonly waiting = new Set<() => void>();

  /** The file exists (readers wait for this before they open it). */
  opened(): void {
    this.open = true;
    this.notify();
  }

  /** `bytes` more arrived (possibly not written yet: a reader that finds fewer waits for the next notice). */
  grew(bytes: number): void {
    this.arrived += bytes;
    this.notify();
  }

  /** Every byte is written and the file closed. */
  finished(): void {
    this.complete = true;
    this.notify();
  }

  /** The upload failed: readers throw `error` (the first one given). */
  failed(error: unknown): void {
    this.failure ??= { error };
    this.notify();
  }

  get state(): { version: number; arrived: number; open: boolean; complete: boolean; failure: { error: unknown } | null } {
    return { version: this.version, arrived: this.arrived, open: this.open, complete: this.complete, failure: this.failure };
  }

  /** Resolves at the first notice after `version` (at once if there was one). */
  changedSince(version: number): Promise<void> {
    if (this.version !== version) return Promise.resolve();
    return new Promise((resolve) => {
      const wake = () => {
        this.waiting.delete(wake);
        resolve();
      };
      this.waiting.add(wake);
    });
  }

  private notify(): void {
    this.version++;
    for (const wake of [...this.waiting]) wake();
  }
}

const READ_BYTES = 256 * 1024;

/**
 * The bytes of `path` as they are written: reads to the current end, then waits for `growth` to
 * say more arrived, until it says the file is complete (and everything is read) or failed (then
 * throws the upload's error). Opens the file once the writer says it exists.
 */
export async function* readGrowingFile(path: string, growth: FileGrowth): AsyncGenerator<Uint8Array> {
  for (;;) {
    const { version, open: exists, failure } = growth.state;
    if (failure) throw failure.error;
    if (exists) break;
    await growth.changedSince(version);
  }
  const handle = await open(path, "r");
  try {
    let position = 0;
    for (;;) {
      // The state before the read: a notice during the read makes a wait below return at once.
      const { version, arrived, complete, failure } = growth.state;
      if (failure) throw failure.error;
      // Whole reads until the file is complete: a reader just behind the writer would otherwise
      // take each network-sized chunk on its own, at a read and a parser turn apiece.
      if (!complete && arrived - position < READ_BYTES) {
        await growth.changedSince(version);
        continue;
      }
      const buffer = Buffer.allocUnsafe(READ_BYTES);
      const { bytesRead } = await handle.read(buffer, 0, READ_BYTES, position);
      if (bytesRead > 0) {
        position += bytesRead;
        yield buffer.subarray(0, bytesRead);
        if (bytesRead === READ_BYTES || complete) continue;
      } else if (complete) {
        // At the end of what is written, and the writer had finished before this read.
        return;
      }
      // Short of what arrived (not written yet): on at the next notice.
      await growth.changedSince(version);
    }
  } finally {
    await handle.close();
  }
}
