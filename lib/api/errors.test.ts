import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { describe, expect, test, vi } from "vitest";
import { z } from "zod";
import { isDatabaseUnavailable, NotFoundError } from "@/lib/db/errors";
import { openDatabase } from "@/lib/db/connection";
import { acquirePgliteLock, DatabaseLockedError } from "@/lib/db/pglite-lock";
import { IngestError } from "@/lib/ingest/errors";
import { ApiError, PROBLEM_CODES, PROBLEMS, problemResponse } from "./errors";

async function body(response: Response) {
  expect(response.headers.get("content-type")).toBe("application/problem+json");
  return (await response.json()) as Record<string, unknown>;
}

describe("problem responses", () => {
  test.each(PROBLEM_CODES.map((code) => [code, PROBLEMS[code].status] as const))("code %s answers %i with a matching type URI", async (code, status) => {
    const response = problemResponse(new ApiError(code, "what happened"), "/api/v1/x");
    expect(response.status).toBe(status);
    expect(await body(response)).toEqual({
      type: `https://greenboard.dev/problems/${code}`,
      title: PROBLEMS[code].title,
      status,
      code,
      detail: "what happened",
      instance: "/api/v1/x",
    });
  });

  test("an extension never overrides a member of the problem", async () => {
    const response = problemResponse(new ApiError("forbidden", "no", { code: "OTHER", status: 200, project: "p" }));
    expect(await body(response)).toMatchObject({ code: "forbidden", status: 403, project: "p" });
  });

  test.each([
    ["an invalid report", new IngestError("invalid-report", "a.xml: bad", { file: "a.xml" }), 400, "malformed_report", { file: "a.xml", reason: "invalid-report" }],
    ["an empty upload", new IngestError("empty-upload", "No report files in the upload"), 400, "malformed_report", { reason: "empty-upload" }],
    ["an unknown run", new IngestError("run-not-found", "Run r does not exist"), 404, "not_found", { reason: "run-not-found" }],
    ["a too large upload", new IngestError("too-large", "too big"), 413, "payload_too_large", { reason: "too-large" }],
    ["a missing entity", new NotFoundError("team", 'Team "t" does not exist'), 404, "not_found", { entity: "team" }],
  ])("%s is mapped to %i", async (_label, error, status, code, extensions) => {
    const response = problemResponse(error, "/api/v1/x");
    expect(response.status).toBe(status);
    expect(await body(response)).toEqual({
      type: `https://greenboard.dev/problems/${code}`,
      title: PROBLEMS[code as keyof typeof PROBLEMS].title,
      status,
      code,
      detail: error.message,
      instance: "/api/v1/x",
      ...extensions,
    });
  });

  test("a ZodError is a 400 bad_request listing the issues", async () => {
    const result = z.object({ page: z.number() }).safeParse({ page: "x" });
    expect(await body(problemResponse(result.error, "/api/v1/x"))).toEqual({
      type: "https://greenboard.dev/problems/bad_request",
      title: "Bad request",
      status: 400,
      code: "bad_request",
      detail: "The request is not valid",
      instance: "/api/v1/x",
      errors: [{ path: "page", message: "Invalid input: expected number, received string" }],
    });
  });

  test("an unexpected error is a 500 internal problem whose details stay in the log", async () => {
    const log = vi.spyOn(console, "error").mockImplementation(() => undefined);
    try {
      const response = problemResponse(new Error("password=hunter2 at db.ts:12"), "/api/v1/x");
      expect(response.status).toBe(500);
      const text = await response.text();
      expect(text).not.toContain("hunter2");
      expect(JSON.parse(text)).toEqual({
        type: "https://greenboard.dev/problems/internal",
        title: "Internal server error",
        status: 500,
        code: "internal",
        detail: "An unexpected error occurred",
        instance: "/api/v1/x",
      });
      expect(log).toHaveBeenCalled();
    } finally {
      log.mockRestore();
    }
  });

  test("a locked embedded database is a 503 with Retry-After that does not reveal the data directory", async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), "gb-locked-"));
    const dataDir = path.join(dir, "data");
    const release = acquirePgliteLock(dataDir, "another greenboard");
    const log = vi.spyOn(console, "error").mockImplementation(() => undefined);
    try {
      const error = await openDatabase({ kind: "pglite", dataDir }).then(
        () => null,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(DatabaseLockedError);
      const response = problemResponse(error, "/api/v1/runs");
      expect(response.status).toBe(503);
      expect(response.headers.get("retry-after")).toBe("5");
      const text = await response.text();
      expect(text).not.toContain(dir);
      expect(JSON.parse(text)).toEqual({
        type: "https://greenboard.dev/problems/unavailable",
        title: "Service unavailable",
        status: 503,
        code: "unavailable",
        detail: "The database is unavailable; try again shortly",
        instance: "/api/v1/runs",
      });
    } finally {
      log.mockRestore();
      release();
      await rm(dir, { recursive: true, force: true });
    }
  });

  test("a rate limit carries Retry-After", () => {
    const response = problemResponse(new ApiError("rate_limited", "slow down", {}, 17));
    expect(response.status).toBe(429);
    expect(response.headers.get("retry-after")).toBe("17");
  });
});

describe("isDatabaseUnavailable", () => {
  const withCause = (cause: unknown) => new Error("wrapper", { cause });
  test.each([
    ["a socket error", Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" }), true],
    ["a socket error as a cause", withCause(Object.assign(new Error("x"), { code: "ENOTFOUND" })), true],
    ["an AggregateError of socket errors", new AggregateError([Object.assign(new Error("x"), { code: "ECONNREFUSED" })]), true],
    ["PostgreSQL shutting down (57P01)", Object.assign(new Error("terminating connection"), { code: "57P01" }), true],
    ["a connection exception (08006)", Object.assign(new Error("connection failure"), { code: "08006" }), true],
    ["too many connections (53300)", Object.assign(new Error("too many"), { code: "53300" }), true],
    ["Prisma P1001", Object.assign(new Error("Can't reach database server"), { code: "P1001" }), true],
    ["Prisma pool timeout P2024", Object.assign(new Error("Timed out fetching a new connection"), { code: "P2024" }), true],
    ["a driver adapter DatabaseNotReachable", Object.assign(new Error("x"), { meta: { driverAdapterError: { cause: { kind: "DatabaseNotReachable" } } } }), true],
    ["a closed PGlite", new Error("PGlite is closed"), true],
    ["a unique violation (23505)", Object.assign(new Error("duplicate key"), { code: "23505" }), false],
    ["Prisma record not found P2025", Object.assign(new Error("not found"), { code: "P2025" }), false],
    ["a plain error", new Error("boom"), false],
    ["not an error", "ECONNREFUSED", false],
  ])("%s → %s", (_label, error, expected) => {
    expect(isDatabaseUnavailable(error)).toBe(expected);
  });
});
