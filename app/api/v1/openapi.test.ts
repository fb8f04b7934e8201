import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { GET } from "@/app/api/v1/openapi.json/route";

const API_DIR = path.join(process.cwd(), "app/api/v1");
const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;

/** Every route.ts under app/api/v1 as its OpenAPI path (`[slug]` → `{slug}`) and exported methods. */
async function routeFiles(dir = API_DIR): Promise<{ path: string; methods: string[] }[]> {
  const found: { path: string; methods: string[] }[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) found.push(...(await routeFiles(full)));
    else if (entry.name === "route.ts") {
      const source = await readFile(full, "utf8");
      const methods = METHODS.filter((m) => new RegExp(`export\\s+(const|async\\s+function|function)\\s+${m}\\b`).test(source));
      const route = path.relative(path.join(process.cwd(), "app"), dir).split(path.sep).join("/");
      found.push({ path: `/${route}`.replace(/\[([^\]]+)\]/g, "{$1}"), methods: methods.map((m) => m.toLowerCase()) });
    }
  }
  return found;
}

type Doc = {
  openapi: string;
  info: { title: string; version: string };
  paths: Record<string, Record<string, { operationId: string; responses: Record<string, { description: string; content?: Record<string, { schema: unknown }> }> }>>;
  components: { schemas: Record<string, unknown> };
};

describe("GET /api/v1/openapi.json", () => {
  const load = async () => {
    const response = await GET(new Request("http://localhost:3000/api/v1/openapi.json"));
    expect(response.status).toBe(200);
    return (await response.json()) as Doc;
  };

  test("is an OpenAPI 3.1 document whose every operation has responses", async () => {
    const doc = await load();
    expect(doc.openapi).toMatch(/^3\.1\.\d+$/);
    expect(doc.info).toMatchObject({ title: "Greenboard API", version: expect.any(String) });
    expect(Object.keys(doc.paths).length).toBeGreaterThan(0);
    const operationIds: string[] = [];
    for (const [p, item] of Object.entries(doc.paths)) {
      expect(p).toMatch(/^\/api\/v1\//);
      const operations = Object.entries(item);
      expect(operations.length, p).toBeGreaterThan(0);
      for (const [method, op] of operations) {
        expect(METHODS.map((m) => m.toLowerCase()), `${method} ${p}`).toContain(method);
        operationIds.push(op.operationId);
        expect(Object.keys(op.responses).length, `${method} ${p}`).toBeGreaterThan(0);
        for (const [status, response] of Object.entries(op.responses)) {
          expect(status).toMatch(/^[1-5]\d\d$/);
          expect(response.description, `${method} ${p} ${status}`).toBeTruthy();
          if (Number(status) >= 400) expect(response.content?.["application/problem+json"]?.schema).toEqual({ $ref: "#/components/schemas/Problem" });
        }
      }
    }
    expect(new Set(operationIds).size).toBe(operationIds.length);
    expect(doc.components.schemas.Problem).toBeDefined();
    // Every $ref points inside the document.
    for (const ref of JSON.stringify(doc).matchAll(/"\$ref":"#\/components\/schemas\/([^"]+)"/g)) expect(doc.components.schemas[ref[1]!]).toBeDefined();
  });

  test("documents every route.ts under app/api/v1 with each of its methods", async () => {
    const doc = await load();
    const routes = await routeFiles();
    expect(routes.length).toBeGreaterThan(10);
    for (const route of routes) {
      expect(doc.paths[route.path], `${route.path} is missing from lib/api/openapi.ts`).toBeDefined();
      for (const method of route.methods) expect(doc.paths[route.path]?.[method], `${method.toUpperCase()} ${route.path}`).toBeDefined();
    }
    // And documents nothing that does not exist.
    const known = new Set(routes.flatMap((r) => r.methods.map((m) => `${m} ${r.path}`)));
    for (const [p, item] of Object.entries(doc.paths)) for (const method of Object.keys(item)) expect(known, `${method} ${p}`).toContain(`${method} ${p}`);
  });

  test("request schemas come from the zod schemas the routes validate with", async () => {
    const doc = await load();
    const upload = doc.paths["/api/v1/runs"]?.post as unknown as {
      requestBody: { content: Record<string, { schema: { properties?: Record<string, unknown> } }> };
      parameters: { name: string }[];
      responses: Record<string, unknown>;
    };
    expect(Object.keys(upload.requestBody.content["multipart/form-data"]!.schema.properties!)).toEqual(expect.arrayContaining(["runKey", "branch", "shards", "completed", "testFiles", "files"]));
    expect(upload.parameters.map((p) => p.name)).toEqual(expect.arrayContaining(["runKey", "branch", "commit", "ciUrl", "startedAt", "shards", "completed"]));
    expect(Object.keys(upload.responses).sort()).toEqual(["200", "201", "202", "400", "401", "403", "413", "415", "422", "429", "500", "503"]);
    const patch = doc.paths["/api/v1/projects/{slug}/groups/{groupId}"]?.patch as unknown as { requestBody: { content: { "application/json": { schema: { properties: Record<string, unknown> } } } } };
    expect(Object.keys(patch.requestBody.content["application/json"].schema.properties).sort()).toEqual(["assignedManually", "assigneeTeamId", "externalIssueUrl", "note", "status"]);
  });
});
