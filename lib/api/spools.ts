// The temporary directories uploads are received into ("spools"). A request deletes its own when
// it is done, and a background ingestion (202) deletes the one it was handed when it ends; but a
// server process that stops mid-way leaves its spools behind, up to the size of the uploads it was
// holding. Each spool's name carries the pid of the process that made it and a token of that
// process's own, so a later sweep can tell whose it was — even when a restarted container's new
// process has the same pid as the old one.
import { randomBytes } from "node:crypto";
import { mkdtemp, readdir, rm, stat } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { isProcessAlive } from "@/lib/domain/process";

const PREFIX = "greenboard-upload-";
// Spools made before pids were part of the name: removed once they are a day old.
const UNNAMED_SPOOL_MAX_AGE_MS = 24 * 60 * 60_000;

// On globalThis: Next.js may load this module more than once in one process (instrumentation, routes).
const globalForSpools = globalThis as unknown as { greenboardSpoolToken?: string };
const processToken = (globalForSpools.greenboardSpoolToken ??= randomBytes(4).toString("hex"));
const NAMED = /^greenboard-upload-(\d+)-([0-9a-f]{8})-/;

/** A fresh spool directory for this process: `greenboard-upload-<pid>-<token>-XXXXXX` in the temporary directory. */
export function makeSpoolDir(): Promise<string> {
  return mkdtemp(path.join(os.tmpdir(), `${PREFIX}${process.pid}-${processToken}-`));
}

export interface SpoolSweepOptions {
  /** Default: the system's temporary directory. */
  dir?: string;
  now?: number;
  isAlive?: (pid: number) => boolean;
}

/**
 * Removes the spools no live process holds: those of a pid that is not running, those of this
 * pid made by another process (an earlier one with the same pid), and unnamed ones older than a
 * day. Returns the paths removed. Spools of another running process are left alone (it may be
 * ingesting from them).
 */
export async function removeAbandonedSpools(options: SpoolSweepOptions = {}): Promise<string[]> {
  const dir = options.dir ?? os.tmpdir();
  const now = options.now ?? Date.now();
  const alive = options.isAlive ?? isProcessAlive;
  const names = (await readdir(dir).catch(() => [] as string[])).filter((name) => name.startsWith(PREFIX));
  const removed: string[] = [];
  for (const name of names) {
    const full = path.join(dir, name);
    const info = await stat(full).catch(() => null);
    if (!info?.isDirectory()) continue;
    const named = NAMED.exec(name);
    const abandoned = !named
      ? now - info.mtimeMs > UNNAMED_SPOOL_MAX_AGE_MS
      : Number(named[1]) === process.pid
        ? named[2] !== processToken
        : !alive(Number(named[1]));
    if (!abandoned) continue;
    await rm(full, { recursive: true, force: true });
    removed.push(full);
  }
  return removed;
}
