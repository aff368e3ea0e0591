import * as arrow from "apache-arrow";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Schema } from "../../../src/iceberg/spec";
import type { IcebergCatalog } from "../../../src/iceberg/table";
import { codeOf, tempCatalog } from "./fixture";

const schema: Schema = {
  type: "struct",
  schemaId: 0,
  fields: [
    { id: 1, name: "id", required: true, type: "long" },
    { id: 2, name: "text", required: false, type: "string" },
    { id: 3, name: "label", required: false, type: "double" },
  ],
};

describe("bad input → typed error, table unchanged", () => {
  let env: Awaited<ReturnType<typeof tempCatalog>>;
  let catalog: IcebergCatalog;
  let before: { location: string; snapshots: number; files: number };

  async function state() {
    const t = await catalog.loadTable("default.training");
    return {
      location: t.metadataLocation,
      snapshots: t.metadata.snapshots.length,
      files: (await t.files()).numRows,
    };
  }

  beforeEach(async () => {
    env = await tempCatalog();
    catalog = env.catalog;
    await catalog.createTable("default.training", schema);
    await catalog.writeTo("default.training").append([{ id: 1n, text: "a", label: 1 }]);
    before = await state();
  });
  afterEach(async () => {
    expect(await state()).toEqual(before);
    env.close();
  });

  it.each([
    ["empty part", "default..training"],
    ["no namespace", "training"],
    ["slash", "default.a/b"],
    ["control character", "default.tr\u0007"],
    ["too long", `default.${"t".repeat(300)}`],
  ])("identifier with %s → INVALID_IDENTIFIER", async (_what, id) => {
    expect(await codeOf(() => catalog.writeTo(id).append([{ id: 2n }]))).toBe("INVALID_IDENTIFIER");
    expect(await codeOf(() => catalog.loadTable(id))).toBe("INVALID_IDENTIFIER");
  });

  it("unknown table and namespace; create of an existing table", async () => {
    expect(await codeOf(() => catalog.writeTo("default.nope").append([{ id: 2n }]))).toBe("TABLE_NOT_FOUND");
    expect(await codeOf(() => catalog.loadTable("default.nope"))).toBe("TABLE_NOT_FOUND");
    expect(await codeOf(() => catalog.writeTo("nope.t").createOrReplace([{ id: 2n }]))).toBe(
      "NAMESPACE_NOT_FOUND",
    );
    expect(await codeOf(() => catalog.createTable("default.training", schema))).toBe("TABLE_ALREADY_EXISTS");
    expect(await codeOf(() => catalog.listTables("nope"))).toBe("NAMESPACE_NOT_FOUND");
  });

  it("append with a missing required column, a wrong type or an extra column names the column and both types", async () => {
    const w = catalog.writeTo("default.training");
    await expect(w.append([{ text: "x", label: 1 }])).rejects.toMatchObject({
      code: "SCHEMA_MISMATCH",
      message: "required column 'id' (long) of default.training is missing from the data",
    });
    await expect(w.append([{ id: 2n, label: "high" }])).rejects.toMatchObject({
      code: "SCHEMA_MISMATCH",
      message: "column 'label' is double in default.training but string in the data",
    });
    await expect(w.append([{ id: 2n, extra: 1 }])).rejects.toMatchObject({
      code: "SCHEMA_MISMATCH",
      message: expect.stringContaining("column 'extra' is not in default.training"),
    });
    await expect(w.append([{ id: 2.5 }])).rejects.toMatchObject({ code: "SCHEMA_MISMATCH" });
  });

  it("null in a required column → NULL_IN_REQUIRED_COLUMN", async () => {
    const data = new arrow.Table({ id: arrow.vectorFromArray([5n, null], new arrow.Int64()) });
    expect(await codeOf(() => catalog.writeTo("default.training").append(data))).toBe(
      "NULL_IN_REQUIRED_COLUMN",
    );
  });

  it("unknown snapshot id, a timestamp before the first snapshot, unknown refs", async () => {
    const table = await catalog.loadTable("default.training");
    const current = table.currentSnapshot()!;
    expect(await codeOf(() => table.snapshot(current.snapshotId + 1n))).toBe("SNAPSHOT_NOT_FOUND");
    expect(() => table.snapshot(current.snapshotId + 1n)).toThrow(
      new RegExp(`nearest snapshot ids: ${current.snapshotId}`),
    );
    expect(await codeOf(() => table.scan({ snapshotId: 42n }).toArrow())).toBe("SNAPSHOT_NOT_FOUND");
    expect(
      await codeOf(() => table.scan({ asOfTimestamp: current.committedAt.getTime() - 1 }).toArrow()),
    ).toBe("SNAPSHOT_NOT_FOUND");
    expect(await codeOf(() => table.scan({ ref: "nope" }).toArrow())).toBe("REF_NOT_FOUND");
    expect(await codeOf(() => table.removeTag("nope"))).toBe("REF_NOT_FOUND");
    expect(await codeOf(() => table.createTag("v1", 42n))).toBe("SNAPSHOT_NOT_FOUND");
    await table.createTag("v1", current.snapshotId); // a legitimate commit: the new baseline
    before = await state();
    expect(await codeOf(() => table.createTag("v1", current.snapshotId))).toBe("REF_ALREADY_EXISTS");
    expect(await codeOf(() => table.removeBranch("v1"))).toBe("REF_NOT_FOUND");
    expect(await codeOf(() => table.removeBranch("main"))).toBe("INVALID_ARGUMENT");
  });

  it("bad writer options and bad partition specs", async () => {
    expect(await codeOf(() => catalog.writeTo("default.training", { targetFileSizeBytes: 0 }))).toBe(
      "INVALID_PARAMETER_VALUE",
    );
    expect(
      await codeOf(() =>
        catalog.writeTo("default.other", { partitionBy: [{ column: "nope" }] }).createOrReplace([{ id: 1n }]),
      ),
    ).toBe("INVALID_ARGUMENT");
    expect(
      await codeOf(() =>
        catalog
          .writeTo("default.other", { partitionBy: [{ column: "id", transform: "day" }] })
          .createOrReplace([{ id: 1n }]),
      ),
    ).toBe("INVALID_ARGUMENT");
    expect(await codeOf(() => catalog.writeTo("default.other").createOrReplace([]))).toBe("INVALID_ARGUMENT");
    expect(await catalog.tableExists("default.other")).toBe(false);
  });
});

describe("missing or corrupt metadata", () => {
  it("loadTable names the file and fails with FILE_NOT_FOUND / METADATA_CORRUPT", async () => {
    const env = await tempCatalog();
    try {
      await env.catalog.writeTo("default.t").createOrReplace([{ id: 1n }]);
      const t = await env.catalog.loadTable("default.t");
      await t.io.write(t.metadataLocation, new TextEncoder().encode('{"format-version": 2'), {
        overwrite: true,
      });
      await expect(env.catalog.loadTable("default.t")).rejects.toMatchObject({
        code: "METADATA_CORRUPT",
        message: expect.stringContaining(t.metadataLocation),
      });
      await t.io.delete(t.metadataLocation);
      await expect(env.catalog.loadTable("default.t")).rejects.toMatchObject({
        code: "FILE_NOT_FOUND",
        message: expect.stringContaining(t.metadataLocation),
      });
      expect(await codeOf(() => env.catalog.writeTo("default.t").append([{ id: 2n }]))).toBe(
        "FILE_NOT_FOUND",
      );
    } finally {
      env.close();
    }
  });
});
