import { Readable, pipeline } from "node:stream";
import { Gunzip, Unzip, UnzipInflate, type UnzipFile } from "fflate";
import tar from "tar-stream";
import { JUnitParseError, type JUnitErrorCode } from "./errors";
import { collectJUnitReport } from "./parse";
import type { ByteSource, ParseOptions, ParsedReport } from "./types";

// Uploads may be one .xml, an .xml.gz, a .zip or a .tar(.gz) of reports. The container is
// recognised by its magic bytes (extensions lie), decompressed as it streams, and every member
// is handed on as its own byte stream, named `archive.zip!/inner/path.xml`.

export interface ArchiveLimits {
  /** Total uncompressed bytes across all members. Default 1 GiB. */
  maxTotalBytes: number;
  /** Uncompressed ÷ compressed above this is a bomb… */
  maxCompressionRatio: number;
  /** …once at least this many bytes were produced (small files compress well legitimately). */
  ratioCheckAfterBytes: number;
  /** Members (of any kind) per archive. Default 10,000. */
  maxMembers: number;
}

export const DEFAULT_ARCHIVE_LIMITS: Readonly<ArchiveLimits> = Object.freeze({
  maxTotalBytes: 1024 * 1024 * 1024,
  maxCompressionRatio: 200,
  ratioCheckAfterBytes: 16 * 1024 * 1024,
  maxMembers: 10_000,
});

export type ReportEntry =
  | { kind: "report"; path: string; bytes: AsyncIterable<Uint8Array> }
  | { kind: "skipped"; path: string; reason: string };

export interface ReportSourceOptions {
  /** The upload's file name, used as the path prefix (`name!/member`). */
  name: string;
  limits?: Partial<ArchiveLimits>;
}

type ContainerKind = "zip" | "gzip" | "tar" | "plain";

// Feeding the inflater small slices bounds what one push can expand to (deflate tops out near 1:1032).
const INFLATE_SLICE = 16 * 1024;
const TAR_HEADER = 512;

function archiveError(code: JUnitErrorCode, message: string, fileName: string): JUnitParseError {
  return new JUnitParseError(code, message, { fileName });
}

class ByteBudget {
  private input = 0;
  private output = 0;

  constructor(
    private readonly limits: ArchiveLimits,
    private readonly name: string,
  ) {}

  addInput(bytes: number): void {
    this.input += bytes;
  }

  addOutput(bytes: number): void {
    this.output += bytes;
    if (this.output > this.limits.maxTotalBytes) {
      throw archiveError(
        "ARCHIVE_TOO_LARGE",
        `The upload expands to more than ${this.limits.maxTotalBytes} bytes`,
        this.name,
      );
    }
    if (this.output > this.limits.ratioCheckAfterBytes && this.output > this.input * this.limits.maxCompressionRatio) {
      throw archiveError(
        "COMPRESSION_RATIO",
        `The upload expands more than ${this.limits.maxCompressionRatio}:1 (a compression bomb?)`,
        this.name,
      );
    }
  }
}

/** Refuses names that could escape an extraction directory, whatever we do with them later. */
export function checkMemberPath(name: string, archiveName: string): string {
  const normalised = name.replace(/\\/g, "/");
  const segments = normalised.split("/");
  if (
    normalised.startsWith("/") ||
    /^[A-Za-z]:/.test(normalised) ||
    normalised.includes("\0") ||
    segments.includes("..")
  ) {
    throw archiveError("UNSAFE_PATH", `Archive member name ${JSON.stringify(name)} is not a safe relative path`, archiveName);
  }
  return segments.filter((segment) => segment !== "" && segment !== ".").join("/");
}

function memberSkipReason(path: string): string | null {
  if (path.startsWith("__MACOSX/") || path.split("/").some((s) => s.startsWith("._"))) {
    return "macOS metadata, not a report";
  }
  if (!/\.xml$/i.test(path)) return "not an .xml file";
  return null;
}

