/**
 * RestCatalog with lakelab's tables on top: namespaces and tables over the spec's routes,
 * create / stage-create / commit / createOrReplace, retried and unknown commits. Data files are
 * real Parquet in a temp folder; the catalog server is a stand-in (stand-in-rest-catalog.ts
 * says where it is less strict than a real one).
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { isLakelabError, type LakelabError } from "../../../../src/errors";
import { RestCatalog } from "../../../../src/iceberg/catalog/rest";
import { IcebergCatalog } from "../../../../src/iceberg/table";
import { batch, expectedOf, filesUnder, rowsOf, tempDir } from "../../maintenance/helpers";
import {
  CommitTableRequest,
  CreateNamespaceRequest,
  CreateTableRequest,
  problems,
  RegisterTableRequest,
  RenameTableRequest,
  UpdateNamespacePropertiesRequest,
} from "./spec-shapes";
import { type Recorded, StandInRestCatalog } from "./stand-in-rest-catalog";

async function failure(fn: () => Promise<unknown>): Promise<LakelabError> {
  try {
    await fn();
  } catch (err) {
    if (isLakelabError(err)) return err;
    throw err;
  }
  throw new Error("expected a LakelabError, got success");
}

/** Every route the spec lists for namespaces and tables, HEAD included. */
const ALL_ENDPOINTS = [
  "GET /v1/{prefix}/namespaces",
  "POST /v1/{prefix}/namespaces",
  "GET /v1/{prefix}/namespaces/{namespace}",
  "HEAD /v1/{prefix}/namespaces/{namespace}",
  "DELETE /v1/{prefix}/namespaces/{namespace}",
  "POST /v1/{prefix}/namespaces/{namespace}/properties",
  "GET /v1/{prefix}/namespaces/{namespace}/tables",
  "POST /v1/{prefix}/namespaces/{namespace}/tables",
  "GET /v1/{prefix}/namespaces/{namespace}/tables/{table}",
  "HEAD /v1/{prefix}/namespaces/{namespace}/tables/{table}",
  "POST /v1/{prefix}/namespaces/{namespace}/tables/{table}",
  "DELETE /v1/{prefix}/namespaces/{namespace}/tables/{table}",
  "POST /v1/{prefix}/namespaces/{namespace}/register",
  "POST /v1/{prefix}/tables/rename",
];

const commits = (s: StandInRestCatalog): Recorded[] =>
  s.requests.filter((r) => r.method === "POST" && /\/namespaces\/[^/]+\/tables\/[^/]+$/.test(r.path));
const body = (r: Recorded) => r.body as Record<string, unknown>;

