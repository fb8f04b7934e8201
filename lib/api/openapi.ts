// The OpenAPI 3.1 document of /api/v1, generated from the zod schemas the route handlers validate
// with (and the response schemas of lib/api/schemas.ts). One entry per operation in API_ROUTES;
// app/api/v1/openapi.test.ts fails when a route.ts exists without its entry here.
import { z } from "zod";
import { GroupFilters, ResultFilters, RunListFilters, FlakyFilters } from "@/lib/domain/filters";
import { ProjectSettingsChanges, TestRetirement, TokenInput } from "@/lib/db/admin";
import { CodeownersImportInput, CodeownersPreviewInput, OwnershipRuleInput, OwnershipRuleOrder, OwnershipRulePatch, TeamInput, TeamPatch } from "@/lib/db/ownership";
import { AllureImport, RuleInput, RuleOrder, RulePatch, TryRule } from "@/lib/db/rules";
import { BulkGroupChanges, GroupChanges } from "@/lib/db/triage";
import { routeAccess, type RouteAccess } from "@/lib/auth/route-access";
import { PROBLEMS, PROBLEM_CODES, type ProblemCode } from "./errors";
import { UPLOAD_BYTES_HEADER, UploadMetadata } from "./runs";
import * as S from "./schemas";
import * as A from "@/lib/auth/schemas";
import { AuditQuery } from "@/lib/db/audit";

type Method = "get" | "post" | "put" | "patch" | "delete";

interface ResponseSpec {
  description: string;
  /** JSON body; omitted for non-JSON responses, which name `contentType` instead (neither: no body). */
  schema?: z.ZodType;
  contentType?: string;
  headers?: Record<string, string>;
}

export interface ApiRoute {
  method: Method;
  /** OpenAPI path: `/api/v1/projects/{slug}/runs`. */
  path: string;
  summary: string;
  tag: "uploads" | "projects" | "settings" | "rules" | "teams" | "runs" | "failure groups" | "tests" | "access" | "system";
  /** `token`: a project upload token as `Authorization: Bearer`. Read routes follow GREENBOARD_PUBLIC_READ. */
  auth?: "token";
  query?: z.ZodObject;
  /** A JSON request body. */
  body?: z.ZodType;
  /** The upload endpoint's multipart / raw body, described by hand around UploadMetadata. */
  uploadBody?: true;
  responses: Record<number, ResponseSpec>;
  problems: ProblemCode[];
}

const json = (description: string, schema: z.ZodType): ResponseSpec => ({ description, schema });
const READ_PROBLEMS: ProblemCode[] = ["bad_request", "not_found", "unavailable", "internal"];
const TOKEN_PROBLEMS: ProblemCode[] = ["unauthorized", "unavailable", "internal"];
const CSV = "text/csv; charset=utf-8";
// The settings routes' answers are owned by lib/db/admin and only outlined here.
const AnyObject = z.object({}).loose();
const SETTINGS_PROBLEMS: ProblemCode[] = ["bad_request", "not_found", "conflict", "unavailable", "internal"];

