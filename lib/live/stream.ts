// The server-sent event stream of one project's live updates.
import { getCache } from "@/lib/cache";
import { projectChannel } from "./publish";

export const HEARTBEAT_MS = 15_000;

/** `no-transform` keeps `next start`'s compression off the stream; `X-Accel-Buffering` keeps nginx from buffering it. */
export const EVENT_STREAM_HEADERS = {
  "content-type": "text/event-stream; charset=utf-8",
  "cache-control": "no-cache, no-transform",
  connection: "keep-alive",
  "x-accel-buffering": "no",
} as const;

/**
 * Forwards every message published on the project's channel as an SSE `data:` line. The cache
 * keeps one Redis subscriber per process whatever the number of clients; each client adds a
 * handler to it and removes it when the request is aborted or the stream cancelled.
 */
export function projectEventStream(projectId: string, signal: AbortSignal, options: { heartbeatMs?: number } = {}): Response {
  const encoder = new TextEncoder();
  let cleanup = () => {};
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      let closed = false;
      const send = (text: string) => {
        if (closed) return;
        try {
          controller.enqueue(encoder.encode(text));
        } catch {
          cleanup();
        }
      };
      const unsubscribe = getCache().subscribe(projectChannel(projectId), (message) => send(`data: ${JSON.stringify(message)}\n\n`));
      const heartbeat = setInterval(() => send(": heartbeat\n\n"), options.heartbeatMs ?? HEARTBEAT_MS);
      cleanup = () => {
        if (closed) return;
        closed = true;
        clearInterval(heartbeat);
        unsubscribe();
        signal.removeEventListener("abort", cleanup);
        try {
          controller.close();
        } catch {
          // Already closed by the runtime.
        }
      };
      signal.addEventListener("abort", cleanup);
      // A reconnecting EventSource waits this long; the first comment flushes the headers to the client.
      send("retry: 2000\n: connected\n\n");
      if (signal.aborted) cleanup();
    },
    cancel() {
      cleanup();
    },
  });
  return new Response(body, { headers: EVENT_STREAM_HEADERS });
}
