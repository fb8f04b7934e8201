import { ApiError } from "./errors";

/**
 * The dashboard's own endpoints that write without a token (the browser upload) accept only
 * requests a page of this app made: a browser always sends `Origin` with a POST, and it must be
 * this server's. Other sites' pages (CSRF) are refused; CI uses `POST /api/v1/runs` with a token.
 */
export function assertSameOrigin(request: Request): void {
  const origin = request.headers.get("origin");
  const fetchSite = request.headers.get("sec-fetch-site");
  const url = new URL(request.url);
  const host = request.headers.get("x-forwarded-host")?.split(",")[0]?.trim() || request.headers.get("host") || url.host;
  let originHost: string | null = null;
  try {
    originHost = origin ? new URL(origin).host : null;
  } catch {
    originHost = null;
  }
  if (originHost !== host || (fetchSite !== null && fetchSite !== "same-origin")) {
    throw new ApiError("forbidden", "Browser uploads are accepted only from this Greenboard's own pages; CI uploads go to POST /api/v1/runs with a token");
  }
}
