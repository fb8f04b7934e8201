import type { z } from "zod";
import { ApiError } from "./errors";

/** The request's JSON body validated by `schema`; malformed JSON is a 400 like an invalid body (ZodError → 400 in errors.ts). */
export async function readJson<Schema extends z.ZodType>(request: Request, schema: Schema): Promise<z.infer<Schema>> {
  let body: unknown;
  try {
    body = await request.json();
  } catch {
    throw new ApiError("bad_request", "The request body is not valid JSON");
  }
  return schema.parse(body);
}

/** A URL's search params as a plain object, for `Schema.parse` (repeated keys: the last wins). */
export function searchParamsOf(request: Request): Record<string, string> {
  return Object.fromEntries(new URL(request.url).searchParams);
}
