import { closeSync, mkdirSync, openSync, readFileSync, unlinkSync, writeSync } from "node:fs";
import path from "node:path";
import { isProcessAlive } from "@/lib/domain/process";

/**
 * PGlite is single-process: two processes opening one data directory corrupt it. Every opener
 * takes this lock file first; a second opener gets a clear error naming the holder instead.
 */
export class DatabaseLockedError extends Error {
  constructor(
    readonly dataDir: string,
    readonly holderPid: number,
    readonly holder: string,
  ) {
    super(
      `The embedded database at ${dataDir} is in use by process ${holderPid} (${holder}). ` +
        `PGlite allows one process at a time: stop that process first, or run this through the running server.`,
    );
    this.name = "DatabaseLockedError";
  }
}

export function lockPathFor(dataDir: string): string {
  return path.join(path.dirname(dataDir), `${path.basename(dataDir)}.lock`);
}

/** Reads who holds the lock, if anyone alive does. */
export function readLockHolder(dataDir: string): { pid: number; holder: string } | null {
  try {
    const [pidText, ...rest] = readFileSync(lockPathFor(dataDir), "utf8").split("\n");
    const pid = Number(pidText);
    if (!Number.isInteger(pid) || pid <= 0 || !isProcessAlive(pid)) return null;
    return { pid, holder: rest.join(" ").trim() || "unknown" };
  } catch {
    return null;
  }
}

/** Takes the lock for this process or throws DatabaseLockedError; returns the release function. */
export function acquirePgliteLock(dataDir: string, holder: string): () => void {
  const lockPath = lockPathFor(dataDir);
  mkdirSync(path.dirname(lockPath), { recursive: true });
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(lockPath, "wx");
      writeSync(fd, `${process.pid}\n${holder}\n`);
      closeSync(fd);
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        process.off("exit", release);
        try {
          if (readFileSync(lockPath, "utf8").startsWith(`${process.pid}\n`)) unlinkSync(lockPath);
        } catch {
          // already gone
        }
      };
      process.on("exit", release);
      return release;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const current = readLockHolder(dataDir);
      if (current && current.pid !== process.pid) throw new DatabaseLockedError(dataDir, current.pid, current.holder);
      if (current?.pid === process.pid) {
        throw new DatabaseLockedError(dataDir, process.pid, `${current.holder} (this process)`);
      }
      // Stale lock from a process that died: take it over.
      try {
        unlinkSync(lockPath);
      } catch {
        // raced with another opener; the retry decides
      }
    }
  }
  throw new Error(`Could not take the lock ${lockPath}`);
}