async function* iterateBytes(source: ByteSource): AsyncGenerator<Uint8Array> {
  if ("getReader" in source) {
    const reader = source.getReader();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return;
        yield value;
      }
    } finally {
      reader.releaseLock();
    }
  }
  for await (const chunk of source) yield typeof chunk === "string" ? Buffer.from(chunk) : chunk;
}

/** Reads until `size` bytes are buffered (or the source ends); returns them and the rest of the stream. */
async function peekBytes(
  source: AsyncIterable<Uint8Array>,
  size: number,
): Promise<{ head: Uint8Array; rest: AsyncGenerator<Uint8Array> }> {
  const iterator = source[Symbol.asyncIterator]();
  const buffered: Uint8Array[] = [];
  let length = 0;
  while (length < size) {
    const next = await iterator.next();
    if (next.done) break;
    buffered.push(next.value);
    length += next.value.byteLength;
  }
  const head = Buffer.concat(buffered);
  async function* rest(): AsyncGenerator<Uint8Array> {
    if (head.byteLength > 0) yield head;
    for (;;) {
      const next = await iterator.next();
      if (next.done) return;
      yield next.value;
    }
  }
  return { head, rest: rest() };
}

function isTarHeader(head: Uint8Array): boolean {
  if (head.byteLength < 262) return false;
  return Buffer.from(head.buffer, head.byteOffset + 257, 5).toString("latin1") === "ustar";
}

function detectContainer(head: Uint8Array): ContainerKind {
  if (head[0] === 0x50 && head[1] === 0x4b && (head[2] === 0x03 || head[2] === 0x05) && (head[3] === 0x04 || head[3] === 0x06)) {
    return "zip";
  }
  if (head[0] === 0x1f && head[1] === 0x8b) return "gzip";
  if (isTarHeader(head)) return "tar";
  return "plain";
}

function* slices(chunk: Uint8Array): Generator<Uint8Array> {
  for (let offset = 0; offset < chunk.byteLength; offset += INFLATE_SLICE) {
    yield chunk.subarray(offset, Math.min(chunk.byteLength, offset + INFLATE_SLICE));
  }
}

async function* gunzipBytes(source: AsyncIterable<Uint8Array>, budget: ByteBudget, name: string): AsyncGenerator<Uint8Array> {
  let ready: Uint8Array[] = [];
  const gunzip = new Gunzip((data) => {
    budget.addOutput(data.byteLength);
    ready.push(data);
  });
  const push = (data: Uint8Array, final: boolean) => {
    try {
      gunzip.push(data, final);
    } catch (error) {
      if (error instanceof JUnitParseError) throw error;
      throw archiveError("ARCHIVE_CORRUPT", `Invalid gzip data: ${(error as Error).message}`, name);
    }
  };
  for await (const chunk of source) {
    for (const slice of slices(chunk)) {
      budget.addInput(slice.byteLength);
      push(slice, false);
      if (ready.length > 0) {
        const out = ready;
        ready = [];
        yield* out;
      }
    }
  }
  push(new Uint8Array(0), true);
  yield* ready;
}

async function* countBytes(source: AsyncIterable<Uint8Array>, budget: ByteBudget): AsyncGenerator<Uint8Array> {
  for await (const chunk of source) {
    budget.addInput(chunk.byteLength);
    budget.addOutput(chunk.byteLength);
    yield chunk;
  }
}

type MemberEvent =
  | { type: "start"; path: string }
  | { type: "data"; bytes: Uint8Array }
  | { type: "end" }
  | { type: "skip"; path: string; reason: string };

class MemberCounter {
  private count = 0;
  constructor(
    private readonly max: number,
    private readonly name: string,
  ) {}
  next(): void {
    if (++this.count > this.max) {
      throw archiveError("TOO_MANY_MEMBERS", `The archive has more than ${this.max} members`, this.name);
    }
  }
}

