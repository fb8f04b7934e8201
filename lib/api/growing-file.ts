// A spooled upload file read while it is still being written: ingestion can start on the first
// bytes of a large upload instead of after its last (lib/api/runs.ts, receiveWhileIngesting).
import { open, type FileHandle } from "node:fs/promises";

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
 * complete, or the upload failed — every byte announced with `grew` before `finished`, which
 * readers rely on to know they are done. Every call wakes the readers waiting for more. The bytes that
 * arrived last are also held here (HELD_BYTES), so a reader right behind the writer takes them
 * from memory instead of reading them back from the file.
 */
export class FileGrowth {
  private readonly notices = new Notices();
  private arrived = 0;
  // Contiguous: held[0] starts at heldFrom, the last one ends at `arrived`.
  private held: Uint8Array[] = [];
  private heldFrom = 0;
  private heldBytes = 0;
  private open = false;
  private complete = false;
  private failure: { error: unknown } | null = null;

  /** The file exists (readers wait for this before they open it). */
  opened(): void {
    this.open = true;
    this.notices.notify();
  }

  /**
   * `bytes` more arrived (possibly not written yet: a reader that finds fewer waits for the next
   * notice); `chunk`, when given, is those bytes, held for readers until HELD_BYTES newer ones came.
   */
  grew(bytes: number, chunk?: Uint8Array): void {
    if (chunk && chunk.byteLength === bytes) {
      if (this.heldBytes === 0) this.heldFrom = this.arrived;
      this.held.push(chunk);
      this.heldBytes += bytes;
      while (this.heldBytes - this.held[0]!.byteLength >= HELD_BYTES) this.dropOldest();
    } else this.dropHeld();
    this.arrived += bytes;
    this.notices.notify();
  }

  /**
   * Up to `max` bytes from `position`, if memory still holds them (else null: read the file).
   * What lies before `position` is let go: readers only go forward.
   */
  heldAt(position: number, max: number): Uint8Array | null {
    while (this.held.length > 0 && this.heldFrom + this.held[0]!.byteLength <= position) this.dropOldest();
    if (this.held.length === 0 || position < this.heldFrom) return null;
    const parts: Uint8Array[] = [];
    let offset = position - this.heldFrom;
    let wanted = max;
    for (const chunk of this.held) {
      if (wanted === 0) break;
      if (offset >= chunk.byteLength) {
        offset -= chunk.byteLength;
        continue;
      }
      const part = chunk.subarray(offset, Math.min(chunk.byteLength, offset + wanted));
      parts.push(part);
      wanted -= part.byteLength;
      offset = 0;
    }
    return parts.length === 1 ? parts[0]! : Buffer.concat(parts);
  }

  private dropOldest(): void {
    const oldest = this.held.shift()!;
    this.heldFrom += oldest.byteLength;
    this.heldBytes -= oldest.byteLength;
  }

  private dropHeld(): void {
    this.held = [];
    this.heldBytes = 0;
  }

  /** Every byte is written and the file closed. */
  finished(): void {
    this.complete = true;
    this.notices.notify();
  }

  /** The upload failed: readers throw `error` (the first one given). */
  failed(error: unknown): void {
    this.failure ??= { error };
    this.dropHeld();
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
// Arrived bytes a FileGrowth holds for its reader (plus the chunk that came last): enough that a
// reader keeping up never reads the file back (the server's CPU profile of bench:ingest had ~40 ms
// of read calls per 54 MB upload). Not more: holding 4 MiB kept the server's RSS ~20 MiB higher
// and no longer flat over a 54 MB upload (bench:ingest's RSS samples); at 512 KiB it is as before.
// A reader further behind reads the file.
export const HELD_BYTES = 512 * 1024;

/**
 * The bytes of `path` as they are written: reads to the current end, then waits for `growth` to
 * say more arrived, until it says the file is complete (and everything is read) or failed (then
 * throws the upload's error). Bytes `growth` still holds are taken from it; the file is opened
 * (once the writer says it exists) only when they are not.
 */
export async function* readGrowingFile(path: string, growth: FileGrowth): AsyncGenerator<Uint8Array> {
  let handle: FileHandle | null = null;
  try {
    let position = 0;
    for (;;) {
      // The state before the read: a notice during the read makes a wait below return at once.
      const { version, arrived, complete, failure, open: exists } = growth.state;
      if (failure) throw failure.error;
      // Whole reads until the file is complete: a reader just behind the writer would otherwise
      // take each network-sized chunk on its own, at a read and a parser turn apiece.
      if (!complete && arrived - position < READ_BYTES) {
        await growth.changedSince(version);
        continue;
      }
      // Everything read (arrived counts every byte before the writer finishes): no file to open for that.
      if (complete && position >= arrived) return;
      const held = growth.heldAt(position, READ_BYTES);
      if (held) {
        position += held.byteLength;
        yield held;
        continue;
      }
      if (!handle) {
        if (!exists) {
          await growth.changedSince(version);
          continue;
        }
        handle = await open(path, "r");
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
    await handle?.close();
  }
}