export const API_ROUTES: ApiRoute[] = [
  {
    method: "post",
    path: "/api/v1/runs",
    summary: "Upload report files into a run (multipart or raw body, optionally gzip-encoded)",
    tag: "uploads",
    auth: "token",
    uploadBody: true,
    responses: {
      200: json("Every file was one the run already had: nothing new stored", S.UploadRunResponse),
      201: json("Stored; the run's figures after the upload", S.UploadRunResponse),
      202: json("Larger than GREENBOARD_ASYNC_BYTES: received, ingested in the background; poll the job", S.AsyncUploadResponse),
    },
    problems: [
      "malformed_report",
      "bad_request",
      "unauthorized",
      "forbidden",
      "payload_too_large",
      "unsupported_media_type",
      "invalid_metadata",
      "rate_limited",
      "unavailable",
      "internal",
    ],
  },
  {
    method: "post",
    path: "/api/v1/runs/{id}/complete",
    summary: "Complete a run of the token's project and compute its final figures",
    tag: "uploads",
    auth: "token",
    responses: { 200: json("The completed run", S.CompleteRunResponse) },
    problems: ["not_found", ...TOKEN_PROBLEMS],
  },
  {
    method: "get",
    path: "/api/v1/jobs/{id}",
    summary: "Status and progress of a background ingestion (202 upload) of the token's project; with `wait`, answers once it ends",
    tag: "uploads",
    auth: "token",
    query: S.JobStatusQuery,
    responses: { 200: json("The job and its run", S.JobResponse) },
    problems: ["not_found", "bad_request", ...TOKEN_PROBLEMS],
  },
  {
    method: "get",
    path: "/api/v1/health",
    summary: "Liveness and dependency status (database, cache)",
    tag: "system",
    responses: { 200: json("Healthy", S.Health) },
    problems: ["unavailable", "internal"],
  },
  {
    method: "get",
    path: "/api/v1/openapi.json",
    summary: "This document",
    tag: "system",
    responses: { 200: { description: "OpenAPI 3.1 document", contentType: "application/json" } },
    problems: ["internal"],
  },
  {
    method: "get",
    path: "/api/v1/projects",
    summary: "Projects with their latest run",
    tag: "projects",
    responses: { 200: json("All projects, oldest first", S.ProjectList) },
    problems: ["unavailable", "internal"],
  },
  {
    method: "get",
    path: "/api/v1/projects/{slug}",
    summary: "The project's settings and recent admin changes",
    tag: "settings",
    responses: { 200: json("The settings", AnyObject) },
    problems: READ_PROBLEMS,
  },
  {
    method: "patch",
    path: "/api/v1/projects/{slug}",
    summary: "Change name, default branch, pass-rate target, missing-test window, run idle timeout",
    tag: "settings",
    body: ProjectSettingsChanges,
    responses: { 200: json("The settings after the change", AnyObject) },
    problems: SETTINGS_PROBLEMS,
  },
  {
    method: "delete",
    path: "/api/v1/projects/{slug}",
    summary: 'Delete the project and all its data; body `{"confirm": "<slug>"}`',
    tag: "settings",
    body: z.object({ confirm: z.string().describe("The project slug, typed to confirm") }),
    responses: { 204: { description: "Deleted" } },
    problems: SETTINGS_PROBLEMS,
  },
  {
    method: "get",
    path: "/api/v1/projects/{slug}/tokens",
    summary: "The project's upload tokens (never the secrets)",
    tag: "settings",
    responses: { 200: json("Newest first", z.object({ tokens: z.array(AnyObject) })) },
    problems: READ_PROBLEMS,
  },
  {
    method: "post",
    path: "/api/v1/projects/{slug}/tokens",
    summary: "Create an upload token; the answer is the only time its secret is shown",
    tag: "settings",
    body: TokenInput,
    responses: { 201: json("The new token with its secret", z.object({ token: AnyObject })) },
    problems: SETTINGS_PROBLEMS,
  },
  {
    method: "delete",
    path: "/api/v1/projects/{slug}/tokens/{tokenId}",
    summary: "Revoke a token (it stays listed, marked revoked)",
    tag: "settings",
    responses: { 200: json("The revoked token", z.object({ token: AnyObject })) },
    problems: SETTINGS_PROBLEMS,
  },
  {
    method: "get",
    path: "/api/v1/projects/{slug}/overview",
    summary: "KPIs and time series of the overview page",
    tag: "projects",
    query: S.BranchQuery,
    responses: { 200: json("The overview", S.Overview) },
    problems: READ_PROBLEMS,
  },
  {
    method: "get",
    path: "/api/v1/projects/{slug}/stats",
    summary: "Series per run on a branch: pass rate, non-passing results per category, pass rate per team",
    tag: "projects",
    query: S.BranchQuery,
    responses: { 200: json("Oldest run first", S.Stats) },
    problems: READ_PROBLEMS,
  },
  {
    method: "get",
    path: "/api/v1/projects/{slug}/badge.svg",
    summary: "Pass-rate badge of the latest run on the default branch (public)",
    tag: "projects",
    responses: { 200: { description: "shields-style SVG; `tests | n/a` when there is no run yet", contentType: "image/svg+xml" } },
    problems: ["not_found", "unavailable", "internal"],
  },
  {
    method: "get",
    path: "/api/v1/projects/{slug}/events",
    summary: "Server-sent events: `run.updated` whenever an upload lands or a run completes",
    tag: "projects",
    responses: { 200: { description: "An event stream", contentType: "text/event-stream" } },
    problems: READ_PROBLEMS,
  },
  {
    method: "get",
    path: "/api/v1/projects/{slug}/runs",
    summary: "The project's runs, newest first, 50 per page",
    tag: "runs",
    query: RunListFilters,
    responses: { 200: json("One page of runs", S.RunList) },
    problems: READ_PROBLEMS,
  },
  {
    method: "get",
    path: "/api/v1/projects/{slug}/runs.csv",
    summary: "Every run of the project (or of one branch) as CSV, newest first",
    tag: "runs",
    query: RunListFilters.pick({ branch: true }),
    responses: { 200: { description: "CSV with a header row", contentType: CSV } },
    problems: READ_PROBLEMS,
  },
  {
    method: "get",
    path: "/api/v1/projects/{slug}/runs/{runId}",
    summary: "One run: totals, breakdowns by category and team, diff to the previous run",
    tag: "runs",
    responses: { 200: json("The run", S.RunDetail) },
    problems: READ_PROBLEMS,
  },
  {
    method: "get",
    path: "/api/v1/projects/{slug}/runs/{runId}/results",
    summary: "One page of a run's results",
    tag: "runs",
    query: ResultFilters,
    responses: { 200: json("One page of results", S.ResultPage) },
    problems: READ_PROBLEMS,
  },
  {
    method: "get",
    path: "/api/v1/projects/{slug}/groups",
    summary: "The triage queue: failure groups, most impactful first",
    tag: "failure groups",
    query: GroupFilters,
    responses: { 200: json("One page of failure groups", S.GroupList) },
    problems: READ_PROBLEMS,
  },
  {
    method: "get",
    path: "/api/v1/projects/{slug}/groups.csv",
    summary: "Every failure group matching the filters as CSV, most impactful first",
    tag: "failure groups",
    query: GroupFilters.omit({ page: true }),
    responses: { 200: { description: "CSV with a header row", contentType: CSV } },
    problems: READ_PROBLEMS,
  },
  {
    method: "post",
    path: "/api/v1/projects/{slug}/groups/bulk",
    summary: "Set status and/or assignee team of many failure groups at once",
    tag: "failure groups",
    body: BulkGroupChanges,
    responses: { 200: json("The changed groups", S.GroupsResponse) },
    problems: READ_PROBLEMS,
  },
  {
    method: "get",
    path: "/api/v1/projects/{slug}/groups/{groupId}",
    summary: "A failure group with its tests, history and audit trail",
    tag: "failure groups",
    responses: { 200: json("The group", S.GroupDetail) },
    problems: READ_PROBLEMS,
  },
  {
    method: "patch",
    path: "/api/v1/projects/{slug}/groups/{groupId}",
    summary: "Triage: change status, assignee team, issue link (and/or add a note); recorded in the audit trail",
    tag: "failure groups",
    body: GroupChanges,
    responses: { 200: json("The group after the change", S.GroupResponse) },
    problems: READ_PROBLEMS,
  },
  {
    method: "post",
    path: "/api/v1/projects/{slug}/groups/{groupId}/notes",
    summary: "Add a note to a failure group",
    tag: "failure groups",
    body: S.NoteBody,
    responses: { 201: json("The group after the note", S.GroupResponse) },
    problems: READ_PROBLEMS,
  },
  {
    method: "post",
    path: "/api/v1/projects/{slug}/uploads",
    summary: "The dashboard's browser upload (same origin, no token): same body and answers as POST /api/v1/runs",
    tag: "uploads",
    uploadBody: true,
    responses: {
      200: json("Every file was one the run already had", S.UploadRunResponse),
      201: json("Stored; the run's figures after the upload", S.UploadRunResponse),
    },
    problems: ["malformed_report", "bad_request", "forbidden", "not_found", "payload_too_large", "unsupported_media_type", "invalid_metadata", "unavailable", "internal"],
  },
  {
    method: "delete",
    path: "/api/v1/projects/{slug}/runs/{runId}",
    summary: 'Delete the run and its results; body `{"confirm": "<runKey>"}`',
    tag: "runs",
    body: z.object({ confirm: z.string().describe("The run key, typed to confirm") }),
    responses: { 200: json("The deleted run's id and counts", z.object({ deleted: AnyObject })) },
    problems: SETTINGS_PROBLEMS,
  },
  {
    method: "get",
    path: "/api/v1/projects/{slug}/jobs/{jobId}",
    summary: "A background job's status and progress (reclassification after a rule change, ingestion)",
    tag: "projects",
    responses: { 200: json("The job", AnyObject) },
    problems: READ_PROBLEMS,
  },
  {
    method: "get",
    path: "/api/v1/projects/{slug}/rules",
    summary: "The project's rules in evaluation order, then the default rulebook (read-only)",
    tag: "rules",
    responses: { 200: json("The rules", AnyObject) },
    problems: READ_PROBLEMS,
  },
  {
    method: "post",
    path: "/api/v1/projects/{slug}/rules",
    summary: "Add a rule after the project's rules; queues reclassification",
    tag: "rules",
    body: RuleInput,
    responses: { 201: json("The rule and the reclassification job", AnyObject) },
    problems: SETTINGS_PROBLEMS,
  },
  {
    method: "patch",
    path: "/api/v1/projects/{slug}/rules/{ruleId}",
    summary: "Change a rule; queues reclassification",
    tag: "rules",
    body: RulePatch,
    responses: { 200: json("The rule and the reclassification job", AnyObject) },
    problems: SETTINGS_PROBLEMS,
  },
  {
    method: "delete",
    path: "/api/v1/projects/{slug}/rules/{ruleId}",
    summary: "Delete a rule; queues reclassification",
    tag: "rules",
    responses: { 200: json("The deleted rule's id and the reclassification job", AnyObject) },
    problems: SETTINGS_PROBLEMS,
  },
  {
    method: "post",
    path: "/api/v1/projects/{slug}/rules/reorder",
    summary: "New evaluation order of the project's rules; queues reclassification",
    tag: "rules",
    body: RuleOrder,
    responses: { 200: json("The rules in their new order and the reclassification job", AnyObject) },
    problems: SETTINGS_PROBLEMS,
  },
  {
    method: "post",
    path: "/api/v1/projects/{slug}/rules/try",
    summary: "What a rule would reclassify among recent failures; writes nothing",
    tag: "rules",
    body: TryRule,
    responses: { 200: json("The failures the rule would match", AnyObject) },
    problems: READ_PROBLEMS,
  },
  {
    method: "get",
    path: "/api/v1/projects/{slug}/rules/allure",
    summary: "The project's rules as Allure categories.json",
    tag: "rules",
    // Mirrors the route's own query schema (route-local there).
    query: z.object({
      defaults: z.enum(["true", "false", "1", "0"]).optional().describe("Add the default rulebook"),
      download: z.enum(["true", "false", "1", "0"]).optional().describe("Answer the bare file as an attachment"),
    }),
    responses: { 200: json("categories.json", AnyObject) },
    problems: READ_PROBLEMS,
  },
  {
    method: "post",
    path: "/api/v1/projects/{slug}/rules/allure",
    summary: "Import Allure categories.json with a name → category mapping; queues reclassification",
    tag: "rules",
    body: AllureImport,
    responses: { 201: json("The imported rules and the reclassification job", AnyObject) },
    problems: SETTINGS_PROBLEMS,
  },
  {
    method: "get",
    path: "/api/v1/projects/{slug}/teams",
    summary: "The project's teams, ownership rules in order, the ownership precedence in words, the latest ownership job and recent changes",
    tag: "teams",
    responses: { 200: json("Teams and ownership", AnyObject) },
    problems: READ_PROBLEMS,
  },
  {
    method: "post",
    path: "/api/v1/projects/{slug}/teams",
    summary: "Add a team (name, slug, colour)",
    tag: "teams",
    body: TeamInput,
    responses: { 201: json("The team (`job` is null: a new team owns nothing yet)", AnyObject) },
    problems: SETTINGS_PROBLEMS,
  },
  {
    method: "patch",
    path: "/api/v1/projects/{slug}/teams/{teamId}",
    summary: "Rename, re-slug or recolour a team (its id or slug in the path)",
    tag: "teams",
    body: TeamPatch,
    responses: { 200: json("The team", AnyObject) },
    problems: SETTINGS_PROBLEMS,
  },
  {
    method: "delete",
    path: "/api/v1/projects/{slug}/teams/{teamId}",
    summary: "Delete a team and its ownership rules; its groups go back to the rules; queues the ownership job",
    tag: "teams",
    responses: { 200: json("The deleted team's id and the ownership job", AnyObject) },
    problems: SETTINGS_PROBLEMS,
  },
  {
    method: "get",
    path: "/api/v1/projects/{slug}/ownership",
    summary: "The project's ownership rules in order, with the precedence in words",
    tag: "teams",
    responses: { 200: json("The ownership rules", AnyObject) },
    problems: READ_PROBLEMS,
  },
  {
    method: "post",
    path: "/api/v1/projects/{slug}/ownership",
    summary: "Add a category rule (category → team) or a path rule (CODEOWNERS pattern → team or nobody); queues the ownership job",
    tag: "teams",
    body: OwnershipRuleInput,
    responses: { 201: json("The rule and the ownership job", AnyObject) },
    problems: SETTINGS_PROBLEMS,
  },
  {
    method: "patch",
    path: "/api/v1/projects/{slug}/ownership/{ruleId}",
    summary: "Change an ownership rule's team, category or pattern; queues the ownership job",
    tag: "teams",
    body: OwnershipRulePatch,
    responses: { 200: json("The rule and the ownership job", AnyObject) },
    problems: SETTINGS_PROBLEMS,
  },
  {
    method: "delete",
    path: "/api/v1/projects/{slug}/ownership/{ruleId}",
    summary: "Delete an ownership rule; queues the ownership job",
    tag: "teams",
    responses: { 200: json("The deleted rule's id and the ownership job", AnyObject) },
    problems: SETTINGS_PROBLEMS,
  },
  {
    method: "post",
    path: "/api/v1/projects/{slug}/ownership/reorder",
    summary: "New order of the project's ownership rules; queues the ownership job",
    tag: "teams",
    body: OwnershipRuleOrder,
    responses: { 200: json("The rules in their new order and the ownership job", AnyObject) },
    problems: SETTINGS_PROBLEMS,
  },
  {
    method: "post",
    path: "/api/v1/projects/{slug}/ownership/codeowners/preview",
    summary: "Parse a CODEOWNERS file: its pattern lines, skipped lines and owners with a suggested team mapping; writes nothing",
    tag: "teams",
    body: CodeownersPreviewInput,
    responses: { 200: json("The parsed file", AnyObject) },
    problems: READ_PROBLEMS,
  },
  {
    method: "post",
    path: "/api/v1/projects/{slug}/ownership/codeowners",
    summary: "Import a CODEOWNERS file as path rules (last line first), owners mapped to teams, new teams or ignored; queues the ownership job",
    tag: "teams",
    body: CodeownersImportInput,
    responses: { 201: json("The imported rules, the teams created and the ownership job", AnyObject) },
    problems: SETTINGS_PROBLEMS,
  },
  {
    method: "get",
    path: "/api/v1/projects/{slug}/flaky",
    summary: "Flaky tests of a branch with their evidence",
    tag: "tests",
    // Mirrors the route's own query schema (route-local there).
    query: z.object({ branch: z.string().min(1).max(200).optional() }),
    responses: { 200: json("Flaky tests", AnyObject) },
    problems: READ_PROBLEMS,
  },
  {
    method: "get",
    path: "/api/v1/projects/{slug}/tests/{testId}",
    summary: "One test's history: outcome and duration per run on a branch, its groups, flaky evidence",
    tag: "tests",
    query: FlakyFilters,
    responses: { 200: json("The test", S.TestDetail) },
    problems: READ_PROBLEMS,
  },
  {
    method: "patch",
    path: "/api/v1/projects/{slug}/tests/{testId}",
    summary: "Retire a test (removed on purpose: never reported missing) or restore it; audited",
    tag: "tests",
    body: TestRetirement,
    responses: { 200: json("The test after the change", S.RetiredTest) },
    problems: READ_PROBLEMS,
  },
  {
    method: "get",
    path: "/api/v1/projects/{slug}/members",
    summary: "The project's members and their roles",
    tag: "access",
    responses: { 200: json("Members", z.object({ members: z.array(A.Member) })) },
    problems: READ_PROBLEMS,
  },
  {
    method: "put",
    path: "/api/v1/projects/{slug}/members",
    summary: "Add an existing account to the project by e-mail, or change its role; audited",
    tag: "access",
    body: A.MemberInput,
    responses: { 200: json("Members after the change", z.object({ members: z.array(A.Member) })) },
    problems: READ_PROBLEMS,
  },
  {
    method: "delete",
    path: "/api/v1/projects/{slug}/members/{userId}",
    summary: "Take an account out of the project; audited",
    tag: "access",
    responses: { 204: { description: "Removed" } },
    problems: READ_PROBLEMS,
  },
  {
    method: "post",
    path: "/api/v1/projects/{slug}/invites",
    summary: "An invite link (one use, 7 days) that creates an account with a role in this project",
    tag: "access",
    body: A.ProjectInviteInput,
    responses: { 201: json("The link to hand over; it is not stored in clear and cannot be shown again", A.InviteLink) },
    problems: READ_PROBLEMS,
  },
  {
    method: "get",
    path: "/api/v1/projects/{slug}/audit",
    summary: "The project's audit trail: triage and admin changes with who made them, newest first",
    tag: "access",
    query: AuditQuery,
    responses: { 200: json("Events; pass nextBefore as before for the next page", z.object({ events: z.array(AnyObject), nextBefore: z.string().nullable() })) },
    problems: READ_PROBLEMS,
  },
  {
    method: "get",
    path: "/api/v1/accounts",
    summary: "Every account with its project roles, and the account audit trail",
    tag: "access",
    responses: { 200: json("Accounts", z.object({ accounts: z.array(A.Account), events: z.array(AnyObject) })) },
    problems: READ_PROBLEMS,
  },
  {
    method: "post",
    path: "/api/v1/accounts/invites",
    summary: "An invite link for a new account, optionally instance admin and/or with a project role",
    tag: "access",
    body: A.AccountInviteInput,
    responses: { 201: json("The link to hand over", A.InviteLink) },
    problems: READ_PROBLEMS,
  },
  {
    method: "patch",
    path: "/api/v1/accounts/{userId}",
    summary: "Grant or revoke instance admin (the last instance admin stays)",
    tag: "access",
    body: A.AccountPatch,
    responses: { 200: json("Accounts after the change", z.object({ accounts: z.array(A.Account) })) },
    problems: SETTINGS_PROBLEMS,
  },
  {
    method: "delete",
    path: "/api/v1/accounts/{userId}",
    summary: "Delete an account and its sessions (the last instance admin stays)",
    tag: "access",
    responses: { 204: { description: "Deleted" } },
    problems: SETTINGS_PROBLEMS,
  },
  {
    method: "post",
    path: "/api/v1/accounts/{userId}/reset-link",
    summary: "A one-day password-reset link for the account's owner (signs out their sessions when used)",
    tag: "access",
    responses: { 201: json("The link to hand over", z.object({ url: z.string(), email: z.string() })) },
    problems: SETTINGS_PROBLEMS,
  },
];

