// Receiving report files over HTTP: a multipart form or one raw body, optionally gzip-encoded,
// streamed to temporary files so a 200 MB report never sits in memory. lib/ingest then reads
// the files back as streams; the caller deletes the directory when it is done.
import { createHash, type Hash } from "node:crypto";
import { createReadStream, createWriteStream } from "node:fs";
import { rm } from "node:fs/promises";
import path from "node:path";
import { Readable, Transform, type TransformCallback } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { ReadableStream as NodeReadableStream } from "node:stream/web";
import { createGunzip } from "node:zlib";
import busboy from "busboy";
import { ApiError } from "./errors";
import { FileGrowth } from "./growing-file";
import { makeSpoolDir } from "./spools";

/** A metadata field as received, in order; names repeat (`testFiles`, `label.<name>`). */
export type UploadField = readonly [name: string, value: string];

export interface ReceivedFile {
  filename: string;
  /** Where the bytes were spooled. */
  path: string;
  size: number;
  /**
   * sha256 (hex) of the bytes spooled, taken as they arrived: ingestion then checks the run for
   * the same file before reading it, and does not hash it again.
   */
  sha256: string;
}

export interface ReceivedUpload {
  fields: UploadField[];
  files: ReceivedFile[];
}

export interface ReceiveOptions {
  /** Limit on the body's bytes after Content-Encoding is undone (what is written to disk). */
  maxBytes: number;
  /**
   * Called once with every metadata field of the body, before the first file byte is written
   * (or at the end when there is no file part). Throwing rejects the request before the files
   * are read, so a bad token project or run key never costs a 200 MB spool.
   */
  onFields?: (fields: UploadField[]) => void | Promise<void>;
  /**
   * Called as each file starts to be spooled (before its first byte is written), in the order the
   * files come, with what its readers need to read it while it grows (readGrowingFile). Not
   * called for a part the request fails before.
   */
  onFileStart?: (file: ReceivedFile, growth: FileGrowth) => void;
}

/** Raw (non-multipart) bodies: one report or archive; the container is detected by magic bytes. */
export const RAW_CONTENT_TYPES: Readonly<Record<string, string>> = {
  "application/xml": "report.xml",
  "text/xml": "report.xml",
  "application/gzip": "report.xml.gz",
  "application/x-gzip": "report.xml.gz",
  "application/zip": "reports.zip",
  "application/x-zip-compressed": "reports.zip",
  "application/x-tar": "reports.tar",
  "application/octet-stream": "report",
};

const MAX_FILES = 1000;
const MAX_FILENAME = 500;

/**
 * Receives the upload into a fresh temporary directory, runs `handle`, and deletes the directory —
 * unless `handle` called `keep()`, which hands the directory (returned) to a background job that
 * must delete it when done.
 */
export async function withReceivedUpload<T>(
  request: Request,
  options: ReceiveOptions,
  handle: (upload: ReceivedUpload, keep: () => string) => Promise<T>,
): Promise<T> {
  const dir = await makeSpoolDir();
  let kept = false;
  try {
    return await handle(await receiveUpload(request, dir, options), () => {
      kept = true;
      return dir;
    });
  } finally {
    // Retried: a part still being spooled when the request failed may add a file meanwhile.
    if (!kept) await rm(dir, { recursive: true, force: true, maxRetries: 3 });
  }
}

export async function receiveUpload(request: Request, dir: string, options: ReceiveOptions): Promise<ReceivedUpload> {
  const contentType = request.headers.get("content-type") ?? "";
  const mediaType = contentType.split(";")[0]?.trim().toLowerCase() ?? "";
  const isMultipart = mediaType === "multipart/form-data";
  if (!isMultipart && !Object.hasOwn(RAW_CONTENT_TYPES, mediaType)) {
    throw new ApiError(
      "unsupported_media_type",
      `Send report files as multipart/form-data or as a raw body of type ${Object.keys(RAW_CONTENT_TYPES).join(", ")}` +
        (mediaType ? ` (got ${mediaType})` : " (no Content-Type given)"),
    );
  }
  const decode = contentDecoder(request.headers.get("content-encoding"));
  const declared = Number(request.headers.get("content-length") ?? NaN);
  // Decompression only grows the body: a declared length above the limit can be refused unread.
  if (Number.isFinite(declared) && declared > options.maxBytes) throw tooLarge(options.maxBytes);
  if (!request.body) throw new ApiError("malformed_report", "The request has no body", { reason: "empty-upload" });

  const body = Readable.fromWeb(request.body as unknown as NodeReadableStream<Uint8Array>);
  const stages: Stages = [body, ...(decode ? [decode] : []), byteLimit(options.maxBytes)];
  try {
    if (isMultipart) return await receiveMultipart(stages, contentType, dir, options);
    await options.onFields?.([]);
    const file = { filename: rawFilename(request), path: path.join(dir, "0"), size: 0, sha256: "" };
    await spool(stages, file, options);
    return { fields: [], files: [file] };
  } catch (error) {
    body.destroy();
    throw translateStreamError(error);
  }
}