describe("RestCatalog tables and namespaces", () => {
  let server: StandInRestCatalog;
  let tmp: ReturnType<typeof tempDir>;
  let rest: RestCatalog;
  let catalog: IcebergCatalog;
  beforeEach(async () => {
    tmp = tempDir("lakelab-rest-");
    server = new StandInRestCatalog();
    server.prefix = "main";
    server.config = { defaults: {}, overrides: { prefix: "main" }, endpoints: ALL_ENDPOINTS };
    const uri = await server.start();
    rest = await RestCatalog.connect({ uri, warehouse: `file://${tmp.dir}` });
    catalog = new IcebergCatalog(rest);
    await catalog.createNamespace("db", { owner: "lab" });
  });
  afterEach(async () => {
    await server.close();
    tmp.cleanup();
  });

  it("namespaces: create, properties, exists, update, nested listing, drop — in the spec's shapes", async () => {
    const create = server.requests.find((r) => r.method === "POST" && r.path === "/v1/main/namespaces")!;
    expect(problems(CreateNamespaceRequest, create.body)).toEqual([]);
    expect(create.body).toEqual({ namespace: ["db"], properties: { owner: "lab" } });
    expect(await catalog.namespaceProperties("db")).toEqual({ owner: "lab" });
    await catalog.updateNamespaceProperties("db", { team: "ml" }, ["owner"]);
    expect(problems(UpdateNamespacePropertiesRequest, server.requests.at(-1)!.body)).toEqual([]);
    expect(await catalog.namespaceProperties("db")).toEqual({ team: "ml" });
    await catalog.createNamespace(["db", "a b"]);
    expect(server.requests.at(-1)!.path).toBe("/v1/main/namespaces");
    expect(await rest.namespaceExists(["db", "a b"])).toBe(true);
    expect(server.requests.at(-1)!.method).toBe("HEAD");
    expect(server.requests.at(-1)!.path).toBe("/v1/main/namespaces/db%1Fa%20b");
    expect(await rest.namespaceExists(["nope"])).toBe(false);
    expect(await rest.listNamespaces(["db"])).toEqual([["db", "a b"]]);
    expect(server.requests.at(-1)!.query.get("parent")).toBe("db");
    const taken = await failure(() => catalog.createNamespace("db"));
    expect(taken.code).toBe("NAMESPACE_ALREADY_EXISTS");
    expect(taken.message).toContain("Namespace already exists: db");
    await catalog.writeTo("db.t").createOrReplace(batch("a"));
    expect((await failure(() => catalog.dropNamespace("db"))).code).toBe("NAMESPACE_NOT_EMPTY");
    expect((await failure(() => catalog.dropNamespace("zzz"))).code).toBe("NAMESPACE_NOT_FOUND");
    await catalog.dropNamespace(["db", "a b"]);
    expect(await rest.namespaceExists(["db", "a b"])).toBe(false);
  });

  it("lists tables page by page with pageToken / next-page-token", async () => {
    const paging = await RestCatalog.connect({ uri: server.uri, properties: { "rest-page-size": "2" } });
    for (const n of ["t1", "t2", "t3", "t4", "t5"]) {
      await catalog.createTable(`db.${n}`, {
        type: "struct",
        schemaId: 0,
        fields: [{ id: 1, name: "id", required: false, type: "long" }],
      });
    }
    const before = server.requests.length;
    const names = (await paging.listTables(["db"])).map((t) => t.name);
    expect(names).toEqual(["t1", "t2", "t3", "t4", "t5"]);
    const pages = server.requests.slice(before);
    expect(pages.map((r) => r.query.get("pageToken"))).toEqual(["", "2", "4"]);
    expect(pages.every((r) => r.query.get("pageSize") === "2")).toBe(true);
  });

  it("creates an empty table with one CreateTableRequest and loads it with vended-credentials delegation", async () => {
    const t = await catalog.createTable("db.empty", {
      type: "struct",
      schemaId: 0,
      fields: [
        { id: 1, name: "id", required: true, type: "long" },
        { id: 2, name: "text", required: false, type: "string" },
      ],
    });
    const create = server.requests.find(
      (r) => r.method === "POST" && r.path === "/v1/main/namespaces/db/tables",
    )!;
    expect(problems(CreateTableRequest, create.body)).toEqual([]);
    expect(body(create)["stage-create"]).toBe(false);
    expect(body(create).location).toBe(`file://${tmp.dir}/db/empty`);
    expect(t.metadataLocation).toBe(server.tables.get("db\u0000empty")!.location);
    expect(await catalog.tableExists("db.empty")).toBe(true);
    expect(server.requests.at(-1)!.method).toBe("HEAD");
    const loaded = await catalog.loadTable("db.empty");
    expect(server.requests.at(-1)!.headers["x-iceberg-access-delegation"]).toBe("vended-credentials");
    expect(loaded.schema().fields.map((f) => f.name)).toEqual(["id", "text"]);
    expect((await failure(() => catalog.createTable("db.empty", t.schema()))).code).toBe(
      "TABLE_ALREADY_EXISTS",
    );
    expect((await failure(() => catalog.createTable("nons.x", t.schema()))).code).toBe("NAMESPACE_NOT_FOUND");
    const missing = await failure(() => catalog.loadTable("db.missing"));
    expect(missing.code).toBe("TABLE_NOT_FOUND");
    expect(missing.message).toContain("NoSuchTableException: Table does not exist: db.missing");
  });

  it("createOrReplace of a new table: stage-create, then one commit with assert-create and the snapshot", async () => {
    const s1 = await catalog.writeTo("db.training").createOrReplace(batch("a", 3));
    const create = server.requests.find((r) => r.method === "POST" && r.path.endsWith("/db/tables"))!;
    expect(problems(CreateTableRequest, create.body)).toEqual([]);
    expect(body(create)["stage-create"]).toBe(true);
    expect(server.tables.has("db\u0000training")).toBe(true);
    const [commit] = commits(server);
    expect(problems(CommitTableRequest, commit!.body)).toEqual([]);
    expect(body(commit!).identifier).toEqual({ namespace: ["db"], name: "training" });
    expect(body(commit!).requirements).toEqual([{ type: "assert-create" }]);
    const actions = (body(commit!).updates as { action: string }[]).map((u) => u.action);
    expect(actions).toEqual([
      "assign-uuid",
      "upgrade-format-version",
      "add-schema",
      "set-current-schema",
      "add-spec",
      "set-default-spec",
      "add-sort-order",
      "set-default-sort-order",
      "set-location",
      "set-properties",
      "add-snapshot",
      "set-snapshot-ref",
    ]);
    // The id travels as exact decimal digits, never through a float.
    expect(commit!.raw).toContain(`"snapshot-id":${s1.snapshotId}`);
    const table = await catalog.loadTable("db.training");
    expect(table.currentSnapshot()!.snapshotId).toBe(s1.snapshotId);
    expect(await rowsOf(table)).toEqual(expectedOf("a").concat(["a/2"]).sort());
  });

  it("createOrReplace of an existing table keeps its uuid and history (Spark semantics) over REST", async () => {
    const s1 = await catalog.writeTo("db.t").createOrReplace(batch("a"));
    const uuid = (await catalog.loadTable("db.t")).metadata.tableUuid;
    const s2 = await catalog.writeTo("db.t").createOrReplace(batch("b"));
    const last = commits(server).at(-1)!;
    expect(problems(CommitTableRequest, last.body)).toEqual([]);
    expect(body(last).requirements).toContainEqual({ type: "assert-table-uuid", uuid });
    const t = await catalog.loadTable("db.t");
    expect(t.metadata.tableUuid).toBe(uuid);
    expect(t.snapshotList().map((s) => s.snapshotId)).toEqual([s1.snapshotId, s2.snapshotId]);
    expect(await rowsOf(t)).toEqual(expectedOf("b"));
    expect(await rowsOf(t, { snapshotId: s1.snapshotId })).toEqual(expectedOf("a"));
  });

  it("a 409 CommitFailedException is retried after a reload, with requirements rebuilt on the new state", async () => {
    const s1 = await catalog.writeTo("db.t").createOrReplace(batch("a"));
    const other = new IcebergCatalog(
      await RestCatalog.connect({ uri: server.uri, warehouse: `file://${tmp.dir}` }),
    );
    let s2: bigint | undefined;
    server.beforeNextCommit = async () => {
      s2 = (await other.writeTo("db.t").append(batch("b"))).snapshotId;
    };
    const before = commits(server).length;
    const s3 = await catalog.writeTo("db.t").append(batch("c"));
    const mine = commits(server)
      .slice(before)
      .filter((r) =>
        (body(r).updates as { snapshot?: { "snapshot-id": bigint } }[]).some(
          (u) => u.snapshot?.["snapshot-id"] === s3.snapshotId,
        ),
      );
    expect(mine).toHaveLength(2);
    const mainRequirement = (r: Recorded) =>
      (body(r).requirements as Record<string, unknown>[]).find((x) => x.type === "assert-ref-snapshot-id");
    expect(mainRequirement(mine[0]!)).toEqual({
      type: "assert-ref-snapshot-id",
      ref: "main",
      "snapshot-id": s1.snapshotId,
    });
    expect(mainRequirement(mine[1]!)).toEqual({
      type: "assert-ref-snapshot-id",
      ref: "main",
      "snapshot-id": s2,
    });
    const t = await catalog.loadTable("db.t");
    expect(t.snapshotList().map((s) => s.snapshotId)).toEqual([s1.snapshotId, s2, s3.snapshotId]);
    expect(await rowsOf(t)).toEqual(expectedOf("a", "b", "c"));
  });

  it("5xx on commit is COMMIT_STATE_UNKNOWN: sent once, the catalog's message shown, written files kept", async () => {
    await catalog.writeTo("db.t").createOrReplace(batch("a"));
    const location = (await catalog.loadTable("db.t")).location;
    const filesBefore = filesUnder(`${location}/data`).length;
    for (const status of [500, 502, 503, 504]) {
      server.failNext("POST", /\/tables\/t$/, status, {
        type: "CommitStateUnknownException",
        message: `gateway said ${status}`,
      });
      const sent = commits(server).length;
      const err = await failure(() => catalog.writeTo("db.t").append(batch(`x${status}`)));
      expect(err.code).toBe("COMMIT_STATE_UNKNOWN");
      expect(err.retryable).toBe(false);
      expect(err.message).toContain(`gateway said ${status}`);
      expect(commits(server).length).toBe(sent + 1);
    }
    expect(filesUnder(`${location}/data`).length).toBe(filesBefore + 4);
    expect(await rowsOf(await catalog.loadTable("db.t"))).toEqual(expectedOf("a"));
  });

  it("a connection dropped after the commit was sent is COMMIT_STATE_UNKNOWN too, for a new table as well", async () => {
    server.failNext("POST", /\/tables\/fresh$/, 0);
    const err = await failure(() => catalog.writeTo("db.fresh").createOrReplace(batch("a")));
    expect(err.code).toBe("COMMIT_STATE_UNKNOWN");
    expect(filesUnder(`${tmp.dir}/db/fresh/data`).length).toBe(1);
  });

  it("drop (purgeRequested), rename and register use the spec's routes and bodies", async () => {
    await catalog.writeTo("db.t").createOrReplace(batch("a"));
    const metadataFile = (await catalog.loadTable("db.t")).metadataLocation;
    await rest.renameTable({ namespace: ["db"], name: "t" }, { namespace: ["db"], name: "t2" });
    const rename = server.requests.at(-1)!;
    expect(rename.path).toBe("/v1/main/tables/rename");
    expect(problems(RenameTableRequest, rename.body)).toEqual([]);
    expect(await catalog.tableExists("db.t")).toBe(false);
    const copy = await catalog.registerTable("db.copy", metadataFile);
    expect(problems(RegisterTableRequest, server.requests.at(-1)!.body)).toEqual([]);
    expect(await rowsOf(copy)).toEqual(expectedOf("a"));
    await catalog.dropTable("db.copy");
    expect(server.requests.at(-1)!.query.has("purgeRequested")).toBe(false);
    await catalog.dropTable("db.t2", { purge: true });
    expect(server.requests.at(-1)!.method).toBe("DELETE");
    expect(server.requests.at(-1)!.query.get("purgeRequested")).toBe("true");
    expect(await catalog.listTables("db")).toEqual([]);
    expect((await failure(() => catalog.dropTable("db.t2"))).code).toBe("TABLE_NOT_FOUND");
  });

  it("keeps 64-bit snapshot ids exact both ways (no float round trip)", async () => {
    await catalog.writeTo("db.t").createOrReplace(batch("a"));
    const stored = server.tables.get("db\u0000t")!.metadata as Record<string, unknown>;
    const big = 5173553188971266738n;
    (stored.snapshots as Record<string, unknown>[])[0]!["snapshot-id"] = big;
    (stored.refs as Record<string, Record<string, unknown>>).main!["snapshot-id"] = big;
    stored["current-snapshot-id"] = big;
    (stored["snapshot-log"] as Record<string, unknown>[])[0]!["snapshot-id"] = big;
    const t = await catalog.loadTable("db.t");
    expect(t.metadata.currentSnapshotId).toBe(big);
    await t.createTag("v1", big);
    const tag = commits(server).at(-1)!;
    expect(tag.raw).toContain('"snapshot-id":5173553188971266738');
    expect(problems(CommitTableRequest, tag.body)).toEqual([]);
    expect((await catalog.loadTable("db.t")).metadata.refs.v1!.snapshotId).toBe(big);
  });
});

describe("RestCatalog errors carry the catalog's words", () => {
  it("maps the error body's type and keeps its message", async () => {
    const server = new StandInRestCatalog();
    const uri = await server.start();
    try {
      const rest = await RestCatalog.connect({ uri });
      server.failNext("GET", /namespaces\/db\/tables$/, 404, {
        type: "NoSuchNamespaceException",
        message: "Namespace does not exist: db",
      });
      const err = await failure(() => rest.listTables(["db"]));
      expect(err.code).toBe("NAMESPACE_NOT_FOUND");
      expect(err.context).toMatchObject({ httpStatus: 404, errorType: "NoSuchNamespaceException" });
      expect(err.message).toContain("Namespace does not exist: db");
      server.failNext("GET", /namespaces$/, 422, {
        type: "UnprocessableEntityException",
        message: "bad page size",
      });
      expect((await failure(() => rest.listNamespaces())).code).toBe("INVALID_PARAMETER_VALUE");
    } finally {
      await server.close();
    }
  });
});
