import { getEnv } from "@/lib/env.mjs";
import { baseUrlFor } from "./runs";

/** An absolute link to a path of this server (GREENBOARD_PUBLIC_URL, else the request's origin). */
export function absoluteUrl(request: Request, path: string): string {
  return `${baseUrlFor(request, getEnv().GREENBOARD_PUBLIC_URL)}${path}`;
}
