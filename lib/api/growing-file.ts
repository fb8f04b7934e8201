// A spooled upload file read while it is still being written: ingestion can start on the first
// bytes of a large upload instead of after its last (lib/api/runs.ts, receiveWhileIngesting).
import { open } from "node:fs/promises";

/**
 * Wakes whoever waits for a change: a waiter notes `version`, looks at the state, and if it must
 * wait, waits for `changedSince(version)` — which returns at once if a notice came in between, so
 * none is missed.
 */
export class Notices {
  private current = 0;
  private readonly waiting = new Set<() => void>();

  get version(): number {
    return this.current;
  }

  notify(): void {
    this.current++;
    for (const wake of [...this.waiting]) wake();
  }

  /** Resolves at the first notice after `version` (at once if there was one). */
  changedSince(version: number): Promise<void> {
    if (this.current !== version) return Promise.resolve();
    return new Promise((resolve) => {
      const wake = () => {
        this.waiting.delete(wake);
        resolve();
      };
      this.waiting.add(wake);
    });
  }
}

/**
 * What the writer of a spool file tells its readers: the file exists, bytes arrived, the file is
 * complete, or the upload failed. Every call wakes the readers waiting for more.
 */
export class FileGrowth {
  private readonly notices = new Notices();
  private arrived = 0;
  private open = false;
  private complete = false;
  private failure: { error: unknown } | null = null;

  /** The file exists (readers wait for this before they open it). */
  opened(): void {
    this.open = true;
    this.notices.notify();
  }

  /** `bytes` more arrived (possibly not written yet: a reader that finds fewer waits for the next notice). */
  grew(bytes: number): void {
    this.arrived += bytes;
    this.notices.notify();
  }

  /** Every byte is written and the file closed. */
  finished(): void {
    this.complete = true;
    this.notices.notify();
  }

  /** The upload failed: readers throw `error` (the first one given). */
  failed(error: unknown): void {
    this.failure ??= { error };
    this.notices.notify();
  }

  get state(): { version: number; arrived: number; open: boolean; complete: boolean; failure: { error: unknown } | null } {
    return { version: this.notices.version, arrived: this.arrived, open: this.open, complete: this.complete, failure: this.failure };
  }

  /** Resolves at the first notice after `version` (at once if there was one). */
  changedSince(version: number): Promise<void> {
    return this.notices.changedSince(version);
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
