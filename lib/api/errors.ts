import { ZodError } from "zod";
import { IngestError, type IngestErrorCode } from "@/lib/ingest/errors";
import { NotFoundError } from "@/lib/db/errors";
import { DatabaseLockedError } from "@/lib/db/pglite-lock";

/**
 * One error type, one mapping (STYLE.md). lib code throws typed errors; `problemResponse` turns
 * them into RFC 9457 application/problem+json. Unknown errors become a generic 500 whose details
 * go to the server log, never to the client.
 */
export type ApiErrorCode =
  | "bad-request"
  | "unauthorized"
  | "forbidden"
  | "not-found"
  | "conflict"
  | "unprocessable"
  | "too-large"
  | "unsupported-media-type"
  | "unavailable";

const STATUS: Record<ApiErrorCode, number> = {
  "bad-request": 400,
  unauthorized: 401,
  forbidden: 403,
  "not-found": 404,
  conflict: 409,
  unprocessable: 422,
  "too-large": 413,
  "unsupported-media-type": 415,
  unavailable: 503,
};

const TITLES: Record<ApiErrorCode, string> = {
  "bad-request": "Bad request",
  unauthorized: "Authentication required",
  forbidden: "Forbidden",
  "not-found": "Not found",
  conflict: "Conflict",
  unprocessable: "Unprocessable content",
  "too-large": "Payload too large",
  "unsupported-media-type": "Unsupported media type",
  unavailable: "Service unavailable",
};

export class ApiError extends Error {
  constructor(
    readonly code: ApiErrorCode,
    message: string,
    readonly extensions: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = "ApiError";
  }
}

const INGEST_CODES: Record<IngestErrorCode, ApiErrorCode> = {
  "invalid-report": "unprocessable",
  "empty-upload": "unprocessable",
  "run-not-found": "not-found",
  "project-not-found": "not-found",
  "too-large": "too-large",
};

export function toApiError(error: unknown): ApiError | null {
  if (error instanceof ApiError) return error;
  if (error instanceof IngestError) return new ApiError(INGEST_CODES[error.code], error.message, { ...error.details, reason: error.code });
  if (error instanceof ZodError) {
    return new ApiError("bad-request", "The request is not valid", {
      errors: error.issues.map((issue) => ({ path: issue.path.join("."), message: issue.message })),
    });
  }
  if (error instanceof NotFoundError) return new ApiError("not-found", error.message, { entity: error.entity });
  if (error instanceof DatabaseLockedError) return new ApiError("unavailable", error.message);
  return null;
}

export function problemResponse(error: unknown, instance?: string): Response {
  const apiError = toApiError(error);
  if (!apiError) {
    console.error("Unhandled error", instance ?? "", error);
    return Response.json(
      { type: "about:blank", title: "Internal server error", status: 500, detail: "An unexpected error occurred", instance },
      { status: 500, headers: { "content-type": "application/problem+json" } },
    );
  }
  const status = STATUS[apiError.code];
  const headers: Record<string, string> = { "content-type": "application/problem+json" };
  // RFC 6750: a 401 names the scheme the client should use.
  if (status === 401) headers["www-authenticate"] = 'Bearer realm="greenboard"';
  return Response.json(
    {
      type: `https://greenboard.dev/problems/${apiError.code}`,
      title: TITLES[apiError.code],
      status,
      detail: apiError.message,
      instance,
      ...apiError.extensions,
    },
    { status, headers },
  );
}

/** Wraps a route handler so every thrown error becomes a problem response. */
export function withProblems<Args extends unknown[]>(
  handler: (request: Request, ...args: Args) => Promise<Response>,
): (request: Request, ...args: Args) => Promise<Response> {
  return async (request, ...args) => {
    try {
      return await handler(request, ...args);
    } catch (error) {
      return problemResponse(error, new URL(request.url).pathname);
    }
  };
}
