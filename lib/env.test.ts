import { describe, expect, test } from "vitest";
import { EnvError, parseEnv } from "./env.mjs";
import { resolveDatabaseTarget } from "./db/url";

describe("environment", () => {
  test("embedded defaults need no variables at all", () => {
    const env = parseEnv({});
    expect(env).toMatchObject({ PORT: 3000, GREENBOARD_MAX_UPLOAD_MB: 1024, GREENBOARD_PUBLIC_READ: false, GREENBOARD_LOG_LEVEL: "info", GREENBOARD_EMBEDDED_SHARED_BUFFERS_MB: 128 });
    expect(env.DATABASE_URL).toBeUndefined();
    expect(env.REDIS_URL).toBeUndefined();
  });

  test("empty strings count as unset", () => {
    expect(parseEnv({ DATABASE_URL: "", REDIS_URL: "", PORT: "" })).toMatchObject({ PORT: 3000 });
  });

  test.each([
    [{ PORT: "eighty" }, "PORT"],
    [{ PORT: "70000" }, "PORT"],
    [{ DATABASE_URL: "mysql://root@localhost/db" }, 'DATABASE_URL: must be unset, "pglite:<dir>", or a postgres:// / postgresql:// URL'],
    [{ REDIS_URL: "http://localhost:6379" }, "REDIS_URL: must be a redis:// or rediss:// URL"],
    [{ GREENBOARD_PUBLIC_URL: "not a url" }, "GREENBOARD_PUBLIC_URL"],
    [{ GREENBOARD_PUBLIC_READ: "yes" }, "GREENBOARD_PUBLIC_READ"],
    [{ GREENBOARD_EMBEDDED_SHARED_BUFFERS_MB: "0" }, "GREENBOARD_EMBEDDED_SHARED_BUFFERS_MB"],
    [{ GREENBOARD_EMBEDDED_SHARED_BUFFERS_MB: "32MB" }, "GREENBOARD_EMBEDDED_SHARED_BUFFERS_MB"],
  ])("%o is refused with a message naming the variable", (source, expected) => {
    expect(() => parseEnv(source)).toThrow(EnvError);
    expect(() => parseEnv(source)).toThrow(expected);
  });

  test.each([
    [undefined, { kind: "pglite", dataDir: "/srv/app/.data/pglite" }],
    ["pglite:/var/lib/greenboard", { kind: "pglite", dataDir: "/var/lib/greenboard" }],
    ["pglite:./db", { kind: "pglite", dataDir: "/srv/app/db" }],
    ["postgresql://u@h:5432/gb", { kind: "postgres", url: "postgresql://u@h:5432/gb" }],
    ["postgres://u@h/gb", { kind: "postgres", url: "postgres://u@h/gb" }],
  ])("DATABASE_URL=%s selects %o", (url, expected) => {
    expect(resolveDatabaseTarget(url, "/srv/app")).toEqual(expected);
  });
});
