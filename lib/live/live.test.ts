import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { GET as getEvents } from "@/app/api/v1/projects/[slug]/events/route";
import { getCache } from "@/lib/cache";
import { setDatabase } from "@/lib/db/client";
import type { Database } from "@/lib/db/connection";
import { createProject } from "@/lib/db/projects";
import { createTestDatabase } from "@/lib/db/testing";
import { browserRequest, sessionFor } from "@/test/session";
import { projectChannel, publishRunUpdated } from "./publish";

const decoder = new TextDecoder();

/** Reads the stream until `predicate` matches the text received so far. */
async function readUntil(reader: ReadableStreamDefaultReader<Uint8Array>, predicate: (text: string) => boolean): Promise<string> {
  let text = "";
  const deadline = Date.now() + 5_000;
  while (!predicate(text)) {
    if (Date.now() > deadline) throw new Error(`timed out; received: ${text}`);
    const { value, done } = await reader.read();
    if (done) break;
    text += decoder.decode(value);
  }
  return text;
}

describe("live updates: GET /api/v1/projects/{slug}/events", () => {
  let db: Database;
  let projectId: string;
  /** A signed-in viewer of the project: the dashboard's event stream is a read. */
  let cookie: string;

  beforeAll(async () => {
    db = await createTestDatabase();
    setDatabase(db);
    projectId = (await createProject(db.prisma, { name: "Live", slug: "live", defaultBranch: "main" })).id;
    cookie = (await sessionFor(db.prisma, { projectId, role: "viewer" })).cookie;
  });
  afterAll(async () => {
    setDatabase(undefined);
    await db.close();
  });

  const params = (slug: string) => ({ params: Promise.resolve({ slug }) });

  test("streams a published run.updated event, then unsubscribes when the client goes away", async () => {
    const abort = new AbortController();
    const response = await getEvents(browserRequest(cookie, "http://localhost/api/v1/projects/live/events", { signal: abort.signal }), params("live"));
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/event-stream; charset=utf-8");
    expect(response.headers.get("cache-control")).toBe("no-cache, no-transform");
    const reader = response.body!.getReader();
    expect(await readUntil(reader, (t) => t.includes(": connected"))).toContain("retry: 2000");

    // Subscribing happens when the stream starts: wait one tick so a Redis SUBSCRIBE can land too.
    await new Promise((resolve) => setTimeout(resolve, 50));
    await getCache().publish(projectChannel(projectId), { type: "run.updated", runId: "r1", status: "open" });
    const text = await readUntil(reader, (t) => t.includes("\n\n") && t.includes("data:"));
    const data = text.split("\n").find((line) => line.startsWith("data: "));
    expect(JSON.parse(data!.slice("data: ".length))).toEqual({ type: "run.updated", runId: "r1", status: "open" });

    abort.abort();
    expect((await reader.read()).done).toBe(true);
  });

  test("publishRunUpdated sends the run's current status", async () => {
    const run = await db.prisma.run.create({ data: { projectId, runKey: "ci-1", branch: "main", status: "complete" } });
    const abort = new AbortController();
    const response = await getEvents(browserRequest(cookie, "http://localhost/api/v1/projects/live/events", { signal: abort.signal }), params("live"));
    const reader = response.body!.getReader();
    await readUntil(reader, (t) => t.includes(": connected"));
    await new Promise((resolve) => setTimeout(resolve, 50));
    await publishRunUpdated(db.prisma, run.id);
    const text = await readUntil(reader, (t) => t.includes("data:") && t.endsWith("\n\n"));
    expect(text).toContain(`data: {"type":"run.updated","runId":"${run.id}","status":"complete"}`);
    abort.abort();
  });

  test("an unknown project is a 404 problem", async () => {
    const response = await getEvents(browserRequest(cookie, "http://localhost/api/v1/projects/nope/events"), params("nope"));
    expect(response.status).toBe(404);
    expect(response.headers.get("content-type")).toBe("application/problem+json");
    expect(await response.json()).toEqual({
      type: "https://greenboard.dev/problems/not_found",
      title: "Not found",
      status: 404,
      code: "not_found",
      detail: 'Project "nope" does not exist',
      instance: "/api/v1/projects/nope/events",
      entity: "project",
    });
  });
});
