import { spawnSync } from "node:child_process";
import { mkdir, mkdtemp, readdir, rm, utimes, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { makeSpoolDir, removeAbandonedSpools } from "./spools";

describe("upload spools", () => {
  let tmp: string;
  beforeEach(async () => {
    tmp = await mkdtemp(path.join(os.tmpdir(), "gb-spools-"));
  });
  afterEach(() => rm(tmp, { recursive: true, force: true }));

  const hoursAgo = (n: number) => new Date(Date.now() - n * 3600_000);
  async function spool(name: string, age?: Date): Promise<void> {
    const dir = path.join(tmp, name);
    await mkdir(dir);
    await writeFile(path.join(dir, "0"), "<testsuites/>");
    if (age) await utimes(dir, age, age);
  }

  test("a spool is named after this process, in the temporary directory", async () => {
    const previous = process.env.TMPDIR;
    process.env.TMPDIR = tmp;
    try {
      const dir = await makeSpoolDir();
      expect(path.dirname(dir)).toBe(tmp);
      expect(path.basename(dir)).toMatch(new RegExp(`^greenboard-upload-${process.pid}-[0-9a-f]{8}-\\w{6}$`));
    } finally {
      if (previous === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = previous;
    }
  });

  test("the sweep removes the spools of stopped processes and keeps those a running process may hold", async () => {
    const previous = process.env.TMPDIR;
    process.env.TMPDIR = tmp;
    let mine: string;
    try {
      mine = path.basename(await makeSpoolDir());
    } finally {
      if (previous === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = previous;
    }
    const token = mine.split("-")[3]!;
    const otherToken = token === "00000000" ? "11111111" : "00000000";
    // A pid that has certainly ended: a child process that ran and exited.
    const gone = spawnSync(process.execPath, ["-e", ""]).pid;
    await spool(`greenboard-upload-${gone}-${token}-aaaaaa`);
    // This pid, made by another process: a restarted container's earlier one, even if recent.
    await spool(`greenboard-upload-${process.pid}-${otherToken}-bbbbbb`);
    // Another process that is running (the test runner's parent), however old its spool.
    await spool(`greenboard-upload-${process.ppid}-${otherToken}-dddddd`, hoursAgo(48));
    // Named before pids were part of the name: by age.
    await spool("greenboard-upload-eeeeee", hoursAgo(25));
    await spool("greenboard-upload-ffffff", hoursAgo(1));
    await spool("something-else", hoursAgo(100));
    await writeFile(path.join(tmp, `greenboard-upload-${gone}-${token}-file`), "not a directory");

    const removed = await removeAbandonedSpools({ dir: tmp });
    expect(removed.map((p) => path.basename(p)).sort()).toEqual(
      [`greenboard-upload-${gone}-${token}-aaaaaa`, `greenboard-upload-${process.pid}-${otherToken}-bbbbbb`, "greenboard-upload-eeeeee"].sort(),
    );
    expect((await readdir(tmp)).sort()).toEqual(
      [mine, `greenboard-upload-${gone}-${token}-file`, `greenboard-upload-${process.ppid}-${otherToken}-dddddd`, "greenboard-upload-ffffff", "something-else"].sort(),
    );
  });

  test("a missing temporary directory is nothing to sweep", async () => {
    expect(await removeAbandonedSpools({ dir: path.join(tmp, "absent") })).toEqual([]);
  });
});