async function* zipEvents(
  source: AsyncIterable<Uint8Array>,
  budget: ByteBudget,
  limits: ArchiveLimits,
  name: string,
): AsyncGenerator<MemberEvent> {
  let events: MemberEvent[] = [];
  // fflate swallows what its callbacks throw, so our own errors are parked here and rethrown.
  let failure: JUnitParseError | null = null;
  const members = new MemberCounter(limits.maxMembers, name);
  const guarded = (action: () => void) => {
    if (failure !== null) return;
    try {
      action();
    } catch (error) {
      if (error instanceof JUnitParseError) failure = error;
      else throw error;
    }
  };
  const unzip = new Unzip((file: UnzipFile) => guarded(() => {
    members.next();
    const path = checkMemberPath(file.name, name);
    if (file.name.endsWith("/")) return; // a directory entry
    const reason =
      memberSkipReason(path) ??
      (file.compression === 0 || file.compression === 8 ? null : `unsupported compression method ${file.compression}`);
    if (reason !== null) {
      events.push({ type: "skip", path, reason });
      return;
    }
    events.push({ type: "start", path });
    file.ondata = (error, data, final) =>
      guarded(() => {
        if (error) throw archiveError("ARCHIVE_CORRUPT", `Invalid zip member ${path}: ${error.message}`, name);
        budget.addOutput(data.byteLength);
        if (data.byteLength > 0) events.push({ type: "data", bytes: data });
        if (final) events.push({ type: "end" });
      });
    file.start();
  }));
  unzip.register(UnzipInflate);
  const push = (data: Uint8Array, final: boolean) => {
    try {
      unzip.push(data, final);
    } catch (error) {
      if (error instanceof JUnitParseError) throw error;
      throw archiveError("ARCHIVE_CORRUPT", `Invalid zip data: ${(error as Error).message}`, name);
    }
    if (failure !== null) throw failure;
  };
  for await (const chunk of source) {
    for (const slice of slices(chunk)) {
      budget.addInput(slice.byteLength);
      push(slice, false);
      if (events.length > 0) {
        const out = events;
        events = [];
        yield* out;
      }
    }
  }
  push(new Uint8Array(0), true);
  yield* events;
}

async function* tarEvents(
  source: AsyncIterable<Uint8Array>,
  limits: ArchiveLimits,
  name: string,
): AsyncGenerator<MemberEvent> {
  const extract = tar.extract();
  const members = new MemberCounter(limits.maxMembers, name);
  let failure: unknown = null;
  pipeline(Readable.from(source), extract, (error) => {
    if (error) failure = error;
  });
  try {
    for await (const entry of extract) {
      members.next();
      const path = checkMemberPath(entry.header.name, name);
      const type = entry.header.type ?? "file";
      if (type !== "file" && type !== "contiguous-file") {
        if (type !== "directory") yield { type: "skip", path, reason: `not a regular file (${type})` };
        entry.resume();
        continue;
      }
      const reason = memberSkipReason(path);
      if (reason !== null) {
        yield { type: "skip", path, reason };
        entry.resume();
        continue;
      }
      yield { type: "start", path };
      for await (const chunk of entry as AsyncIterable<Uint8Array>) yield { type: "data", bytes: chunk };
      yield { type: "end" };
    }
  } catch (error) {
    const cause = failure ?? error;
    if (cause instanceof JUnitParseError) throw cause;
    throw archiveError("ARCHIVE_CORRUPT", `Invalid tar data: ${(cause as Error).message}`, name);
  }
  if (failure !== null) {
    if (failure instanceof JUnitParseError) throw failure;
    throw archiveError("ARCHIVE_CORRUPT", `Invalid tar data: ${(failure as Error).message}`, name);
  }
}

