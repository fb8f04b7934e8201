import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { closeAppDatabase, openAppDatabase } from "@/test/app-database";
import { browserRequest, sessionFor } from "@/test/session";
import { GET as getBadge } from "@/app/api/v1/projects/[slug]/badge.svg/route";
import { GET as getGroupsCsv } from "@/app/api/v1/projects/[slug]/groups.csv/route";
import { GET as getRunsCsv } from "@/app/api/v1/projects/[slug]/runs.csv/route";
import { GET as getStats } from "@/app/api/v1/projects/[slug]/stats/route";
import { GET as getProjects } from "@/app/api/v1/projects/route";
import type { Database } from "@/lib/db/connection";
import { CATEGORIES } from "@/lib/domain/vocabulary";

const base = "http://localhost/api/v1/projects";
const slug = "golden-path";
const params = (s = slug) => ({ params: Promise.resolve({ slug: s }) });
// Reads come from a signed-in viewer of the project (set in beforeAll); the badge is public and takes no session.
let cookie = "";
const request = (url: string) => browserRequest(cookie, url);

/** RFC 4180 lines → cells (enough for these exports: quoted cells may hold commas and quotes, not line breaks). */
function parseCsv(text: string): string[][] {
  return text
    .split("\r\n")
    .filter(Boolean)
    .map((line) => [...line.matchAll(/("(?:[^"]|"")*"|[^,]*)(,|$)/g)].slice(0, -1).map(([, cell]) => (cell!.startsWith('"') ? cell!.slice(1, -1).replace(/""/g, '"') : cell!)));
}

describe("read API: projects, stats, CSV exports, badge", () => {
  let db: Database;

  beforeAll(async () => {
    db = await openAppDatabase({ demoRuns: 3 });
    const project = await db.prisma.project.findUniqueOrThrow({ where: { slug } });
    cookie = (await sessionFor(db.prisma, { projectId: project.id, role: "viewer" })).cookie;
  });
  afterAll(() => closeAppDatabase(db));

  test("GET /projects lists projects with their latest run on the default branch", async () => {
    const response = await getProjects(request(base));
    expect(response.status).toBe(200);
    const latest = await db.prisma.run.findFirstOrThrow({ where: { branch: "main" }, orderBy: { startedAt: "desc" } });
    const body = (await response.json()) as { projects: { slug: string; latestRun: { id: string; passRate: number | null } | null }[] };
    expect(body.projects).toEqual([
      expect.objectContaining({ slug, defaultBranch: "main", passRateTarget: 1, latestRun: expect.objectContaining({ id: latest.id, runKey: latest.runKey, passRate: latest.passRate }) }),
    ]);
  });

  test("GET stats has one point per run with pass rate, categories and teams", async () => {
    const response = await getStats(request(`${base}/${slug}/stats`), params());
    expect(response.status).toBe(200);
    const body = (await response.json()) as {
      branch: string;
      runs: { runKey: string; passRate: number; byCategory: Record<string, number>; byTeam: Record<string, { passRate: number | null }> }[];
      teams: { id: string }[];
    };
    expect(body.branch).toBe("main");
    expect(body.runs.map((r) => r.runKey)).toEqual(["ci-1040", "ci-1041", "ci-1042"]);
    for (const run of body.runs) {
      expect(Object.keys(run.byCategory).sort()).toEqual([...CATEGORIES].sort());
      for (const teamId of Object.keys(run.byTeam)) expect(body.teams.map((t) => t.id)).toContain(teamId);
    }
    const stored = await db.prisma.run.findFirstOrThrow({ where: { runKey: "ci-1042" } });
    expect(body.runs[2]?.passRate).toBe(stored.passRate);
  });

  test("GET stats with an unknown query parameter is a 400, an unknown project a 404", async () => {
    expect((await getStats(request(`${base}/${slug}/stats?brnch=main`), params())).status).toBe(400);
    const missing = await getStats(request(`${base}/nope/stats`), params("nope"));
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({
      type: "https://greenboard.dev/problems/not_found",
      title: "Not found",
      status: 404,
      code: "not_found",
      detail: 'Project "nope" does not exist',
      instance: "/api/v1/projects/nope/stats",
      entity: "project",
    });
  });

  test("GET runs.csv streams every run, newest first, with a header row", async () => {
    const response = await getRunsCsv(request(`${base}/${slug}/runs.csv`), params());
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("content-disposition")).toBe('attachment; filename="golden-path-runs.csv"');
    const [header, ...rows] = parseCsv(await response.text());
    expect(header?.slice(0, 4)).toEqual(["id", "runKey", "status", "branch"]);
    expect(rows.map((r) => r[1])).toEqual(["ci-1042", "ci-1041", "ci-1040"]);
    const stored = await db.prisma.run.findFirstOrThrow({ where: { runKey: "ci-1042" } });
    const first = Object.fromEntries(header!.map((name, i) => [name, rows[0]?.[i]]));
    expect(first).toMatchObject({ id: stored.id, status: stored.status, tests: String(stored.tests), passed: String(stored.passed), passRate: String(stored.passRate) });
  });

  test("GET groups.csv streams every group matching the filters", async () => {
    const all = await db.prisma.failureGroup.count({ where: { status: { in: ["new", "investigating"] } } });
    const response = await getGroupsCsv(request(`${base}/${slug}/groups.csv`), params());
    expect(response.status).toBe(200);
    const [header, ...rows] = parseCsv(await response.text());
    expect(header).toEqual(["id", "title", "category", "failureType", "status", "regressed", "affectedTests", "occurrences", "impact", "assignee", "externalIssueUrl", "firstSeenAt", "lastSeenAt"]);
    expect(rows).toHaveLength(all);
    const infra = await getGroupsCsv(request(`${base}/${slug}/groups.csv?category=infrastructure&status=all`), params());
    const infraRows = parseCsv(await infra.text()).slice(1);
    expect(infraRows.length).toBe(await db.prisma.failureGroup.count({ where: { category: "infrastructure" } }));
    expect(infraRows.every((r) => r[2] === "infrastructure")).toBe(true);
  });

  test("GET badge.svg shows the latest completed run's pass rate, cacheable for a minute", async () => {
    const response = await getBadge(new Request(`${base}/${slug}/badge.svg`), params());
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("image/svg+xml; charset=utf-8");
    expect(response.headers.get("cache-control")).toBe("public, max-age=60");
    const run = await db.prisma.run.findFirstOrThrow({ where: { branch: "main", status: "complete" }, orderBy: { startedAt: "desc" } });
    const svg = await response.text();
    const shown = `${(Math.floor((run.passRate ?? 0) * 1000) / 10).toFixed(1)} %`;
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    expect(svg).toContain(`aria-label="tests: ${shown}"`);
  });
});
