import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { Database } from "@/lib/db/connection";
import { resetEnv } from "@/lib/env.mjs";
import { closeAppDatabase, openAppDatabase } from "@/test/app-database";
import { getAuth, oidcEnabled } from "./server";

// Single sign-on is configured by three variables. A local stand-in for the identity provider
// serves the discovery document; signing in must send the browser to its authorization endpoint
// with our client id, PKCE and the callback on this server.
describe("OpenID Connect sign-in", () => {
  let db: Database;
  let idp: Server;
  let issuer: string;

  beforeAll(async () => {
    idp = createServer((request, response) => {
      if (request.url !== "/.well-known/openid-configuration") return void response.writeHead(404).end();
      response.setHeader("content-type", "application/json");
      response.end(
        JSON.stringify({
          issuer,
          authorization_endpoint: `${issuer}/authorize`,
          token_endpoint: `${issuer}/token`,
          userinfo_endpoint: `${issuer}/userinfo`,
          jwks_uri: `${issuer}/jwks`,
          response_types_supported: ["code"],
          subject_types_supported: ["public"],
          id_token_signing_alg_values_supported: ["RS256"],
        }),
      );
    });
    await new Promise<void>((resolve) => idp.listen(0, "127.0.0.1", resolve));
    issuer = `http://127.0.0.1:${(idp.address() as AddressInfo).port}`;
    Object.assign(process.env, { GREENBOARD_OIDC_ISSUER: issuer, GREENBOARD_OIDC_CLIENT_ID: "greenboard-test", GREENBOARD_OIDC_CLIENT_SECRET: "s3cret", GREENBOARD_OIDC_NAME: "Acme SSO" });
    resetEnv();
    db = await openAppDatabase();
  });
  afterAll(async () => {
    for (const name of ["GREENBOARD_OIDC_ISSUER", "GREENBOARD_OIDC_CLIENT_ID", "GREENBOARD_OIDC_CLIENT_SECRET", "GREENBOARD_OIDC_NAME"]) delete process.env[name];
    resetEnv();
    await closeAppDatabase(db);
    await new Promise((resolve) => idp.close(resolve));
  });

  test("signing in redirects to the provider with our client, PKCE and callback", async () => {
    expect(oidcEnabled()).toBe(true);
    const auth = await getAuth();
    const response = await auth.handler(
      new Request("http://localhost:3000/api/auth/sign-in/social", {
        method: "POST",
        headers: { "content-type": "application/json", origin: "http://localhost:3000" },
        body: JSON.stringify({ provider: "oidc", callbackURL: "/p/demo" }),
      }),
    );
    expect(response.status).toBe(200);
    const { url } = (await response.json()) as { url: string };
    const target = new URL(url);
    expect(`${target.origin}${target.pathname}`).toBe(`${issuer}/authorize`);
    expect(target.searchParams.get("client_id")).toBe("greenboard-test");
    expect(target.searchParams.get("redirect_uri")).toBe("http://localhost:3000/api/auth/callback/oidc");
    expect(target.searchParams.get("code_challenge_method")).toBe("S256");
    expect(target.searchParams.get("scope")?.split(" ")).toEqual(expect.arrayContaining(["openid", "email", "profile"]));
  });

  test("half a configuration is refused at start-up", async () => {
    const { parseEnv } = await import("@/lib/env.mjs");
    expect(() => parseEnv({ GREENBOARD_OIDC_ISSUER: issuer })).toThrow(/go together/);
  });
});
