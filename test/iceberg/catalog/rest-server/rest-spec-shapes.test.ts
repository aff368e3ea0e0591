/**
 * Raw HTTP against the server, checked field by field against the spec's components
 * (spec-schemas.ts): status codes, empty 204 bodies, the error body, metadata-location.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseJson } from "../../../../src/iceberg/spec/json";
import { call, type HttpAnswer, type ServerEnv, servedWarehouse } from "./fixture";
import * as S from "./spec-schemas";

const SCHEMA = {
  type: "struct",
  "schema-id": 0,
  fields: [
    { id: 1, name: "id", required: true, type: "long" },
    { id: 2, name: "body", required: false, type: "string" },
  ],
};
const BIG_ID = "5173553188971266738"; // > 2^53: a float round trip would change it

function expectShape(a: HttpAnswer, status: number, shape: S.Shape): Record<string, unknown> {
  expect({ status: a.status, problems: S.problems(a.json, shape) }).toEqual({ status, problems: [] });
  expect(a.headers.get("content-type")).toBe("application/json");
  return a.json as Record<string, unknown>;
}

function expectError(a: HttpAnswer, status: number, type: string): string {
  const body = expectShape(a, status, S.IcebergErrorResponse) as {
    error: { type: string; code: number; message: string };
  };
  expect(body.error).toMatchObject({ type, code: status });
  return body.error.message;
}

function expectNoContent(a: HttpAnswer): void {
  expect({ status: a.status, text: a.text }).toEqual({ status: 204, text: "" });
}

describe("REST catalog server: spec shapes over raw HTTP", () => {
  let env: ServerEnv;
  let url: string;
  beforeAll(async () => {
    env = await servedWarehouse({
      storageProperties: { "s3.access-key-id": "AKID", "s3.secret-access-key": "SK" },
    });
    url = env.url;
  });
  afterAll(async () => env?.close());

  it("GET /v1/config: CatalogConfig listing every endpoint it serves", async () => {
    const body = expectShape(await call(url, "GET", "/v1/config"), 200, S.CatalogConfig);
    expect(body.overrides).toEqual({});
    expect(body.endpoints).toEqual(
      expect.arrayContaining([
        "GET /v1/{prefix}/namespaces",
        "HEAD /v1/{prefix}/namespaces/{namespace}",
        "POST /v1/{prefix}/namespaces/{namespace}/properties",
        "POST /v1/{prefix}/namespaces/{namespace}/tables/{table}",
        "DELETE /v1/{prefix}/namespaces/{namespace}/tables/{table}",
        "POST /v1/{prefix}/namespaces/{namespace}/register",
        "POST /v1/{prefix}/tables/rename",
      ]),
    );
  });

  it("namespaces: create, conflict, paged list with parent, load, HEAD, properties, drop", async () => {
    const created = await call(url, "POST", "/v1/namespaces", {
      body: { namespace: ["ns"], properties: { owner: "ml" } },
    });
    expect(expectShape(created, 200, S.CreateNamespaceResponse)).toEqual({
      namespace: ["ns"],
      properties: { owner: "ml" },
    });
    expectError(
      await call(url, "POST", "/v1/namespaces", { body: { namespace: ["ns"] } }),
      409,
      "AlreadyExistsException",
    );
    for (const child of ["b", "a", "c"]) {
      expect((await call(url, "POST", "/v1/namespaces", { body: { namespace: ["ns", child] } })).status).toBe(
        200,
      );
    }
    const seen: string[][] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const q = `?parent=ns&pageSize=2${token ? `&pageToken=${token}` : ""}`;
      const body = expectShape(await call(url, "GET", `/v1/namespaces${q}`), 200, S.ListNamespacesResponse);
      seen.push(...(body.namespaces as string[][]));
      token = body["next-page-token"] as string | undefined;
      pages++;
    } while (token);
    expect({ seen, pages }).toEqual({
      seen: [
        ["ns", "a"],
        ["ns", "b"],
        ["ns", "c"],
      ],
      pages: 2,
    });
    expectError(await call(url, "GET", "/v1/namespaces?parent=nowhere"), 404, "NoSuchNamespaceException");

    const loaded = expectShape(await call(url, "GET", "/v1/namespaces/ns%1Fa"), 200, S.GetNamespaceResponse);
    expect(loaded.namespace).toEqual(["ns", "a"]);
    expectNoContent(await call(url, "HEAD", "/v1/namespaces/ns%1Fb"));
    const missing = await call(url, "HEAD", "/v1/namespaces/nope");
    expect({ status: missing.status, text: missing.text }).toEqual({ status: 404, text: "" });
    expectError(await call(url, "GET", "/v1/namespaces/nope"), 404, "NoSuchNamespaceException");

    const update = await call(url, "POST", "/v1/namespaces/ns/properties", {
      body: { updates: { team: "lake" }, removals: ["owner", "never-set"] },
    });
    expect(expectShape(update, 200, S.UpdateNamespacePropertiesResponse)).toEqual({
      updated: ["team"],
      removed: ["owner"],
      missing: ["never-set"],
    });
    const props = (await call(url, "GET", "/v1/namespaces/ns")).json as {
      properties: Record<string, string>;
    };
    expect(props.properties.team).toBe("lake");
    expect(props.properties.owner).toBeUndefined();

    expectNoContent(await call(url, "DELETE", "/v1/namespaces/ns%1Fc"));
    expectError(await call(url, "DELETE", "/v1/namespaces/ns%1Fc"), 404, "NoSuchNamespaceException");
  });

  it("tables: create, load (metadata-location on disk), list, HEAD, vended config, rename, register, drop", async () => {
    await call(url, "POST", "/v1/namespaces", { body: { namespace: ["db"] } });
    const created = await call(url, "POST", "/v1/namespaces/db/tables", {
      body: { name: "events", schema: SCHEMA, "stage-create": false, properties: { owner: "ml" } },
    });
    const result = expectShape(created, 200, S.LoadTableResult) as {
      "metadata-location": string;
      metadata: Record<string, unknown>;
      config: Record<string, string>;
    };
    expect(result["metadata-location"]).toMatch(
      /\/db\/events\/metadata\/00000-[0-9a-f-]{36}\.metadata\.json$/,
    );
    expect(fs.existsSync(fileURLToPath(result["metadata-location"]))).toBe(true);
    expect(result.metadata).toMatchObject({
      "format-version": 2,
      properties: { owner: "ml" },
      "last-column-id": 2,
    });
    expectError(
      await call(url, "POST", "/v1/namespaces/db/tables", { body: { name: "events", schema: SCHEMA } }),
      409,
      "AlreadyExistsException",
    );
    expectError(
      await call(url, "POST", "/v1/namespaces/nowhere/tables", { body: { name: "t", schema: SCHEMA } }),
      404,
      "NoSuchNamespaceException",
    );

    const plain = expectShape(
      await call(url, "GET", "/v1/namespaces/db/tables/events"),
      200,
      S.LoadTableResult,
    );
    expect(plain["metadata-location"]).toBe(result["metadata-location"]);
    expect(plain.config).toEqual({});
    const vended = await call(url, "GET", "/v1/namespaces/db/tables/events", {
      headers: { "X-Iceberg-Access-Delegation": "vended-credentials" },
    });
    const vendedBody = expectShape(vended, 200, S.LoadTableResult);
    const props = { "s3.access-key-id": "AKID", "s3.secret-access-key": "SK" };
    expect(vendedBody.config).toEqual(props);
    const tableLocation = result.metadata.location as string;
    expect(vendedBody["storage-credentials"]).toEqual([{ prefix: tableLocation, config: props }]);
    const creds = await call(url, "GET", "/v1/namespaces/db/tables/events/credentials");
    expect(expectShape(creds, 200, S.LoadCredentialsResponse)["storage-credentials"]).toEqual([
      { prefix: tableLocation, config: props },
    ]);
    expectError(await call(url, "GET", "/v1/namespaces/db/tables/nope"), 404, "NoSuchTableException");
    expectNoContent(await call(url, "HEAD", "/v1/namespaces/db/tables/events"));
    expect((await call(url, "HEAD", "/v1/namespaces/db/tables/nope")).status).toBe(404);

    const list = expectShape(await call(url, "GET", "/v1/namespaces/db/tables"), 200, S.ListTablesResponse);
    expect(list).toEqual({ identifiers: [{ namespace: ["db"], name: "events" }] });

    expectNoContent(
      await call(url, "POST", "/v1/tables/rename", {
        body: {
          source: { namespace: ["db"], name: "events" },
          destination: { namespace: ["db"], name: "renamed" },
        },
      }),
    );
    expect((await call(url, "HEAD", "/v1/namespaces/db/tables/events")).status).toBe(404);
    const registered = await call(url, "POST", "/v1/namespaces/db/register", {
      body: { name: "again", "metadata-location": result["metadata-location"] },
    });
    expect(expectShape(registered, 200, S.LoadTableResult)["metadata-location"]).toBe(
      result["metadata-location"],
    );
    expectError(
      await call(url, "POST", "/v1/namespaces/db/register", {
        body: { name: "again", "metadata-location": result["metadata-location"] },
      }),
      409,
      "AlreadyExistsException",
    );
    expectError(await call(url, "DELETE", "/v1/namespaces/db"), 409, "NamespaceNotEmptyException");
    expectNoContent(await call(url, "DELETE", "/v1/namespaces/db/tables/again"));
    expectNoContent(await call(url, "DELETE", "/v1/namespaces/db/tables/renamed?purgeRequested=true"));
    expect(fs.existsSync(fileURLToPath(result["metadata-location"]))).toBe(false);
    expectError(await call(url, "DELETE", "/v1/namespaces/db/tables/renamed"), 404, "NoSuchTableException");
  });

  it("stage-create writes nothing; the assert-create commit creates it, and 64-bit ids stay exact", async () => {
    await call(url, "POST", "/v1/namespaces", { body: { namespace: ["st"] } });
    const staged = await call(url, "POST", "/v1/namespaces/st/tables", {
      body: { name: "t", schema: SCHEMA, "stage-create": true },
    });
    const body = expectShape(staged, 200, S.LoadTableResult) as { metadata: Record<string, unknown> };
    expect("metadata-location" in body).toBe(false);
    expect((await call(url, "HEAD", "/v1/namespaces/st/tables/t")).status).toBe(404);

    const m = body.metadata;
    const commit = `{"requirements":[{"type":"assert-create"}],"updates":[
      {"action":"assign-uuid","uuid":"${m["table-uuid"]}"},
      {"action":"upgrade-format-version","format-version":2},
      {"action":"add-schema","schema":${JSON.stringify(SCHEMA)}},
      {"action":"set-current-schema","schema-id":-1},
      {"action":"add-spec","spec":{"spec-id":0,"fields":[]}},
      {"action":"set-default-spec","spec-id":-1},
      {"action":"add-sort-order","sort-order":{"order-id":0,"fields":[]}},
      {"action":"set-default-sort-order","sort-order-id":-1},
      {"action":"set-location","location":"${m.location}"},
      {"action":"add-snapshot","snapshot":{"snapshot-id":${BIG_ID},"sequence-number":1,"timestamp-ms":1700000000000,
        "manifest-list":"${m.location}/metadata/snap-${BIG_ID}.avro","summary":{"operation":"append"},"schema-id":0}},
      {"action":"set-snapshot-ref","ref-name":"main","type":"branch","snapshot-id":${BIG_ID}}]}`;
    const committed = await call(url, "POST", "/v1/namespaces/st/tables/t", { body: commit });
    const result = expectShape(committed, 200, S.CommitTableResponse) as {
      "metadata-location": string;
      metadata: Record<string, unknown>;
    };
    expect(result.metadata["current-snapshot-id"]).toBe(BigInt(BIG_ID));
    expect(result.metadata["table-uuid"]).toBe(m["table-uuid"]);
    expect(result.metadata["default-sort-order-id"]).toBe(0);
    expect(committed.text).toContain(`"current-snapshot-id":${BIG_ID}`);
    const onDisk = parseJson(fs.readFileSync(fileURLToPath(result["metadata-location"]), "utf8")) as Record<
      string,
      unknown
    >;
    expect(onDisk["current-snapshot-id"]).toBe(BigInt(BIG_ID));

    // a second assert-create on the now existing table loses
    expectError(
      await call(url, "POST", "/v1/namespaces/st/tables/t", { body: commit }),
      409,
      "CommitFailedException",
    );
  });

  it("a malformed body is 400 BadRequestException naming what is wrong, and nothing is written", async () => {
    await call(url, "POST", "/v1/namespaces", { body: { namespace: ["bad"] } });
    const cases: [string, string, unknown, RegExp][] = [
      ["POST", "/v1/namespaces", "{not json", /not valid JSON/],
      ["POST", "/v1/namespaces", { properties: {} }, /namespace/],
      ["POST", "/v1/namespaces", { namespace: "flat" }, /namespace/],
      ["POST", "/v1/namespaces", { namespace: ["a/b"] }, /'\/'/],
      ["POST", "/v1/namespaces/bad/tables", { name: "t" }, /schema/],
      ["POST", "/v1/namespaces/bad/tables", { name: "t", schema: { ...SCHEMA, fields: "x" } }, /fields/],
      [
        "POST",
        "/v1/namespaces/bad/properties",
        { updates: { a: "1" }, removals: ["a"] },
        /both updated and removed/,
      ],
      [
        "POST",
        "/v1/namespaces/bad/tables/t",
        { requirements: [], updates: [{ action: "explode" }] },
        /explode/,
      ],
      [
        "POST",
        "/v1/namespaces/bad/tables/t",
        { requirements: [{ type: "assert-nothing" }], updates: [] },
        /assert-nothing/,
      ],
      ["POST", "/v1/tables/rename", { source: { namespace: ["bad"] } }, /name|destination/],
      ["GET", "/v1/namespaces/bad/tables?pageSize=-1", undefined, /pageSize/],
    ];
    for (const [method, path, body, message] of cases) {
      expect(expectError(await call(url, method, path, { body }), 400, "BadRequestException")).toMatch(
        message,
      );
    }
    const ns = (await call(url, "GET", "/v1/namespaces")).json as { namespaces: string[][] };
    expect(ns.namespaces.map((n) => n.join("."))).not.toContain("a/b");
    expect((await call(url, "GET", "/v1/namespaces/bad/tables")).json).toEqual({ identifiers: [] });
  });

  it("refuses to purge a table located outside the warehouse (403), leaving table and files alone", async () => {
    await call(url, "POST", "/v1/namespaces", { body: { namespace: ["guard"] } });
    const outside = pathToFileURL(path.join(env.dir, "outside", "t")).href;
    const created = await call(url, "POST", "/v1/namespaces/guard/tables", {
      body: { name: "t", schema: SCHEMA, location: outside },
    });
    expect(created.status).toBe(200);
    const purge = await call(url, "DELETE", "/v1/namespaces/guard/tables/t?purgeRequested=true");
    expect(expectError(purge, 403, "ForbiddenException")).toMatch(/not inside the warehouse/);
    expect(fs.existsSync(path.join(env.dir, "outside", "t", "metadata"))).toBe(true);
    expectNoContent(await call(url, "HEAD", "/v1/namespaces/guard/tables/t"));
    expectNoContent(await call(url, "DELETE", "/v1/namespaces/guard/tables/t"));
    expect(fs.existsSync(path.join(env.dir, "outside", "t", "metadata"))).toBe(true);
  });

  it("an unknown path is 404 with the error body; a known path with the wrong method is 406", async () => {
    expectError(await call(url, "GET", "/v1/nothing-here"), 404, "NoSuchEndpointException");
    expectError(await call(url, "PUT", "/v1/namespaces"), 406, "UnsupportedOperationException");
  });
});

describe("REST catalog server with a prefix", () => {
  it("announces it in /v1/config overrides and serves under /v1/{prefix}/ only", async () => {
    const env = await servedWarehouse({ prefix: "warehouse1" });
    try {
      const config = expectShape(await call(env.url, "GET", "/v1/config"), 200, S.CatalogConfig);
      expect(config.overrides).toEqual({ prefix: "warehouse1" });
      expect(
        (await call(env.url, "POST", "/v1/warehouse1/namespaces", { body: { namespace: ["x"] } })).status,
      ).toBe(200);
      expect((await call(env.url, "GET", "/v1/warehouse1/namespaces")).json).toEqual({ namespaces: [["x"]] });
      expectError(await call(env.url, "GET", "/v1/namespaces"), 404, "NoSuchEndpointException");
    } finally {
      await env.close();
    }
  });
});
