// The access every API operation takes, in one table: the OpenAPI document states it and the
// authorization matrix test (lib/auth/authorization-matrix.test.ts) proves each handler enforces it.
// A route missing here fails that test, so nothing is reachable outside the matrix.
import type { ProjectRole } from "./access";

/**
 * `public`: anyone (health, the OpenAPI document, the README badge).
 * `token`: a project upload token only (CI).
 * `reader`: any signed-in account (or anyone under GREENBOARD_PUBLIC_READ); answers are filtered.
 * A project role: that role or higher in the project in the path (reads also open under public read).
 * `instance-admin`: an instance admin.
 */
export type RouteAccess = "public" | "token" | "reader" | ProjectRole | "instance-admin";

const P = "/api/v1/projects/{slug}";

export const ROUTE_ACCESS: Record<string, RouteAccess> = {
  "POST /api/v1/runs": "token",
  "POST /api/v1/runs/{id}/complete": "token",
  "GET /api/v1/jobs/{id}": "token",
  "GET /api/v1/health": "public",
  "GET /api/v1/openapi.json": "public",
  [`GET ${P}/badge.svg`]: "public",
  "GET /api/v1/projects": "reader",

  [`GET ${P}`]: "viewer",
  [`PATCH ${P}`]: "admin",
  [`DELETE ${P}`]: "admin",
  [`GET ${P}/tokens`]: "admin",
  [`POST ${P}/tokens`]: "admin",
  [`DELETE ${P}/tokens/{tokenId}`]: "admin",
  [`GET ${P}/overview`]: "viewer",
  [`GET ${P}/stats`]: "viewer",
  [`GET ${P}/events`]: "viewer",
  [`GET ${P}/runs`]: "viewer",
  [`GET ${P}/runs.csv`]: "viewer",
  [`GET ${P}/runs/{runId}`]: "viewer",
  [`DELETE ${P}/runs/{runId}`]: "admin",
  [`GET ${P}/runs/{runId}/results`]: "viewer",
  [`GET ${P}/groups`]: "viewer",
  [`GET ${P}/groups.csv`]: "viewer",
  [`POST ${P}/groups/bulk`]: "member",
  [`GET ${P}/groups/{groupId}`]: "viewer",
  [`PATCH ${P}/groups/{groupId}`]: "member",
  [`POST ${P}/groups/{groupId}/notes`]: "member",
  [`POST ${P}/uploads`]: "member",
  [`GET ${P}/jobs/{jobId}`]: "viewer",
  [`GET ${P}/rules`]: "viewer",
  [`POST ${P}/rules`]: "admin",
  [`PATCH ${P}/rules/{ruleId}`]: "admin",
  [`DELETE ${P}/rules/{ruleId}`]: "admin",
  [`POST ${P}/rules/reorder`]: "admin",
  [`POST ${P}/rules/try`]: "member",
  [`GET ${P}/rules/allure`]: "viewer",
  [`POST ${P}/rules/allure`]: "admin",
  [`GET ${P}/teams`]: "viewer",
  [`POST ${P}/teams`]: "admin",
  [`PATCH ${P}/teams/{teamId}`]: "admin",
  [`DELETE ${P}/teams/{teamId}`]: "admin",
  [`GET ${P}/ownership`]: "viewer",
  [`POST ${P}/ownership`]: "admin",
  [`PATCH ${P}/ownership/{ruleId}`]: "admin",
  [`DELETE ${P}/ownership/{ruleId}`]: "admin",
  [`POST ${P}/ownership/reorder`]: "admin",
  [`POST ${P}/ownership/codeowners/preview`]: "admin",
  [`POST ${P}/ownership/codeowners`]: "admin",
  [`GET ${P}/flaky`]: "viewer",
  [`GET ${P}/tests/{testId}`]: "viewer",
  [`PATCH ${P}/tests/{testId}`]: "member",
  [`GET ${P}/members`]: "admin",
  [`PUT ${P}/members`]: "admin",
  [`DELETE ${P}/members/{userId}`]: "admin",
  [`POST ${P}/invites`]: "admin",
  [`GET ${P}/audit`]: "viewer",
  "GET /api/v1/accounts": "instance-admin",
  "POST /api/v1/accounts/invites": "instance-admin",
  "PATCH /api/v1/accounts/{userId}": "instance-admin",
  "DELETE /api/v1/accounts/{userId}": "instance-admin",
  "POST /api/v1/accounts/{userId}/reset-link": "instance-admin",
};

export function routeAccess(method: string, path: string): RouteAccess | undefined {
  return ROUTE_ACCESS[`${method.toUpperCase()} ${path}`];
}