type JsonSchema = Record<string, unknown>;

/** JSON Schema 2020-12 (OpenAPI 3.1's dialect) of what a client sends or receives. */
function schemaOf(schema: z.ZodType, io: "input" | "output"): JsonSchema {
  const generated = z.toJSONSchema(schema, { target: "draft-2020-12", io, unrepresentable: "any" }) as JsonSchema;
  // The dialect is declared once, document-wide (jsonSchemaDialect).
  delete generated.$schema;
  return generated;
}

const PROBLEM_REF = { $ref: "#/components/schemas/Problem" };

function queryParameters(query: z.ZodObject | undefined): JsonSchema[] {
  if (!query) return [];
  const schema = schemaOf(query, "input") as { properties?: Record<string, JsonSchema>; required?: string[] };
  return Object.entries(schema.properties ?? {}).map(([name, property]) => ({
    name,
    in: "query",
    required: schema.required?.includes(name) ?? false,
    schema: property,
    ...(typeof property.description === "string" ? { description: property.description } : {}),
  }));
}

function pathParameters(path: string): JsonSchema[] {
  return [...path.matchAll(/\{([^}]+)\}/g)].map(([, name]) => ({ name, in: "path", required: true, schema: { type: "string" } }));
}

function uploadRequestBody(): JsonSchema {
  const metadata = schemaOf(UploadMetadata, "input") as { properties: Record<string, JsonSchema> };
  // Labels travel as `label.<name>` fields, described in the body's description.
  const fields = Object.fromEntries(Object.entries(metadata.properties).filter(([name]) => name !== "labels"));
  const raw = { schema: { type: "string", contentMediaType: "application/octet-stream" } };
  return {
    required: true,
    description:
      "Report files (JUnit XML, .xml.gz, .zip, .tar, .tar.gz) as multipart parts after the metadata fields, or one raw file or archive " +
      "with metadata as query parameters. `Content-Encoding: gzip` is accepted. Labels are `label.<name>` fields.",
    content: {
      "multipart/form-data": {
        schema: {
          type: "object",
          properties: { ...fields, files: { type: "array", items: { type: "string", contentMediaType: "application/octet-stream" } } },
          required: ["files"],
        },
      },
      "application/xml": raw,
      "text/xml": raw,
      "application/gzip": raw,
      "application/zip": raw,
      "application/x-tar": raw,
      "application/octet-stream": raw,
    },
  };
}

