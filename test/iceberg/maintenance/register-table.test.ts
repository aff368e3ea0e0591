import * as fs from "node:fs";
import * as path from "node:path";
import Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { toLocalPath } from "../../../src/iceberg/io/local-file-io";
import { registerTable } from "../../../src/iceberg/maintenance";
import { type IcebergCatalog, openCatalog } from "../../../src/iceberg/table";
import { batch, expectedOf, filesUnder, rowsOf, tempDir } from "./helpers";

describe("registerTable", () => {
  let tmp: ReturnType<typeof tempDir>;
  let source: IcebergCatalog;
  let target: IcebergCatalog;
  let metadataFile: string;
  let s1: bigint;
  beforeEach(async () => {
    tmp = tempDir("lakelab-register-");
    source = await openCatalog({ warehouse: path.join(tmp.dir, "a") });
    await source.createNamespace("db");
    s1 = (await source.writeTo("db.t").createOrReplace(batch("a"))).snapshotId;
    await source.writeTo("db.t").append(batch("b"));
    metadataFile = toLocalPath((await source.loadTable("db.t")).metadataLocation);
    target = await openCatalog({ warehouse: path.join(tmp.dir, "b") });
    await target.createNamespace("imported");
  });
  afterEach(() => {
    source.close();
    target.close();
    tmp.cleanup();
  });

  const rowOf = (name: string) => {
    const db = new Database(path.join(tmp.dir, "b", "catalog.db"), { readonly: true });
    try {
      return db
        .prepare(
          "SELECT metadata_location AS loc, iceberg_type AS type FROM iceberg_tables WHERE table_name = ?",
        )
        .get(name) as { loc: string; type: string } | undefined;
    } finally {
      db.close();
    }
  };

  it("adds a table written elsewhere by its metadata file (a plain path is stored as a file:// URI)", async () => {
    const loaded = await registerTable(target, "imported.t", metadataFile);
    expect(loaded.metadataLocation).toBe(`file://${metadataFile}`);
    expect(rowOf("t")).toEqual({ loc: `file://${metadataFile}`, type: "TABLE" });
    const table = await target.loadTable("imported.t");
    expect(await rowsOf(table)).toEqual(expectedOf("a", "b"));
    expect(await rowsOf(table, { snapshotId: s1 })).toEqual(expectedOf("a"));
    // It is a full catalog table: appends commit through the new catalog.
    await target.writeTo("imported.t").append(batch("c"));
    expect(await rowsOf(await target.loadTable("imported.t"))).toEqual(expectedOf("a", "b", "c"));
    // The facade's catalog.registerTable stores a plain path as a URI too.
    const viaFacade = await target.registerTable("imported.again", metadataFile);
    expect(viaFacade.metadataLocation).toBe(`file://${metadataFile}`);
    expect(rowOf("again")!.loc).toBe(`file://${metadataFile}`);
    expect(await rowsOf(viaFacade)).toEqual(expectedOf("a", "b"));
    // The original catalog still points at the version it knew.
    expect(await rowsOf(await source.loadTable("db.t"))).toEqual(expectedOf("a", "b"));
  });

  it("rejects a missing or corrupt metadata file, a taken name or a missing namespace, and writes nothing", async () => {
    const files = filesUnder(path.join(tmp.dir, "a"));
    const missing = await registerTable(target, "imported.x", `${metadataFile}.gone`).catch(
      (e: unknown) => e,
    );
    expect(missing).toMatchObject({ code: "FILE_NOT_FOUND" });
    expect((missing as Error).message).toContain(`${path.basename(metadataFile)}.gone`);
    expect(rowOf("x")).toBeUndefined();

    const corrupt = path.join(tmp.dir, "corrupt.metadata.json");
    fs.writeFileSync(corrupt, fs.readFileSync(metadataFile, "utf8").slice(0, 200));
    const bad = await registerTable(target, "imported.x", corrupt).catch((e: unknown) => e);
    expect(bad).toMatchObject({ code: "METADATA_CORRUPT" });
    expect((bad as Error).message).toContain("corrupt.metadata.json");
    expect(rowOf("x")).toBeUndefined();

    await registerTable(target, "imported.t", metadataFile);
    await expect(registerTable(target, "imported.t", metadataFile)).rejects.toMatchObject({
      code: "TABLE_ALREADY_EXISTS",
    });
    expect(rowOf("t")!.loc).toBe(`file://${metadataFile}`);
    await expect(registerTable(target, "nowhere.t", metadataFile)).rejects.toMatchObject({
      code: "NAMESPACE_NOT_FOUND",
    });
    await expect(registerTable(target, "imported..t", metadataFile)).rejects.toMatchObject({
      code: "INVALID_IDENTIFIER",
    });
    expect(filesUnder(path.join(tmp.dir, "a"))).toEqual(files);
  });
});
