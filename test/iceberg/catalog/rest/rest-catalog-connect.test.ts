/**
 * RestCatalog's conversation with a catalog server: GET /v1/config, property merge and prefix,
 * endpoints, OAuth2 client credentials, static tokens, header.* and failures on first contact.
 * The server is a stand-in (stand-in-rest-catalog.ts says where it is less strict than a real one).
 */
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import { inspect } from "node:util";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { isLakelabError, type LakelabError } from "../../../../src/errors";
import { RestCatalog } from "../../../../src/iceberg/catalog/rest";
import { OAuthClientCredentialsRequest, problems } from "./spec-shapes";
import { StandInRestCatalog } from "./stand-in-rest-catalog";

async function failure(fn: () => Promise<unknown>): Promise<LakelabError> {
  try {
    await fn();
  } catch (err) {
    if (isLakelabError(err)) return err;
    throw err;
  }
  throw new Error("expected a LakelabError, got success");
}

/** Everything an error shows: message, stack, context, cause chain, inspect with hidden fields, JSON. */
function everything(err: unknown): string {
  const parts: string[] = [];
  for (let e: unknown = err; e !== undefined && e !== null; e = (e as { cause?: unknown }).cause) {
    parts.push(inspect(e, { depth: Number.POSITIVE_INFINITY, showHidden: true }));
    parts.push(JSON.stringify(e, (_k, v) => (typeof v === "bigint" ? String(v) : v)) ?? "");
    parts.push(String((e as Error).stack), String((e as Error).message));
  }
  return parts.join("\n");
}

const SECRET = "s3cr3t-client-secret-value";

