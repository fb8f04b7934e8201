// `greenboard upload`: sends report files to a Greenboard server from CI. Files stream from disk
// as one gzip-compressed multipart body (metadata fields first, as the API requires) through one
// reused read buffer, at the pace the connection takes them, so a 200 MB report is never held in
// memory. The exit code says whether the upload worked, never whether the tests passed: a red
// suite must not also fail the pipeline's upload step.
import { randomBytes, randomUUID } from "node:crypto";
import { open, readdir, stat } from "node:fs/promises";
import path from "node:path";
import type { Writable } from "node:stream";
import { parseArgs } from "node:util";
import { constants as zlib, createGzip } from "node:zlib";
import picomatch from "picomatch";
import { detectCiRun } from "./ci-env";
import { httpRequest, writeChunk, type HttpAnswer } from "./http";
import { EXIT_ERROR, EXIT_FAILURE, EXIT_OK, EXIT_USAGE, type CliIo } from "./io";
import { findTestFiles, isFileAllCommentedOut } from "./missing-tests";

export const UPLOAD_USAGE = `Usage: greenboard upload [options] FILE|DIR|GLOB...

Uploads JUnit XML reports (or .xml.gz, .zip, .tar, .tar.gz archives of them) to a Greenboard
server. A directory uploads every *.xml under it. Run key, branch, commit and CI link are taken
from GitHub Actions, GitLab CI, Jenkins, CircleCI, Buildkite or Azure Pipelines when not given.

Options:
  --url URL            Greenboard server (default: $GREENBOARD_URL)
  --token TOKEN        The project's upload token (default: $GREENBOARD_TOKEN)
  --run-key KEY        Uploads with the same key join one run (default: the CI pipeline id)
  --branch NAME        Branch the tests ran on
  --commit SHA         Commit the tests ran on
  --ci-url URL         Link to the CI job or pipeline
  --label NAME=VALUE   Free label on the run; repeatable
  --shards N           The run has N shards: it completes when N uploads arrived
  --finish             This is the run's last upload: complete the run once it is stored
                       (--completed is the same)
  --test-files GLOB    Test files on disk (sent so that files reporting no tests can be found); repeatable
  --project SLUG       Fail unless the token belongs to this project
  --no-compress        Send the body uncompressed (default: gzip)
  --fail-on-empty      Fail (exit 1) when the reports hold no test case at all
  -h, --help           Show this help

Network errors, 429 and 5xx answers are retried with exponential backoff and jitter (5 attempts).
A large upload that the server ingests in the background (202) is followed until it is done.

Exit status: 0 when the server stored the reports (whatever the tests' outcome), 1 when the
upload failed (or held no test case with --fail-on-empty), 2 when no report file matched, 64 for
bad usage.
`;

type Env = Readonly<Record<string, string | undefined>>;

export interface UploadDeps {
  env: Env;
  /** First retry delay; doubles per attempt. */
  retryDelayMs?: number;
  /** Upper bound of one wait, including a server's Retry-After (default 60 s). */
  maxDelayMs?: number;
  /** Jitter source in [0, 1) (default Math.random): the wait is between half and all of the backoff. */
  random?: () => number;
  /** Draw a progress bar (a terminal); plain lines otherwise. Default: whether stdout and stderr are a TTY. */
  progressBar?: boolean;
  /** Between status requests for a background ingestion when the server answered without waiting (a server without long polling): after its first 10 s (default 2 s; every 0.2 s before). */
  pollIntervalMs?: number;
}

const ATTEMPTS = 5;
// How long a background ingestion (202) is followed before the CLI gives up waiting.
const MAX_JOB_WAIT_MS = 60 * 60 * 1000;
const QUICK_POLL_MS = 200;
/** How long the server may hold a status answer (`?wait=`, at most 30 on the server). */
const JOB_WAIT_S = 25;
const QUICK_POLLS_MS = 10_000;
// Never worth walking for reports, and huge.
const SKIPPED_DIRECTORIES = new Set(["node_modules", ".git"]);

interface UploadFileRef {
  /** Absolute path on disk. */
  path: string;
  /** Name sent to the server: the path relative to the working directory when inside it. */
  name: string;
}