const ACCESS_TEXT: Record<RouteAccess, string> = {
  public: "Public.",
  token: "A project upload token.",
  reader: "Any signed-in account (or anyone under GREENBOARD_PUBLIC_READ); lists only what the caller may see.",
  viewer: "A signed-in viewer, member or admin of the project (or anyone under GREENBOARD_PUBLIC_READ).",
  member: "A signed-in member or admin of the project.",
  admin: "A signed-in admin of the project (or an instance admin).",
  "instance-admin": "A signed-in instance admin.",
};

const UPLOAD_BYTES_PARAMETER: JsonSchema = {
  name: UPLOAD_BYTES_HEADER,
  in: "header",
  required: false,
  schema: { type: "integer", minimum: 0 },
  description:
    "Bytes of report files in the body before any Content-Encoding (`greenboard upload` sends it). Above GREENBOARD_ASYNC_BYTES, " +
    "a server on PostgreSQL stores the upload while it arrives instead of after it; the answer is the same 202. A hint: the limits " +
    "apply to what is actually sent.",
};

function operation(route: ApiRoute): JsonSchema {
  const access = routeAccess(route.method, route.path) ?? "instance-admin";
  const sessionProblems: ProblemCode[] = access === "public" || access === "token" ? [] : access === "reader" ? ["unauthorized"] : ["unauthorized", "forbidden"];
  route = { ...route, problems: [...new Set([...route.problems, ...sessionProblems])] };
  const responses: Record<string, JsonSchema> = {};
  for (const [status, spec] of Object.entries(route.responses)) {
    const content = spec.schema
      ? { "application/json": { schema: schemaOf(spec.schema, "output") } }
      : spec.contentType
        ? { [spec.contentType]: { schema: { type: "string" } } }
        : undefined;
    responses[status] = { description: spec.description, ...(content ? { content } : {}) };
  }
  const byStatus = new Map<number, ProblemCode[]>();
  for (const code of route.problems) byStatus.set(PROBLEMS[code].status, [...(byStatus.get(PROBLEMS[code].status) ?? []), code]);
  for (const [status, codes] of byStatus) {
    const retry = codes.some((code) => code === "rate_limited" || code === "unavailable");
    responses[String(status)] = {
      description: codes.map((code) => `\`${code}\`: ${PROBLEMS[code].title}`).join("; "),
      content: { "application/problem+json": { schema: PROBLEM_REF } },
      ...(retry ? { headers: { "Retry-After": { description: "Seconds to wait before retrying", schema: { type: "integer" } } } } : {}),
    };
  }
  const parameters = [
    ...pathParameters(route.path),
    ...queryParameters(route.uploadBody ? UploadMetadata.omit({ labels: true, testFiles: true }) : route.query),
    ...(route.uploadBody && route.auth === "token" ? [UPLOAD_BYTES_PARAMETER] : []),
  ];
  return {
    operationId: `${route.method}${route.path.replace(/\{([^}]+)\}/g, "By-$1").replace(/[^A-Za-z0-9]+(.)?/g, (_m, c: string | undefined) => (c ?? "").toUpperCase())}`,
    summary: route.summary,
    description: `Access: ${ACCESS_TEXT[access]}`,
    "x-greenboard-access": access,
    tags: [route.tag],
    ...(route.auth === "token" ? { security: [{ uploadToken: [] }] } : access === "public" ? {} : { security: [{ session: [] }] }),
    ...(parameters.length > 0 ? { parameters } : {}),
    ...(route.uploadBody ? { requestBody: uploadRequestBody() } : {}),
    ...(route.body ? { requestBody: { required: true, content: { "application/json": { schema: schemaOf(route.body, "input") } } } } : {}),
    responses,
  };
}

