import { mkdtemp, open, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { FileGrowth, HELD_BYTES, readGrowingFile } from "./growing-file";

describe("readGrowingFile", () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "growing-file-"));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  async function collect(source: AsyncIterable<Uint8Array>): Promise<string> {
    const chunks: Buffer[] = [];
    for await (const chunk of source) chunks.push(Buffer.from(chunk));
    return Buffer.concat(chunks).toString("utf8");
  }

  it("reads what is written while it is written, and ends once the writer has finished", async () => {
    const file = path.join(dir, "spool");
    const growth = new FileGrowth();
    const handle = await open(file, "w");
    growth.opened();
    const read = collect(readGrowingFile(file, growth));
    const parts = ["<testsuites>", "<testsuite name='a'>", "x".repeat(600_000), "</testsuite>", "</testsuites>"];
    for (const part of parts) {
      await handle.write(part);
      growth.grew(part.length);
      // Let the reader catch up and wait at the end of what is written.
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    await handle.close();
    growth.finished();
    expect(await read).toBe(parts.join(""));
  });

  it("reads a file that was complete before it started", async () => {
    const file = path.join(dir, "done");
    await writeFile(file, "whole");
    const growth = new FileGrowth();
    growth.opened();
    growth.grew(5);
    growth.finished();
    expect(await collect(readGrowingFile(file, growth))).toBe("whole");
  });

  it("reads whole chunks until the file is complete, and throws the upload's error when the writer fails", async () => {
    const file = path.join(dir, "cut");
    await writeFile(file, "x".repeat(300_000));
    const growth = new FileGrowth();
    growth.opened();
    growth.grew(300_000);
    const seen: number[] = [];
    const reading = (async () => {
      for await (const chunk of readGrowingFile(file, growth)) seen.push(chunk.byteLength);
    })();
    await new Promise((resolve) => setTimeout(resolve, 20));
    // One whole read; the 37,856 bytes after it wait for more (or for the end), not read on their own.
    expect(seen).toEqual([262_144]);
    growth.failed(new Error("the client went away"));
    growth.failed(new Error("a later error is not the one reported"));
    await expect(reading).rejects.toThrow("the client went away");
    expect(seen).toEqual([262_144]);
  });

  it("opens the file only once the writer says it exists, and throws the upload's error if it never does", async () => {
    const file = path.join(dir, "late");
    const growth = new FileGrowth();
    const read = collect(readGrowingFile(file, growth));
    await new Promise((resolve) => setTimeout(resolve, 5));
    await writeFile(file, "late but whole");
    growth.opened();
    growth.grew(14);
    growth.finished();
    expect(await read).toBe("late but whole");

    const never = new FileGrowth();
    const failing = collect(readGrowingFile(path.join(dir, "never"), never));
    never.failed(new Error("cut off before the file was made"));
    await expect(failing).rejects.toThrow("cut off before the file was made");
  });

  it("misses no notice given between a read and the wait after it", async () => {
    const growth = new FileGrowth();
    const { version } = growth.state;
    growth.grew(1);
    // Already changed: resolves at once instead of waiting for a notice that will never come.
    await expect(Promise.race([growth.changedSince(version).then(() => "woken"), new Promise((r) => setTimeout(() => r("hung"), 200))])).resolves.toBe("woken");
  });

  it("takes the bytes the writer still holds from memory, and reads back from the file only what memory let go", async () => {
    const file = path.join(dir, "held");
    const growth = new FileGrowth();
    // What the file says differs from what memory holds, so the test sees where each byte came from.
    await writeFile(file, "f".repeat(6 * 1024 * 1024));
    growth.opened();
    const chunk = (c: string) => Buffer.alloc(256 * 1024, c);
    // 6 MiB arrive before the reader starts: memory holds only the last HELD_BYTES (and a chunk) of it.
    for (let i = 0; i < 24; i++) growth.grew(256 * 1024, chunk("m"));
    growth.finished();
    const text = await collect(readGrowingFile(file, growth));
    expect(text.length).toBe(6 * 1024 * 1024);
    const fromFile = text.indexOf("m");
    expect(fromFile).toBeGreaterThan(0);
    expect(text.slice(0, fromFile)).toBe("f".repeat(fromFile));
    expect(text.slice(fromFile)).toBe("m".repeat(text.length - fromFile));
    expect(text.length - fromFile).toBeGreaterThanOrEqual(HELD_BYTES);
    expect(text.length - fromFile).toBeLessThanOrEqual(HELD_BYTES + 256 * 1024);
  });

  it("a reader keeping up never opens the file", async () => {
    const growth = new FileGrowth();
    growth.opened();
    const read = collect(readGrowingFile(path.join(dir, "never-written"), growth));
    for (const part of ["<a>", "x".repeat(300_000), "</a>"]) {
      growth.grew(part.length, Buffer.from(part));
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    growth.finished();
    expect(await read).toBe(`<a>${"x".repeat(300_000)}</a>`);
  });
});