interface UploadPlan {
  endpoint: string;
  token: string;
  fields: [string, string][];
  files: UploadFileRef[];
  compress: boolean;
  failOnEmpty: boolean;
  /** Bytes of all files on disk, for the progress display. */
  totalBytes: number;
}

class UsageError extends Error {}

interface Problem {
  title?: string;
  status?: number;
  detail?: string;
}

interface RunBody {
  run: { id: string; runKey: string; url: string; status: string; tests: number; passed: number; failed: number; errors: number; skipped: number; missing: number; passRate: number | null };
  uploads: { filename: string; duplicate: boolean; tests: number; notes?: string[] }[];
}

/** A 202: the server received the files and ingests them in the background. */
interface QueuedBody {
  run: RunBody["run"];
  job: { id: string; status: string; statusUrl: string };
}

interface JobBody {
  job: { status: "queued" | "running" | "done" | "failed"; progress: number; total: number; error: string | null };
  run: RunBody["run"] | null;
  uploads?: RunBody["uploads"];
}

function parseUploadArgs(args: string[]) {
  try {
    return parseArgs({
      args,
      options: {
        url: { type: "string" },
        token: { type: "string" },
        "run-key": { type: "string" },
        branch: { type: "string" },
        commit: { type: "string" },
        "ci-url": { type: "string" },
        label: { type: "string", multiple: true, default: [] },
        shards: { type: "string" },
        finish: { type: "boolean", default: false },
        completed: { type: "boolean", default: false },
        "test-files": { type: "string", multiple: true, default: [] },
        project: { type: "string" },
        "no-compress": { type: "boolean", default: false },
        "fail-on-empty": { type: "boolean", default: false },
      },
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}

/** `https://gb.example` or `https://gb.example/api/v1/runs` → the runs endpoint. */
export function runsEndpoint(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new UsageError(`--url must be an http(s) URL (got ${JSON.stringify(url)})`);
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") throw new UsageError(`--url must be an http(s) URL (got ${JSON.stringify(url)})`);
  const base = parsed.href.replace(/[?#].*$/, "").replace(/\/+$/, "");
  return base.endsWith("/api/v1/runs") ? base : `${base}/api/v1/runs`;
}

async function* walkXml(dir: string): AsyncGenerator<string> {
  const entries = await readdir(dir, { withFileTypes: true });
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!SKIPPED_DIRECTORIES.has(entry.name)) yield* walkXml(full);
    } else if (entry.isFile() && entry.name.toLowerCase().endsWith(".xml")) {
      yield full;
    }
  }
}

/** Files named by the arguments: files as given, directories' *.xml, globs' matches (relative to cwd). */
export async function resolveReportFiles(patterns: readonly string[], cwd: string): Promise<{ files: UploadFileRef[]; unmatched: string[] }> {
  const found = new Set<string>();
  const unmatched: string[] = [];
  for (const pattern of patterns) {
    const before = found.size;
    const absolute = path.resolve(cwd, pattern);
    const info = await stat(absolute).catch(() => null);
    if (info?.isFile()) found.add(absolute);
    else if (info?.isDirectory()) for await (const file of walkXml(absolute)) found.add(file);
    else if (picomatch.scan(pattern).isGlob) for (const file of await findTestFiles([pattern], cwd)) found.add(path.resolve(cwd, file));
    if (found.size === before) unmatched.push(pattern);
  }
  const files = [...found].sort().map((file) => {
    const relative = path.relative(cwd, file);
    const inside = relative !== "" && !relative.startsWith("..") && !path.isAbsolute(relative);
    return { path: file, name: (inside ? relative : path.basename(file)).split(path.sep).join("/") };
  });
  return { files, unmatched };
}

async function planUpload(args: string[], io: CliIo, deps: UploadDeps): Promise<UploadPlan | number> {
  const { values, positionals } = parseUploadArgs(args);
  const url = values.url ?? deps.env.GREENBOARD_URL;
  const token = values.token ?? deps.env.GREENBOARD_TOKEN;
  if (!url) throw new UsageError("no server URL: pass --url or set GREENBOARD_URL");
  if (!token) throw new UsageError("no upload token: pass --token or set GREENBOARD_TOKEN");
  if (positionals.length === 0) throw new UsageError("no report files given");
  if (values.shards !== undefined && !/^[1-9]\d*$/.test(values.shards)) throw new UsageError(`--shards must be a positive integer (got ${values.shards})`);
  const endpoint = runsEndpoint(url);

  const { files, unmatched } = await resolveReportFiles(positionals, io.cwd);
  for (const pattern of unmatched) await io.stderr.write(`greenboard upload: warning: ${pattern} matched no report file\n`);
  if (files.length === 0) {
    await io.stderr.write(`greenboard upload: no report files matched ${positionals.join(" ")}; nothing was uploaded\n`);
    return EXIT_FAILURE;
  }

  const ci = detectCiRun(deps.env);
  // Without a key, the server would make a new run per request, and a retry after a lost
  // response would then count twice; a key chosen here keeps retries idempotent.
  const runKey = values["run-key"] ?? ci?.runKey ?? `upload-${randomUUID()}`;
  const fields: [string, string][] = [["runKey", runKey]];
  const add = (name: string, value: string | undefined) => {
    if (value !== undefined && value !== "") fields.push([name, value]);
  };
  add("project", values.project);
  add("branch", values.branch ?? ci?.branch);
  add("commit", values.commit ?? ci?.commit);
  add("ciUrl", values["ci-url"] ?? ci?.ciUrl);
  add("shards", values.shards);
  // Completion travels with the upload (the API's `completed` field): the server completes the run
  // right after storing these files, with no second request that could fail in between.
  if (values.finish || values.completed) add("completed", "true");
  for (const label of values.label) {
    const eq = label.indexOf("=");
    if (eq <= 0) throw new UsageError(`--label must be NAME=VALUE (got ${JSON.stringify(label)})`);
    add(`label.${label.slice(0, eq)}`, label.slice(eq + 1));
  }
  if (values["test-files"].length > 0) {
    // The server cannot read the files: the verdict on each file's content travels with the list.
    for (const file of await findTestFiles(values["test-files"], io.cwd)) {
      add("testFiles", file);
      if (await isFileAllCommentedOut(file, io.cwd)) add("commentedOutFiles", file);
    }
  }
  const sizes = await Promise.all(files.map((file) => stat(file.path).then((info) => info.size)));
  return {
    endpoint,
    token,
    fields,
    files,
    compress: !values["no-compress"],
    failOnEmpty: values["fail-on-empty"],
    totalBytes: sizes.reduce((sum, size) => sum + size, 0),
  };
}

// The WHATWG multipart encoding of names: quotes and line breaks percent-encoded.
const quote = (text: string) => text.replace(/"/g, "%22").replace(/\r/g, "%0D").replace(/\n/g, "%0A");

// Fastest deflate: about half of level 6's CPU for 20–65 % more bytes, and a CI runner's few cores
// have other work; measured sizes and times in docs/decisions.md.
const GZIP_LEVEL = zlib.Z_BEST_SPEED;
// Each file is read into this one buffer, reused once the stream below is done with a chunk: a
// fresh buffer per read left tens of MiB of spent buffers waiting for a garbage collection that
// the CLI's nearly idle JavaScript heap rarely triggers.
const READ_BUFFER_BYTES = 256 * 1024;

/** Writes the multipart body into `sink`, waiting for each chunk to be taken (backpressure). */
async function writeMultipart(sink: Writable, plan: UploadPlan, boundary: string, onBytes: (bytes: number) => void, stopped: Promise<void>): Promise<void> {
  let isStopped = false;
  void stopped.then(() => (isStopped = true));
  const put = async (chunk: Buffer) => {
    if (!isStopped) await writeChunk(sink, chunk, stopped);
  };
  for (const [name, value] of plan.fields) {
    await put(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${quote(name)}"\r\n\r\n${value}\r\n`));
  }
  const buffer = Buffer.allocUnsafe(READ_BUFFER_BYTES);
  for (const file of plan.files) {
    const type = file.name.toLowerCase().endsWith(".xml") ? "application/xml" : "application/octet-stream";
    await put(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="files"; filename="${quote(file.name)}"\r\nContent-Type: ${type}\r\n\r\n`));
    const handle = await open(file.path);
    try {
      for (;;) {
        const { bytesRead } = await handle.read(buffer, 0, buffer.length, null);
        if (bytesRead === 0 || isStopped) break;
        onBytes(bytesRead);
        await put(buffer.subarray(0, bytesRead));
      }
    } finally {
      await handle.close();
    }
    await put(Buffer.from("\r\n"));
  }
  await put(Buffer.from(`--${boundary}--\r\n`));
}

/** One attempt: the body is built afresh from the files (a retry sends them again). */
function sendUpload(plan: UploadPlan, onBytes: (bytes: number) => void): Promise<HttpAnswer> {
  const boundary = `greenboard-${randomBytes(16).toString("hex")}`;
  const headers: Record<string, string> = {
    authorization: `Bearer ${plan.token}`,
    "content-type": `multipart/form-data; boundary=${boundary}`,
    accept: "application/json",
    // The report bytes about to come (before gzip): a server may start storing a large upload
    // while it is still arriving (x-greenboard-upload-bytes, lib/api/runs.ts).
    "x-greenboard-upload-bytes": String(plan.totalBytes),
  };
  if (plan.compress) headers["content-encoding"] = "gzip";
  return httpRequest(plan.endpoint, {
    method: "POST",
    headers,
    async writeBody(request, stopped) {
      if (!plan.compress) return writeMultipart(request, plan, boundary, onBytes, stopped);
      const gzip = createGzip({ level: GZIP_LEVEL });
      const flushed = new Promise<void>((resolve, reject) => gzip.on("end", resolve).on("error", reject));
      // A gzip error also fails the pending write, which is where it is reported.
      flushed.catch(() => undefined);
      gzip.pipe(request, { end: false });
      try {
        await writeMultipart(gzip, plan, boundary, onBytes, stopped);
        gzip.end();
        await Promise.race([flushed, stopped]);
      } finally {
        gzip.destroy();
      }
    },
  });
}

const isRetryableStatus = (status: number) => status >= 500 || status === 408 || status === 429;

function describeNetworkError(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === "string") return code;
  return error instanceof Error ? error.message : String(error);
}

const isSuccess = (answer: HttpAnswer) => answer.status >= 200 && answer.status < 300;

function describeFailure(answer: HttpAnswer): string {
  const { status, statusText, text } = answer;
  try {
    const problem = JSON.parse(text) as Problem;
    if (problem.detail || problem.title) return `${status} ${problem.title ?? statusText}: ${problem.detail ?? ""}`.trim();
  } catch {
    // not JSON: show the start of whatever came back
  }
  return `${status} ${statusText}${text ? `: ${text.slice(0, 300)}` : ""}`;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function formatPassRate(passRate: number | null): string {
  return passRate === null ? "no pass rate yet" : `pass rate ${(Math.floor(passRate * 1000) / 10).toFixed(1)} %`;
}

function summaryLine(body: RunBody): string {
  const { run, uploads } = body;
  const duplicates = uploads.filter((u) => u.duplicate).length;
  const files = `${uploads.length} file${uploads.length === 1 ? "" : "s"}${duplicates ? ` (${duplicates} already received)` : ""}`;
  return (
    `Uploaded ${files} to run ${run.runKey} (${run.status}): ${run.tests} tests, ${run.passed} passed, ${run.failed} failed, ` +
    `${run.errors} errors, ${run.skipped} skipped, ${run.missing} missing; ${formatPassRate(run.passRate)}`
  );
}

/** Exponential backoff with jitter: between half and all of `base × 2^(attempt-1)`, at least a server's Retry-After, at most `max`. */
export function retryDelay(attempt: number, options: { baseMs: number; maxMs: number; random: () => number; retryAfterSeconds?: number }): number {
  const backoff = options.baseMs * 2 ** (attempt - 1) * (0.5 + 0.5 * options.random());
  const floor = (options.retryAfterSeconds ?? 0) * 1000;
  return Math.round(Math.min(options.maxMs, Math.max(backoff, floor)));
}

function retryAfterOf(answer: HttpAnswer): number | undefined {
  const value = Number(answer.headers["retry-after"]);
  return Number.isFinite(value) && value > 0 ? value : undefined;
}

const formatMb = (bytes: number) => `${(bytes / (1024 * 1024)).toFixed(1)} MB`;

// Smaller uploads finish in a blink: progress lines in a CI log would only be noise.
const PLAIN_PROGRESS_MIN_BYTES = 8 * 1024 * 1024;

/**
 * Upload progress on stderr (stdout stays the summary and the run URL, for scripts): a redrawn
 * bar on a terminal; in a CI log, for a large upload, one line at the start and one per quarter,
 * so the log shows that it is alive without a line per chunk.
 */
function progressReporter(io: CliIo, totalBytes: number, bar: boolean) {
  const plain = !bar && totalBytes >= PLAIN_PROGRESS_MIN_BYTES;
  let sent = 0;
  let lastQuarter = 0;
  let lastDraw = 0;
  let pending = Promise.resolve();
  const write = (text: string) => {
    pending = pending.then(() => io.stderr.write(text)).catch(() => undefined);
  };
  return {
    start(files: number) {
      sent = 0;
      lastQuarter = 0;
      if (plain) write(`Uploading ${files} file${files === 1 ? "" : "s"} (${formatMb(totalBytes)})\n`);
    },
    add(bytes: number) {
      sent += bytes;
      const share = totalBytes === 0 ? 1 : Math.min(1, sent / totalBytes);
      if (bar) {
        if (Date.now() - lastDraw < 100 && share < 1) return;
        lastDraw = Date.now();
        const width = 30;
        const filled = Math.round(share * width);
        write(`\r[${"#".repeat(filled)}${".".repeat(width - filled)}] ${String(Math.floor(share * 100)).padStart(3)} % ${formatMb(sent)} / ${formatMb(totalBytes)}`);
      } else if (plain) {
        const quarter = Math.floor(share * 4);
        if (quarter > lastQuarter && quarter < 4) {
          lastQuarter = quarter;
          write(`Sent ${quarter * 25} % (${formatMb(sent)})\n`);
        }
      }
    },
    /** Ends the bar's line before anything else is printed. */
    async done() {
      if (bar) write("\r\u001b[2K");
      await pending;
    },
  };
}

/** Follows a background ingestion until it is done or failed; resolves to the final body or a failure text. */
async function followJob(
  queued: QueuedBody,
  plan: UploadPlan,
  io: CliIo,
  options: { pollIntervalMs: number; retryDelayMs: number; maxDelayMs: number; random: () => number },
): Promise<{ body: RunBody } | { failure: string }> {
  await io.stderr.write(`greenboard upload: the server is processing the upload in the background (job ${queued.job.id}); waiting for it\n`);
  const deadline = Date.now() + MAX_JOB_WAIT_MS;
  let errors = 0;
  const started = Date.now();
  // Long polling: the server holds each answer until the job ends (or JOB_WAIT_S pass), so the
  // outcome is known the moment it is stored, and a long job costs one request per JOB_WAIT_S.
  const statusUrl = new URL(queued.job.statusUrl);
  statusUrl.searchParams.set("wait", String(JOB_WAIT_S));
  while (Date.now() < deadline) {
    // After a failed status request (a proxy in between that cuts held requests short, say), no
    // more holding: plain requests with pauses, as to a server without long polling.
    if (errors > 0) statusUrl.searchParams.set("wait", "0");
    const askedAt = Date.now();
    let response: HttpAnswer;
    try {
      response = await httpRequest(statusUrl.href, { method: "GET", headers: { authorization: `Bearer ${plan.token}`, accept: "application/json" } });
    } catch (error) {
      if (++errors >= ATTEMPTS) return { failure: `cannot reach ${queued.job.statusUrl}: ${describeNetworkError(error)}` };
      await sleep(retryDelay(errors, { baseMs: options.retryDelayMs, maxMs: options.maxDelayMs, random: options.random }));
      continue;
    }
    if (!isSuccess(response)) {
      const failure = describeFailure(response);
      if (!isRetryableStatus(response.status) || ++errors >= ATTEMPTS) return { failure };
      await sleep(retryDelay(errors, { baseMs: options.retryDelayMs, maxMs: options.maxDelayMs, random: options.random, retryAfterSeconds: retryAfterOf(response) }));
      continue;
    }
    errors = 0;
    const status = JSON.parse(response.text) as JobBody;
    if (status.job.status === "failed") return { failure: `the server could not store the upload: ${status.job.error ?? "unknown error"}` };
    if (status.job.status === "done" && status.run) return { body: { run: status.run, uploads: status.uploads ?? [] } };
    // An answer that did not wait (a server without long polling): ask again after a pause, every
    // 0.2 s for the first 10 s, then every interval.
    if (Date.now() - askedAt < 1000) await sleep(Date.now() - started < QUICK_POLLS_MS ? Math.min(options.pollIntervalMs, QUICK_POLL_MS) : options.pollIntervalMs);
  }
  return { failure: `the server did not finish processing the upload within ${MAX_JOB_WAIT_MS / 60_000} minutes (job ${queued.job.id})` };
}

/** Runs `greenboard upload` with the arguments after `upload`; resolves to the exit code. */
export async function runUpload(args: string[], io: CliIo, deps: UploadDeps = { env: process.env }): Promise<number> {
  let plan: UploadPlan | number;
  try {
    plan = await planUpload(args, io, deps);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    await io.stderr.write(`greenboard upload: ${error.message}\n\n${UPLOAD_USAGE}`);
    return EXIT_USAGE;
  }
  if (typeof plan === "number") return plan;

  const retryDelayMs = deps.retryDelayMs ?? 1000;
  const maxDelayMs = deps.maxDelayMs ?? 60_000;
  const random = deps.random ?? Math.random;
  const progress = progressReporter(io, plan.totalBytes, deps.progressBar ?? (process.stdout.isTTY === true && process.stderr.isTTY === true));
  for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
    let failure: string;
    let retryAfter: number | undefined;
    try {
      progress.start(plan.files.length);
      const response = await sendUpload(plan, (n) => progress.add(n));
      await progress.done();
      if (isSuccess(response)) {
        let body: RunBody;
        if (response.status === 202) {
          const followed = await followJob(JSON.parse(response.text) as QueuedBody, plan, io, {
            pollIntervalMs: deps.pollIntervalMs ?? 2000,
            retryDelayMs,
            maxDelayMs,
            random,
          });
          if ("failure" in followed) {
            await io.stderr.write(`greenboard upload: ${followed.failure}\n`);
            return EXIT_ERROR;
          }
          body = followed.body;
        } else {
          body = JSON.parse(response.text) as RunBody;
        }
        return await reportStored(body, plan, io);
      }
      failure = describeFailure(response);
      retryAfter = retryAfterOf(response);
      // 4xx: the request itself is wrong (token, file, field); sending it again changes nothing.
      if (!isRetryableStatus(response.status)) {
        await io.stderr.write(`greenboard upload: the server rejected the upload: ${failure}\n`);
        return EXIT_ERROR;
      }
    } catch (error) {
      await progress.done();
      failure = `cannot reach ${plan.endpoint}: ${describeNetworkError(error)}`;
    }
    if (attempt === ATTEMPTS) {
      await io.stderr.write(`greenboard upload: upload failed after ${ATTEMPTS} attempts: ${failure}\n`);
      return EXIT_ERROR;
    }
    // Retrying is safe: the server acknowledges a file it already has (same sha256) as a duplicate.
    const delay = retryDelay(attempt, { baseMs: retryDelayMs, maxMs: maxDelayMs, random, retryAfterSeconds: retryAfter });
    await io.stderr.write(`greenboard upload: attempt ${attempt} of ${ATTEMPTS} failed (${failure}); retrying in ${delay / 1000} s\n`);
    await sleep(delay);
  }
  return EXIT_ERROR;
}

async function reportStored(body: RunBody, plan: UploadPlan, io: CliIo): Promise<number> {
  for (const upload of body.uploads) {
    for (const note of upload.notes ?? []) await io.stderr.write(`greenboard upload: note: ${note}\n`);
  }
  await io.stdout.write(`${summaryLine(body)}\n${body.run.url}\n`);
  const cases = body.uploads.reduce((sum, upload) => sum + upload.tests, 0);
  if (plan.failOnEmpty && cases === 0) {
    await io.stderr.write(`greenboard upload: the uploaded reports hold no test case (--fail-on-empty)\n`);
    return EXIT_ERROR;
  }
  return EXIT_OK;
}