function contentDecoder(encoding: string | null): Transform | null {
  const value = encoding?.trim().toLowerCase() ?? "";
  if (value === "" || value === "identity") return null;
  // 256 KiB output chunks instead of zlib's 16 KiB: a 54 MB report is 200 writes to the spool, not 3,300.
  if (value === "gzip" || value === "x-gzip") return createGunzip({ chunkSize: 256 * 1024 });
  throw new ApiError("unsupported_media_type", `Content-Encoding ${value} is not supported; use gzip or none`);
}

function tooLarge(maxBytes: number): ApiError {
  const mb = maxBytes / (1024 * 1024);
  return new ApiError("payload_too_large", `The upload is larger than the limit of ${Number.isInteger(mb) ? `${mb} MB` : `${maxBytes} bytes`} (GREENBOARD_MAX_UPLOAD_MB)`, {
    limitBytes: maxBytes,
  });
}

class ByteLimit extends Transform {
  private seen = 0;
  constructor(private readonly maxBytes: number) {
    super();
  }
  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.seen += chunk.byteLength;
    if (this.seen > this.maxBytes) callback(tooLarge(this.maxBytes));
    else callback(null, chunk);
  }
}

function byteLimit(maxBytes: number): Transform {
  return new ByteLimit(maxBytes);
}

/**
 * Writes `streams` into `file.path`, counting its bytes into `file.size` and hashing them into
 * `file.sha256`; with options.onFileStart, tells it when the file exists and, as bytes pass, its
 * readers (FileGrowth).
 */
async function spool(streams: readonly [Readable, ...Transform[]], file: ReceivedFile, options: ReceiveOptions): Promise<void> {
  const hash = createHash("sha256");
  const growth = options.onFileStart ? new FileGrowth() : null;
  const sink = createWriteStream(file.path);
  if (growth) {
    // Handed out in the order the files come (their opens may finish in another order); readers
    // wait for the open.
    options.onFileStart?.(file, growth);
    sink.once("open", () => growth.opened());
  }
  try {
    await pipeline([...streams, countBytes(file, hash, growth), sink]);
  } catch (error) {
    growth?.failed(error);
    throw error;
  }
  file.sha256 = hash.digest("hex");
  growth?.finished();
}

/**
 * A spooled file's bytes, opened only once they are asked for: a file never read (a duplicate the
 * run already has) holds no descriptor, and one read partway is closed when its reader stops.
 */
export async function* readSpoolFile(path: string): AsyncGenerator<Uint8Array> {
  yield* createReadStream(path, { highWaterMark: 256 * 1024 }) as AsyncIterable<Buffer>;
}

/** Counts the bytes on their way to the spool into `file.size`, hashes them, and says they came. */
function countBytes(file: { size: number }, hash: Hash, growth: FileGrowth | null): Transform {
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      file.size += chunk.byteLength;
      hash.update(chunk);
      callback(null, chunk);
      growth?.grew(chunk.byteLength, chunk);
    },
  });
}

function translateStreamError(error: unknown): unknown {
  if (error instanceof ApiError) return error;
  const code = (error as NodeJS.ErrnoException | null)?.code;
  if (code === "Z_DATA_ERROR" || code === "Z_BUF_ERROR") {
    return new ApiError("bad_request", "The body is not valid gzip (Content-Encoding: gzip)");
  }
  if (error instanceof Error && /^(Multipart|Malformed|Unexpected end of form)/i.test(error.message)) {
    return new ApiError("bad_request", `The multipart body is malformed: ${error.message}`);
  }
  return error;
}