/** Turns member events into entries whose `bytes` pull from the same underlying stream. */
async function* entriesFromEvents(events: AsyncGenerator<MemberEvent>, name: string): AsyncGenerator<ReportEntry> {
  for (let next = await events.next(); !next.done; next = await events.next()) {
    const event = next.value;
    if (event.type === "skip") {
      yield { kind: "skipped", path: `${name}!/${event.path}`, reason: event.reason };
      continue;
    }
    if (event.type !== "start") continue;
    const member = { ended: false };
    async function* memberBytes(): AsyncGenerator<Uint8Array> {
      for (;;) {
        const inner = await events.next();
        if (inner.done) throw archiveError("ARCHIVE_CORRUPT", "The archive ends inside a member", name);
        if (inner.value.type === "end") {
          member.ended = true;
          return;
        }
        if (inner.value.type === "data") yield inner.value.bytes;
      }
    }
    yield { kind: "report", path: `${name}!/${event.path}`, bytes: memberBytes() };
    // The consumer may have stopped early (a parse error in that member): skip to its end.
    while (!member.ended) {
      const inner = await events.next();
      if (inner.done || inner.value.type === "end") member.ended = true;
    }
  }
}

/**
 * Opens an upload: yields each report inside it (one for a plain .xml or .xml.gz) and a
 * `skipped` note for every other member. Consume (or abandon) an entry's `bytes` before asking
 * for the next entry. Throws JUnitParseError for bombs, oversize, unsafe paths, corrupt data.
 */
export async function* openReportSource(source: ByteSource, options: ReportSourceOptions): AsyncGenerator<ReportEntry> {
  const limits: ArchiveLimits = { ...DEFAULT_ARCHIVE_LIMITS, ...options.limits };
  const name = options.name;
  const budget = new ByteBudget(limits, name);
  const { head, rest } = await peekBytes(iterateBytes(source), TAR_HEADER);
  const kind = detectContainer(head);

  if (kind === "zip") {
    yield* entriesFromEvents(zipEvents(rest, budget, limits, name), name);
    return;
  }
  if (kind === "tar") {
    yield* entriesFromEvents(tarEvents(countBytes(rest, budget), limits, name), name);
    return;
  }
  if (kind === "plain") {
    yield { kind: "report", path: name, bytes: countBytes(rest, budget) };
    return;
  }
  const inflated = await peekBytes(gunzipBytes(rest, budget, name), TAR_HEADER);
  if (isTarHeader(inflated.head)) {
    yield* entriesFromEvents(tarEvents(inflated.rest, limits, name), name);
    return;
  }
  yield { kind: "report", path: name, bytes: inflated.rest };
}

export type ParsedReportEntry =
  | { kind: "report"; path: string; report: ParsedReport }
  | { kind: "skipped"; path: string; reason: string }
  | { kind: "invalid"; path: string; error: JUnitParseError };

/** Errors about the container itself (not one member): they reject the whole upload. */
export const ARCHIVE_ERROR_CODES: ReadonlySet<JUnitErrorCode> = new Set<JUnitErrorCode>([
  "ARCHIVE_TOO_LARGE",
  "COMPRESSION_RATIO",
  "UNSAFE_PATH",
  "ARCHIVE_CORRUPT",
  "TOO_MANY_MEMBERS",
]);

/**
 * Convenience for the CLI and small uploads: every member parsed and collected. Inside an
 * archive, a member whose root is not a JUnit root is `skipped` and an unparsable one is
 * `invalid`; a plain upload that fails to parse throws, as do archive-level problems.
 */
export async function* parseReportSource(
  source: ByteSource,
  options: ReportSourceOptions & { parse?: ParseOptions },
): AsyncGenerator<ParsedReportEntry> {
  for await (const entry of openReportSource(source, options)) {
    if (entry.kind === "skipped") {
      yield entry;
      continue;
    }
    const isMember = entry.path !== options.name;
    try {
      const report = await collectJUnitReport(entry.bytes, { ...options.parse, fileName: entry.path });
      yield { kind: "report", path: entry.path, report };
    } catch (error) {
      if (!(error instanceof JUnitParseError) || ARCHIVE_ERROR_CODES.has(error.code) || !isMember) throw error;
      if (error.code === "NOT_JUNIT") yield { kind: "skipped", path: entry.path, reason: error.message };
      else yield { kind: "invalid", path: entry.path, error };
    }
  }
}
