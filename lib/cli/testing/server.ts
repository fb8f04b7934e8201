// A real HTTP server in front of the upload route handlers (IncomingMessage → web Request,
// streamed), so CLI tests exercise the CLI's own network path: fetch, streaming body, gzip,
// retries, following a background job.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { Readable } from "node:stream";
import { GET as getJob } from "@/app/api/v1/jobs/[id]/route";
import { POST as postRuns } from "@/app/api/v1/runs/route";
import { withProblems } from "@/lib/api/errors";
import { uploadRun, uploadStatus } from "@/lib/api/runs";
import { getPrisma } from "@/lib/db/client";

export interface TestServer {
  url: string;
  requests: () => number;
  /** Path and query of every request so far, in order. */
  paths: () => string[];
  /** The next `n` requests (whose path matches `only`, when given) get this status (default 503) without reaching the route. */
  failNext: (n: number, status?: number, headers?: Record<string, string>, only?: RegExp) => void;
  /** Uploads above this many bytes are answered 202 and ingested in the background (undefined: never). */
  setAsyncBytes: (bytes: number | undefined) => void;
  /** false: job status requests are answered at once, `?wait=` ignored (as a server without long polling). */
  setLongPolling: (enabled: boolean) => void;
  close: () => Promise<void>;
}

export function startTestServer(): Promise<TestServer> {
  let requests = 0;
  const paths: string[] = [];
  let failing = { count: 0, status: 503, headers: {} as Record<string, string>, only: null as RegExp | null };
  let asyncBytes: number | undefined;
  let longPolling = true;
  const asyncUpload = withProblems(async (request: Request) => {
    const body = await uploadRun(await getPrisma(), request, { maxBytes: 1 << 30, asyncBytes });
    return Response.json(body, { status: uploadStatus(body) });
  });
  const server = http.createServer(async (req, res) => {
    requests++;
    paths.push(req.url ?? "");
    if (failing.count > 0 && (!failing.only || failing.only.test(req.url ?? ""))) {
      failing.count--;
      req.resume();
      res.writeHead(failing.status, { "content-type": "application/problem+json", ...failing.headers });
      res.end(JSON.stringify({ title: failing.status === 429 ? "Too many requests" : "Service unavailable", status: failing.status, detail: "warming up" }));
      return;
    }
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers)) {
      if (Array.isArray(value)) for (const v of value) headers.append(name, v);
      else if (value !== undefined) headers.set(name, value);
    }
    const url = new URL(`http://${req.headers.host}${req.url}`);
    if (!longPolling) url.searchParams.delete("wait");
    const request = new Request(url, {
      method: req.method,
      headers,
      ...(req.method === "GET" ? {} : { body: Readable.toWeb(req) as unknown as ReadableStream<Uint8Array>, duplex: "half" }),
    } as RequestInit);
    const pathname = new URL(request.url).pathname;
    const job = /^\/api\/v1\/jobs\/([^/]+)$/.exec(pathname);
    const response =
      pathname === "/api/v1/runs"
        ? await (asyncBytes === undefined ? postRuns(request) : asyncUpload(request))
        : job?.[1]
          ? await getJob(request, { params: Promise.resolve({ id: decodeURIComponent(job[1]) }) })
          : new Response("not found", { status: 404 });
    res.writeHead(response.status, Object.fromEntries(response.headers));
    res.end(Buffer.from(await response.arrayBuffer()));
  });
  return new Promise((resolve) => {
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        url: `http://127.0.0.1:${port}`,
        requests: () => requests,
        paths: () => [...paths],
        failNext: (count, status = 503, headers = {}, only) => void (failing = { count, status, headers, only: only ?? null }),
        setAsyncBytes: (bytes) => void (asyncBytes = bytes),
        setLongPolling: (enabled) => void (longPolling = enabled),
        close: () => new Promise((done) => server.close(() => done())),
      });
    });
  });
}