/** `?filename=` first, then `Content-Disposition: attachment; filename=…`, then a name from the type. */
function rawFilename(request: Request): string {
  const fromQuery = new URL(request.url).searchParams.get("filename");
  const fromHeader = filenameFromDisposition(request.headers.get("content-disposition"));
  const mediaType = request.headers.get("content-type")?.split(";")[0]?.trim().toLowerCase() ?? "";
  return cleanFilename(fromQuery || fromHeader || RAW_CONTENT_TYPES[mediaType] || "report", 0);
}

export function filenameFromDisposition(header: string | null): string | null {
  if (!header) return null;
  const extended = /filename\*\s*=\s*([^']*)'[^']*'([^;]+)/i.exec(header);
  if (extended?.[2]) {
    try {
      return decodeURIComponent(extended[2].trim());
    } catch {
      // fall through to the plain parameter
    }
  }
  const quoted = /filename\s*=\s*"((?:[^"\\]|\\.)*)"/i.exec(header);
  if (quoted?.[1] !== undefined) return quoted[1].replace(/\\(.)/g, "$1");
  const token = /filename\s*=\s*([^;\s]+)/i.exec(header);
  return token?.[1] ?? null;
}

function cleanFilename(name: string, index: number): string {
  // The name is only shown and stored, never used as a path on this machine.
  const cleaned = name.replace(/[\u0000-\u001f\u007f]/g, "").trim().slice(0, MAX_FILENAME);
  return cleaned || `upload-${index + 1}`;
}

type Stages = readonly [Readable, ...Transform[]];

function receiveMultipart(stages: Stages, contentType: string, dir: string, options: ReceiveOptions): Promise<ReceivedUpload> {
  let parser: busboy.Busboy;
  try {
    parser = busboy({
      headers: { "content-type": contentType },
      // Report paths (`reports/unit/junit.xml`) tell shards apart; names are never used as paths here.
      preservePath: true,
      defParamCharset: "utf8",
      limits: { fieldSize: 64 * 1024, fields: 100_000, files: MAX_FILES },
    });
  } catch (error) {
    throw new ApiError("bad_request", `The multipart body cannot be read: ${error instanceof Error ? error.message : String(error)}`);
  }

  const fields: UploadField[] = [];
  const files: ReceivedFile[] = [];
  const writes: Promise<void>[] = [];
  let fieldsChecked: Promise<void> | null = null;
  const checkFields = () => (fieldsChecked ??= Promise.resolve().then(() => options.onFields?.(fields)));

  return new Promise<ReceivedUpload>((resolve, reject) => {
    let settled = false;
    const fail = (error: unknown) => {
      if (settled) return;
      settled = true;
      for (const stage of stages) stage.destroy();
      parser.destroy();
      reject(translateStreamError(error));
    };

    parser.on("field", (name, value, info) => {
      if (files.length > 0) {
        fail(
          new ApiError(
            "invalid_metadata",
            `The metadata field "${name}" came after a file part; send metadata fields before the files, or as query parameters`,
            { field: name, reason: "field-after-file" },
          ),
        );
        return;
      }
      if (info.valueTruncated || info.nameTruncated) {
        fail(new ApiError("invalid_metadata", `The metadata field "${name}" is too long`, { field: name }));
        return;
      }
      fields.push([name, value]);
    });

    parser.on("file", (_name, stream, info) => {
      const file = { filename: cleanFilename(info.filename ?? "", files.length), path: path.join(dir, String(files.length)), size: 0, sha256: "" };
      files.push(file);
      // A part abandoned while its fields are checked errors when the parser is destroyed;
      // the request already failed by then, with the reason that matters.
      stream.on("error", () => undefined);
      // Until the fields are accepted the part is not read; busboy's backpressure pauses the body.
      // Nothing more is spooled once the request has failed (the directory is about to go).
      const write = checkFields().then(() => (settled ? undefined : spool([stream], file, options)));
      write.catch(fail);
      writes.push(write);
    });

    parser.on("filesLimit", () => fail(new ApiError("payload_too_large", `At most ${MAX_FILES} files per request`)));
    parser.on("fieldsLimit", () => fail(new ApiError("payload_too_large", "Too many metadata fields")));
    parser.on("error", fail);
    parser.on("close", () => {
      Promise.all([checkFields(), ...writes]).then(() => {
        if (settled) return;
        settled = true;
        resolve({ fields, files });
      }, fail);
    });

    pipeline([...stages, parser]).catch(fail);
  });
}