export function buildOpenApiDocument(options: { serverUrl?: string; version?: string } = {}): JsonSchema {
  const paths: Record<string, Record<string, JsonSchema>> = {};
  for (const route of API_ROUTES) (paths[route.path] ??= {})[route.method] = operation(route);
  return {
    openapi: "3.1.0",
    jsonSchemaDialect: "https://json-schema.org/draft/2020-12/schema",
    info: {
      title: "Greenboard API",
      version: options.version ?? "1",
      description:
        "Ingests JUnit XML reports from CI and serves runs, failure groups, tests and stats. Errors are RFC 9457 " +
        `application/problem+json with a stable \`code\` (${PROBLEM_CODES.join(", ")}).`,
    },
    ...(options.serverUrl ? { servers: [{ url: options.serverUrl }] } : {}),
    tags: [...new Set(API_ROUTES.map((r) => r.tag))].map((name) => ({ name })),
    paths,
    components: {
      schemas: { Problem: schemaOf(S.Problem, "output") },
      securitySchemes: {
        uploadToken: { type: "http", scheme: "bearer", description: "A project upload token (`gb_<prefix>_<secret>`)" },
        session: { type: "apiKey", in: "cookie", name: "greenboard.session_token", description: "The session cookie of a signed-in account (sign in at /login); writes must come from Greenboard's own origin" },
      },
    },
  };
}
