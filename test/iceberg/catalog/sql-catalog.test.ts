import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { isLakelabError } from "../../../src/errors";
import { parseNamespace, parseTableIdentifier, SqlCatalog } from "../../../src/iceberg/catalog";
import type { Schema } from "../../../src/iceberg/spec";
import { newTableMetadata } from "../../../src/iceberg/transaction/new-table-metadata";

const schema: Schema = {
  type: "struct",
  schemaId: 0,
  fields: [{ id: 1, name: "id", required: true, type: "long" }],
};

async function codeOf(fn: () => unknown): Promise<string | undefined> {
  try {
    await fn();
  } catch (err) {
    return isLakelabError(err) ? err.code : `not a LakelabError: ${String(err)}`;
  }
  return undefined;
}

describe("SqlCatalog", () => {
  let dir: string;
  let catalog: SqlCatalog;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), "lakelab-catalog-"));
    catalog = new SqlCatalog({ name: "default", uri: path.join(dir, "catalog.db"), warehouse: dir });
  });
  afterEach(() => {
    catalog.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("creates exactly the JDBC / pyiceberg schema (NOTES.md), in WAL mode", () => {
    const db = new Database(path.join(dir, "catalog.db"), { readonly: true });
    const cols = (t: string) =>
      (
        db.prepare(`PRAGMA table_info(${t})`).all() as {
          name: string;
          type: string;
          notnull: number;
          pk: number;
        }[]
      ).map((c) => [c.name, c.type, c.notnull, c.pk]);
    expect(cols("iceberg_tables")).toEqual([
      ["catalog_name", "VARCHAR(255)", 1, 1],
      ["table_namespace", "VARCHAR(255)", 1, 2],
      ["table_name", "VARCHAR(255)", 1, 3],
      ["metadata_location", "VARCHAR(1000)", 0, 0],
      ["previous_metadata_location", "VARCHAR(1000)", 0, 0],
      ["iceberg_type", "VARCHAR(5)", 0, 0],
    ]);
    expect(cols("iceberg_namespace_properties")).toEqual([
      ["catalog_name", "VARCHAR(255)", 1, 1],
      ["namespace", "VARCHAR(255)", 1, 2],
      ["property_key", "VARCHAR(255)", 1, 3],
      ["property_value", "VARCHAR(1000)", 1, 0],
    ]);
    const names = (
      db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as {
        name: string;
      }[]
    ).map((r) => r.name);
    expect(names).toEqual(["iceberg_namespace_properties", "iceberg_tables"]);
    expect(db.pragma("journal_mode", { simple: true })).toBe("wal");
    db.close();
  });

  it("creates, lists, describes and drops namespaces; drop refuses a non-empty one", async () => {
    await catalog.createNamespace(["default"], { owner: "ml" });
    await catalog.createNamespace(["a", "b"]);
    expect(await catalog.listNamespaces()).toEqual([["a", "b"], ["default"]]);
    expect(await catalog.namespaceProperties(["default"])).toEqual({ exists: "true", owner: "ml" });
    await catalog.updateNamespaceProperties(["default"], { owner: "data" }, ["exists"]);
    expect(await catalog.namespaceProperties(["default"])).toEqual({ owner: "data" });
    expect(await codeOf(() => catalog.createNamespace(["default"]))).toBe("NAMESPACE_ALREADY_EXISTS");
    const id = parseTableIdentifier("default.t");
    await catalog.createTable(
      id,
      newTableMetadata({ location: catalog.defaultTableLocation(id), schema, lastColumnId: 1 }),
    );
    expect(await codeOf(() => catalog.dropNamespace(["default"]))).toBe("NAMESPACE_NOT_EMPTY");
    await catalog.dropTable(id);
    await catalog.dropNamespace(["default"]);
    expect(await catalog.listNamespaces()).toEqual([["a", "b"]]);
    expect(await codeOf(() => catalog.dropNamespace(["nope"]))).toBe("NAMESPACE_NOT_FOUND");
    expect(await codeOf(() => catalog.namespaceProperties(["nope"]))).toBe("NAMESPACE_NOT_FOUND");
  });

  it("stores rows as pyiceberg does: file:// locations, iceberg_type TABLE, previous location on commit", async () => {
    await catalog.createNamespace(["default"]);
    const id = parseTableIdentifier("default.training");
    const created = await catalog.createTable(
      id,
      newTableMetadata({ location: catalog.defaultTableLocation(id), schema, lastColumnId: 1 }),
    );
    expect(created.metadataLocation).toMatch(
      /^file:\/\/\/.*\/default\/training\/metadata\/00000-[0-9a-f-]{36}\.metadata\.json$/,
    );
    const committed = await catalog.commitTable(
      id,
      [{ type: "assert-table-uuid", uuid: created.metadata.tableUuid }],
      [{ action: "set-properties", updates: { k: "v" } }],
    );
    expect(committed.metadataLocation).toMatch(/\/00001-[0-9a-f-]{36}\.metadata\.json$/);
    const db = new Database(path.join(dir, "catalog.db"), { readonly: true });
    expect(db.prepare("SELECT * FROM iceberg_tables").all()).toEqual([
      {
        catalog_name: "default",
        table_namespace: "default",
        table_name: "training",
        metadata_location: committed.metadataLocation,
        previous_metadata_location: created.metadataLocation,
        iceberg_type: "TABLE",
      },
    ]);
    db.close();
    const loaded = await catalog.loadTable(id);
    expect(loaded.metadata.properties).toEqual({ k: "v" });
    expect(loaded.metadata.metadataLog.map((e) => e.metadataFile)).toEqual([created.metadataLocation]);
    expect(await catalog.listTables(["default"])).toEqual([id]);
  });

  it("refuses a stale base (lost compare-and-set) as retryable and leaves the pointer alone", async () => {
    await catalog.createNamespace(["default"]);
    const id = parseTableIdentifier("default.t");
    const base = await catalog.createTable(
      id,
      newTableMetadata({ location: catalog.defaultTableLocation(id), schema, lastColumnId: 1 }),
    );
    const winner = await catalog.commitTable(
      id,
      [],
      [{ action: "set-properties", updates: { w: "1" } }],
      base,
    );
    let error: unknown;
    try {
      await catalog.commitTable(id, [], [{ action: "set-properties", updates: { l: "1" } }], base);
    } catch (err) {
      error = err;
    }
    expect(isLakelabError(error, "COMMIT_CONFLICT") && error.retryable).toBe(true);
    expect((await catalog.loadTable(id)).metadataLocation).toBe(winner.metadataLocation);
    const req = await codeOf(() =>
      catalog.commitTable(
        id,
        [{ type: "assert-table-uuid", uuid: "00000000-0000-0000-0000-000000000000" }],
        [],
      ),
    );
    expect(req).toBe("COMMIT_CONFLICT");
    expect((await catalog.loadTable(id)).metadataLocation).toBe(winner.metadataLocation);
  });

  it("reports missing tables, duplicates and corrupt metadata with codes", async () => {
    await catalog.createNamespace(["default"]);
    const id = parseTableIdentifier("default.t");
    expect(await codeOf(() => catalog.loadTable(id))).toBe("TABLE_NOT_FOUND");
    expect(await codeOf(() => catalog.dropTable(id))).toBe("TABLE_NOT_FOUND");
    const md = newTableMetadata({ location: catalog.defaultTableLocation(id), schema, lastColumnId: 1 });
    await catalog.createTable(id, md);
    expect(await codeOf(() => catalog.createTable(id, md))).toBe("TABLE_ALREADY_EXISTS");
    expect(await codeOf(() => catalog.createTable(parseTableIdentifier("nope.t"), md))).toBe(
      "NAMESPACE_NOT_FOUND",
    );
    const other = parseTableIdentifier("default.other");
    await catalog.registerTable(other, (await catalog.loadTable(id)).metadataLocation);
    const loc = (await catalog.loadTable(id)).metadataLocation;
    await catalog.io.write(loc, new TextEncoder().encode("{ not json"), { overwrite: true });
    expect(await codeOf(() => catalog.loadTable(id))).toBe("METADATA_CORRUPT");
    await catalog.io.delete(loc);
    expect(await codeOf(() => catalog.loadTable(id))).toBe("FILE_NOT_FOUND");
  });
});

describe("identifiers", () => {
  it("parses namespaces and names", () => {
    expect(parseTableIdentifier("a.b.t")).toEqual({ namespace: ["a", "b"], name: "t" });
    expect(parseTableIdentifier(["a", "t"])).toEqual({ namespace: ["a"], name: "t" });
    expect(parseNamespace("x.y")).toEqual(["x", "y"]);
  });

  it.each([
    "training",
    "default..t",
    ".t",
    "default.",
    "default.a/b",
    "default.a\\b",
    "default.t\u0000",
    "default.t\n",
    `default.${"x".repeat(256)}`,
  ])("rejects %j with INVALID_IDENTIFIER", async (bad) => {
    expect(await codeOf(() => parseTableIdentifier(bad))).toBe("INVALID_IDENTIFIER");
  });

  it("rejects empty and dotted array parts", async () => {
    expect(await codeOf(() => parseNamespace([]))).toBe("INVALID_IDENTIFIER");
    expect(await codeOf(() => parseTableIdentifier(["a.b", "t"]))).toBe("INVALID_IDENTIFIER");
    expect(await codeOf(() => parseNamespace(""))).toBe("INVALID_IDENTIFIER");
  });
});