describe("RestCatalog.connect", () => {
  let server: StandInRestCatalog;
  let uri: string;
  beforeEach(async () => {
    server = new StandInRestCatalog();
    uri = await server.start();
  });
  afterEach(async () => server.close());

  it("reads GET /v1/config first, merges defaults < client < overrides, and routes under the prefix", async () => {
    server.prefix = "wh-1";
    server.config = {
      defaults: { "rest-page-size": "100", "s3.region": "eu-west-1", clients: "4" },
      overrides: { prefix: "wh-1", "s3.region": "us-east-1" },
    };
    const catalog = await RestCatalog.connect({
      uri,
      warehouse: "analytics",
      properties: { "rest-page-size": "7", "s3.region": "ap-south-1" },
    });
    expect(server.requests[0]!.method).toBe("GET");
    expect(server.requests[0]!.path).toBe("/v1/config");
    expect(server.requests[0]!.query.get("warehouse")).toBe("analytics");
    expect(catalog.properties["rest-page-size"]).toBe("7"); // client beats defaults
    expect(catalog.properties["s3.region"]).toBe("us-east-1"); // overrides beat client
    expect(catalog.properties.clients).toBe("4");
    await catalog.createNamespace(["sales"]);
    expect(await catalog.listNamespaces()).toEqual([["sales"]]);
    expect(server.requests.at(-1)!.path).toBe("/v1/wh-1/namespaces");
    expect(server.requests.at(-1)!.query.get("pageSize")).toBe("7");
  });

  it("refuses an operation the server's endpoints list leaves out, before sending it", async () => {
    server.config = {
      defaults: {},
      overrides: {},
      endpoints: ["GET /v1/{prefix}/namespaces", "GET /v1/{prefix}/namespaces/{namespace}"],
    };
    const catalog = await RestCatalog.connect({ uri });
    const sent = server.requests.length;
    const err = await failure(() => catalog.createNamespace(["x"]));
    expect(err.code).toBe("NOT_SUPPORTED");
    expect(err.message).toContain("POST /v1/{prefix}/namespaces");
    expect(server.requests.length).toBe(sent);
    // HEAD is not listed either: existence falls back to the load route.
    server.namespaces.set("x", {});
    expect(await catalog.namespaceExists(["x"])).toBe(true);
    expect(server.requests.at(-1)!.method).toBe("GET");
  });

  it("exchanges client credentials for a token (form-encoded, scope), then sends it as a bearer token", async () => {
    server.oauth = { clientId: "lakelab", clientSecret: SECRET, expiresIn: 3600 };
    const catalog = await RestCatalog.connect({ uri, properties: { credential: `lakelab:${SECRET}` } });
    const tokenRequest = server.requests[0]!;
    expect(tokenRequest.path).toBe("/v1/oauth/tokens");
    expect(tokenRequest.headers["content-type"]).toContain("application/x-www-form-urlencoded");
    expect(problems(OAuthClientCredentialsRequest, tokenRequest.body)).toEqual([]);
    expect(tokenRequest.body).toMatchObject({ grant_type: "client_credentials", scope: "catalog" });
    expect(tokenRequest.headers.authorization).toBeUndefined();
    await catalog.listNamespaces();
    expect(server.requests.at(-1)!.headers.authorization).toBe(`Bearer ${server.issuedTokens[0]}`);
    expect(inspect(catalog, { depth: 10, showHidden: true })).not.toContain(SECRET);
    expect(inspect(catalog, { depth: 10 })).not.toContain(server.issuedTokens[0]);
    expect(JSON.stringify(catalog)).not.toContain(SECRET);
  });

  it("uses oauth2-server-uri and the configured scope when given", async () => {
    server.oauth = { clientId: "c", clientSecret: SECRET };
    await RestCatalog.connect({
      uri,
      properties: {
        credential: `c:${SECRET}`,
        scope: "PRINCIPAL_ROLE:ALL",
        "oauth2-server-uri": `${uri}/v1/oauth/tokens?x=1`,
      },
    });
    expect(server.requests[0]!.query.get("x")).toBe("1");
    expect(server.requests[0]!.body).toMatchObject({ scope: "PRINCIPAL_ROLE:ALL" });
  });

  it("refreshes the token before expires_in runs out, without waiting for a 401", async () => {
    server.oauth = { clientId: "c", clientSecret: SECRET, expiresIn: 600 };
    let now = 1_000_000;
    const catalog = await RestCatalog.connect({
      uri,
      properties: { credential: `c:${SECRET}` },
      now: () => now,
    });
    expect(server.issuedTokens).toHaveLength(1);
    now += 500_000; // 100 s left: more than the refresh margin (60 s)
    await catalog.listNamespaces();
    expect(server.issuedTokens).toHaveLength(1);
    now += 50_000; // 50 s left: inside the margin
    await catalog.listNamespaces();
    expect(server.issuedTokens).toHaveLength(2);
    expect(server.requests.at(-1)!.headers.authorization).toBe(`Bearer ${server.issuedTokens[1]}`);
    expect(server.catalogRequests().every((r) => r.headers.authorization !== undefined)).toBe(true);
  });

  it("on 401 fetches a new token once and resends; a second 401 is UNAUTHENTICATED without secrets", async () => {
    server.oauth = { clientId: "c", clientSecret: SECRET };
    const catalog = await RestCatalog.connect({ uri, properties: { credential: `c:${SECRET}` } });
    server.revokeTokens();
    expect(await catalog.listNamespaces()).toEqual([]);
    expect(server.issuedTokens).toHaveLength(2);
    const issued = server.issuedTokens[0]!;
    server.failNext("GET", /namespaces$/, 401, {
      type: "NotAuthorizedException",
      message: `token ${issued} expired`,
    });
    server.failNext("GET", /namespaces$/, 401, {
      type: "NotAuthorizedException",
      message: `token ${server.issuedTokens[1]} revoked`,
    });
    const err = await failure(() => catalog.listNamespaces());
    expect(err.code).toBe("UNAUTHENTICATED");
    expect(err.message).toContain("NotAuthorizedException");
    expect(err.message).toContain("***");
    const shown = everything(err);
    for (const secret of [SECRET, ...server.issuedTokens]) expect(shown).not.toContain(secret);
    expect(server.issuedTokens).toHaveLength(3); // refreshed exactly once for that call
  });

  it("403 after a refresh is PERMISSION_DENIED", async () => {
    server.oauth = { clientId: "c", clientSecret: SECRET };
    const catalog = await RestCatalog.connect({ uri, properties: { credential: `c:${SECRET}` } });
    server.failNext("GET", /namespaces$/, 403, {
      type: "ForbiddenException",
      message: "no privilege LIST on catalog",
    });
    server.failNext("GET", /namespaces$/, 403, {
      type: "ForbiddenException",
      message: "no privilege LIST on catalog",
    });
    const err = await failure(() => catalog.listNamespaces());
    expect(err.code).toBe("PERMISSION_DENIED");
    expect(err.message).toContain("no privilege LIST on catalog");
  });

  it("a wrong client secret is UNAUTHENTICATED naming the OAuth error, not the secret", async () => {
    server.oauth = { clientId: "c", clientSecret: "the-right-one" };
    const err = await failure(() => RestCatalog.connect({ uri, properties: { credential: `c:${SECRET}` } }));
    expect(err.code).toBe("UNAUTHENTICATED");
    expect(err.message).toContain("invalid_client");
    expect(everything(err)).not.toContain(SECRET);
  });

  it("sends a static token and header.* properties on every request; a 401 with no credential fails at once", async () => {
    server.addToken("static-token-abcdef");
    const catalog = await RestCatalog.connect({
      uri,
      properties: {
        token: "static-token-abcdef",
        "header.X-Tenant": "team-a",
        "header.X-Api-Key": "key-123456",
      },
    });
    await catalog.listNamespaces();
    for (const r of server.requests) {
      expect(r.headers.authorization).toBe("Bearer static-token-abcdef");
      expect(r.headers["x-tenant"]).toBe("team-a");
      expect(r.headers["x-api-key"]).toBe("key-123456");
    }
    expect(server.requests.filter((r) => r.path.endsWith("/oauth/tokens"))).toEqual([]);
    server.revokeTokens();
    server.addToken("another");
    const before = server.requests.length;
    const err = await failure(() => catalog.listNamespaces());
    expect(err.code).toBe("UNAUTHENTICATED");
    expect(server.requests.length).toBe(before + 1);
    expect(inspect(catalog)).not.toContain("static-token-abcdef");
    expect(inspect(catalog)).not.toContain("key-123456");
    expect(everything(err)).not.toContain("static-token-abcdef");
  });

  it("a refused port fails on first contact with a typed error naming the URI, credentials masked", async () => {
    const closed = http.createServer();
    await new Promise<void>((r) => closed.listen(0, "127.0.0.1", r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((r) => closed.close(() => r()));
    const err = await failure(() =>
      RestCatalog.connect({
        uri: `http://alice:pw-${SECRET}@127.0.0.1:${port}`,
        properties: { token: "tok-xyz-123" },
      }),
    );
    expect(err.code).toBe("TEMPORARILY_UNAVAILABLE");
    expect(err.message).toContain(`http://127.0.0.1:${port}`);
    expect(err.message).toContain("ECONNREFUSED");
    expect(err.message).toContain("check that the server is running");
    expect(everything(err)).not.toContain(SECRET);
    expect(everything(err)).not.toContain("tok-xyz-123");
    expect(everything(err)).not.toContain("alice");
  });

  it("a host that does not resolve fails on first contact with a typed error", async () => {
    const err = await failure(() => RestCatalog.connect({ uri: "http://catalog.invalid:8181" }));
    expect(err.code).toBe("TEMPORARILY_UNAVAILABLE");
    expect(err.message).toContain("http://catalog.invalid:8181");
    expect(["ENOTFOUND", "EAI_AGAIN", "TIMEOUT"]).toContain(err.context.networkError);
  });

  it("a server that never answers fails when the first-contact budget runs out", async () => {
    const silent = http.createServer(() => {});
    await new Promise<void>((r) => silent.listen(0, "127.0.0.1", r));
    const port = (silent.address() as AddressInfo).port;
    try {
      const err = await failure(() =>
        RestCatalog.connect({ uri: `http://127.0.0.1:${port}`, firstContactTimeoutMs: 300 }),
      );
      expect(err.code).toBe("TEMPORARILY_UNAVAILABLE");
      expect(err.context.networkError).toBe("TIMEOUT");
    } finally {
      silent.closeAllConnections();
      await new Promise<void>((r) => silent.close(() => r()));
    }
  });

  it("rejects a uri that is not http(s) before any request", async () => {
    const err = await failure(() => RestCatalog.connect({ uri: "thrift://metastore:9083" }));
    expect(err.code).toBe("CONFIG_INVALID");
  });
});
