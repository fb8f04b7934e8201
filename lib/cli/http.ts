// HTTP for the CLI over node:http(s) rather than fetch: on Node 20 fetch loads undici and compiles
// its WebAssembly HTTP parser, ~40 MiB of RSS in a process that otherwise needs ~45 MiB. Answers
// are small JSON documents, read whole; request bodies are written by the caller with backpressure.
import type { ClientRequest, IncomingHttpHeaders } from "node:http";
import type { Writable } from "node:stream";

export interface HttpAnswer {
  status: number;
  statusText: string;
  headers: IncomingHttpHeaders;
  text: string;
}

export interface HttpRequest {
  method: "GET" | "POST";
  headers: Record<string, string>;
  /**
   * Writes the body into `request` (and does not end it); `stopped` settles once the server has
   * answered or the connection failed, after which nothing more needs to be written.
   */
  writeBody?: (request: ClientRequest, stopped: Promise<void>) => Promise<void>;
}

// Undici's default headers and body timeouts, which fetch applied: a silent server fails the
// attempt (and is retried) instead of hanging the CI job.
const IDLE_TIMEOUT_MS = 300_000;

/** Resolves to the server's answer, or rejects with the network error (its `code`, e.g. ECONNREFUSED). */
export async function httpRequest(url: string, init: HttpRequest): Promise<HttpAnswer> {
  const target = new URL(url);
  // node:https (and TLS) only when needed: a plain-HTTP upload does not pay for it.
  const { request: open } = target.protocol === "https:" ? await import("node:https") : await import("node:http");
  return new Promise((resolve, reject) => {
    let settle: () => void = () => undefined;
    const stopped = new Promise<void>((done) => (settle = done));
    let answered = false;
    const request = open(target, { method: init.method, headers: init.headers });
    request.setTimeout(IDLE_TIMEOUT_MS, () => request.destroy(Object.assign(new Error(`no answer within ${IDLE_TIMEOUT_MS / 1000} s`), { code: "ETIMEDOUT" })));
    request.on("error", (error) => {
      settle();
      // A server that answers before reading the whole body (a 401, a 413) may then close the
      // connection under the rest of it: the answer is what counts.
      if (!answered) reject(error);
    });
    request.on("response", (response) => {
      answered = true;
      settle();
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("error", reject);
      response.on("end", () => {
        // An answer before the whole body was sent: the connection cannot be reused, and kept
        // open it would hold the process until the server's keep-alive timeout.
        if (!request.writableEnded) request.destroy();
        resolve({ status: response.statusCode ?? 0, statusText: response.statusMessage ?? "", headers: response.headers, text: Buffer.concat(chunks).toString("utf8") });
      });
    });
    if (!init.writeBody) {
      request.end();
      return;
    }
    init.writeBody(request, stopped).then(
      () => {
        if (!answered && !request.destroyed) request.end();
      },
      // After an answer the body no longer matters (and destroying would cut the answer short).
      (error: unknown) => void (answered || request.destroy(error instanceof Error ? error : new Error(String(error)))),
    );
  });
}

/**
 * Writes one chunk and waits until the stream is done with it (its callback), so the caller may
 * reuse the buffer; gives up quietly once `stopped` settles (the stream may then never call back).
 */
export function writeChunk(stream: Writable, chunk: Buffer, stopped: Promise<void>): Promise<void> {
  return Promise.race([new Promise<void>((resolve, reject) => stream.write(chunk, (error) => (error ? reject(error) : resolve()))), stopped]);
}
