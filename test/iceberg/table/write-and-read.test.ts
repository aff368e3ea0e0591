import { readFileSync } from "node:fs";
import * as arrow from "apache-arrow";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { toLocalPath } from "../../../src/iceberg/io";
import type { IcebergCatalog } from "../../../src/iceberg/table";
import { duckdbRead } from "../writer/duckdb-check";
import { tempCatalog } from "./fixture";

const batch1 = [
  { id: 1n, text: "free money now", label: 1 },
  { id: 2n, text: "team meeting at noon", label: 0 },
  { id: 3n, text: null, label: 0 },
];
const batch2 = [{ id: 4n, text: "click here", label: 1 }];

/** Rows in id order: an Iceberg scan returns files newest-manifest first, as Java lists them. */
const byId = (rows: Record<string, unknown>[]) => [...rows].sort((a, b) => Number(a.id) - Number(b.id));

describe("writeTo → scan", () => {
  let env: Awaited<ReturnType<typeof tempCatalog>>;
  let catalog: IcebergCatalog;
  beforeEach(async () => {
    env = await tempCatalog();
    catalog = env.catalog;
  });
  afterEach(() => env.close());

  it("creates, appends and reads every snapshot back row for row", async () => {
    const s1 = await catalog.writeTo("default.training").createOrReplace(batch1);
    const s2 = await catalog.writeTo("default.training").append(batch2);
    expect(s1).toMatchObject({ parentId: null, sequenceNumber: 1n, operation: "append" });
    expect(s1.summary).toMatchObject({ "added-records": "3", "total-records": "3", "added-data-files": "1" });
    expect(s2).toMatchObject({ parentId: s1.snapshotId, sequenceNumber: 2n, operation: "append" });
    expect(s2.summary).toMatchObject({ "added-records": "1", "total-records": "4", "total-data-files": "2" });
    expect(s2.committedAt.getTime()).toBeGreaterThan(s1.committedAt.getTime());

    const table = await catalog.loadTable("default.training");
    expect(table.currentSnapshot()).toEqual(s2);
    expect(table.snapshot(s1.snapshotId)).toEqual(s1);
    expect(await table.scan({ snapshotId: s1.snapshotId }).toRecords()).toEqual(batch1);
    expect(byId(await table.scan().toRecords())).toEqual([...batch1, ...batch2]);
    expect(await table.scan({ asOfTimestamp: s1.committedAt }).toRecords()).toEqual(batch1);
    expect(table.schema().fields.map((f) => [f.id, f.name, f.type, f.required])).toEqual([
      [1, "id", "long", false],
      [2, "text", "string", false],
      [3, "label", "double", false],
    ]);

    // Every data file passes an independent reader with the right field ids.
    const files = (await table.files()).getChild("file_path")!.toArray() as string[];
    expect(files).toHaveLength(2);
    const rows: unknown[] = [];
    for (const f of files) {
      const read = await duckdbRead(f);
      expect(read.fieldIds).toEqual({ id: 1, text: 2, label: 3 });
      rows.push(...read.rows.map((r) => Number(r.id)));
    }
    expect(rows.sort()).toEqual([1, 2, 3, 4]);
  });

  it("writes v2 metadata with the required fields, exact 64-bit ids and numbered file names", async () => {
    const s1 = await catalog.writeTo("default.training").createOrReplace(batch1);
    const table = await catalog.loadTable("default.training");
    // Created with its first snapshot in one commit: version 00000, as Java names it.
    expect(table.metadataLocation).toMatch(
      /\/warehouse\/default\/training\/metadata\/00000-[0-9a-f-]{36}\.metadata\.json$/,
    );
    const text = readFileSync(toLocalPath(table.metadataLocation), "utf8");
    const json = JSON.parse(text) as Record<string, unknown>;
    for (const key of [
      "format-version",
      "table-uuid",
      "location",
      "last-sequence-number",
      "last-updated-ms",
      "last-column-id",
      "schemas",
      "current-schema-id",
      "partition-specs",
      "default-spec-id",
      "last-partition-id",
      "sort-orders",
      "default-sort-order-id",
      "snapshots",
      "snapshot-log",
      "metadata-log",
      "refs",
      "properties",
    ]) {
      expect(json).toHaveProperty([key]);
    }
    expect(json["format-version"]).toBe(2);
    expect(text).toMatch(new RegExp(`"current-snapshot-id"\\s*:\\s*${s1.snapshotId}[,\\s]`));
    expect(text).toMatch(new RegExp(`"snapshot-id"\\s*:\\s*${s1.snapshotId}[,\\s]`));
    expect((json["metadata-log"] as unknown[]).length).toBe(0);
    expect(s1.manifestList).toMatch(/\/metadata\/snap-\d+-1-[0-9a-f-]{36}\.avro$/);
  });

  it("createOrReplace keeps uuid and history, adds a schema version only when the schema changes", async () => {
    const s1 = await catalog.writeTo("default.training").createOrReplace(batch1);
    const before = await catalog.loadTable("default.training");
    const s2 = await catalog.writeTo("default.training").createOrReplace(batch2);
    const same = await catalog.loadTable("default.training");
    expect(same.metadata.tableUuid).toBe(before.metadata.tableUuid);
    expect(same.metadata.schemas).toHaveLength(1);
    expect(s2).toMatchObject({ operation: "overwrite", parentId: s1.snapshotId });
    expect(s2.summary).toMatchObject({
      "deleted-data-files": "1",
      "deleted-records": "3",
      "total-records": "1",
    });
    expect(await same.scan().toRecords()).toEqual(batch2);

    const changed = [{ id: 9n, score: 0.5 }];
    const s3 = await catalog.writeTo("default.training").createOrReplace(changed);
    const after = await catalog.loadTable("default.training");
    expect(after.metadata.tableUuid).toBe(before.metadata.tableUuid);
    expect(after.metadata.schemas.map((s) => s.schemaId)).toEqual([0, 1]);
    expect(after.schema().fields.map((f) => [f.id, f.name])).toEqual([
      [1, "id"],
      [4, "score"],
    ]);
    expect(after.snapshotList().map((s) => s.snapshotId)).toEqual([
      s1.snapshotId,
      s2.snapshotId,
      s3.snapshotId,
    ]);
    expect(await after.scan().toRecords()).toEqual(changed);
    // Time travel reads the old snapshot with its own schema.
    expect(await after.scan({ snapshotId: s1.snapshotId }).toRecords()).toEqual(batch1);
    const history = await after.history();
    expect(history.schema.fields.map((f) => f.name)).toEqual([
      "made_current_at",
      "snapshot_id",
      "parent_id",
      "is_current_ancestor",
    ]);
    expect(history.getChild("snapshot_id")!.toArray()).toEqual(
      new BigInt64Array([s1.snapshotId, s2.snapshotId, s3.snapshotId]),
    );
    expect([...history.getChild("is_current_ancestor")!]).toEqual([true, true, true]);
  });

  it("accepts Arrow tables, rolls files over at the target size and commits an empty append for no rows", async () => {
    const n = 5000;
    const data = new arrow.Table({
      id: arrow.makeVector(BigInt64Array.from({ length: n }, (_, i) => BigInt(i))),
      text: arrow.vectorFromArray(
        Array.from({ length: n }, (_, i) => `row ${i} ${"x".repeat(i % 50)}`),
        new arrow.Utf8(),
      ),
    });
    const s1 = await catalog.writeTo("default.big", { targetFileSizeBytes: 16 * 1024 }).createOrReplace(data);
    expect(Number(s1.summary["added-data-files"])).toBeGreaterThan(2);
    const table = await catalog.loadTable("default.big");
    const back = await table.scan().toArrow();
    expect(back.numRows).toBe(n);
    expect([...back.getChild("id")!].map(Number)).toEqual(Array.from({ length: n }, (_, i) => i));
    expect(back.getChild("text")!.get(4999)).toBe(data.getChild("text")!.get(4999));

    const empty = await catalog.writeTo("default.big").append(data.slice(0, 0));
    expect(empty).toMatchObject({ operation: "append", parentId: s1.snapshotId });
    expect(empty.summary["added-records"]).toBeUndefined();
    expect(empty.summary["total-records"]).toBe(String(n));
    expect((await (await catalog.loadTable("default.big")).scan().toArrow()).numRows).toBe(n);
  });

  it("tags, branches and refs: time travel by ref, removal, refs table", async () => {
    const s1 = await catalog.writeTo("default.training").createOrReplace(batch1);
    await catalog.writeTo("default.training").append(batch2);
    const table = await catalog.loadTable("default.training");
    await table.createTag("v1", s1.snapshotId, { maxRefAgeMs: 86_400_000 });
    await table.createBranch("dev");
    expect(await table.scan({ ref: "v1" }).toRecords()).toEqual(batch1);
    expect(byId(await table.scan({ ref: "dev" }).toRecords())).toEqual([...batch1, ...batch2]);
    const refs = await table.refs();
    expect(refs.toArray().map((r) => [r.name, r.type, r.snapshot_id, r.max_reference_age_in_ms])).toEqual([
      ["dev", "BRANCH", table.currentSnapshot()!.snapshotId, null],
      ["main", "BRANCH", table.currentSnapshot()!.snapshotId, null],
      ["v1", "TAG", s1.snapshotId, 86_400_000n],
    ]);
    await table.removeTag("v1");
    const reloaded = await catalog.loadTable("default.training");
    expect(Object.keys(reloaded.metadata.refs).sort()).toEqual(["dev", "main"]);
  });

  it("snapshots, manifests and entries metadata tables carry Spark's columns and this table's facts", async () => {
    const s1 = await catalog.writeTo("default.training").createOrReplace(batch1);
    const s2 = await catalog.writeTo("default.training").createOrReplace(batch2);
    const table = await catalog.loadTable("default.training");
    const snaps = await table.snapshots();
    expect(snaps.schema.fields.map((f) => f.name)).toEqual([
      "committed_at",
      "snapshot_id",
      "parent_id",
      "operation",
      "manifest_list",
      "summary",
    ]);
    expect([...snaps.getChild("operation")!]).toEqual(["append", "overwrite"]);
    expect(snaps.getChild("summary")!.get(1)!.toJSON()).toMatchObject({ "deleted-records": "3" });
    expect(snaps.getChild("committed_at")!.get(0)).toBe(s1.committedAt.getTime());
    const entries = await table.entries();
    expect(entries.toArray().map((r) => [r.status, r.record_count, r.snapshot_id])).toEqual([
      [1, 1n, s2.snapshotId],
      [2, 3n, s2.snapshotId],
    ]);
    const manifests = await table.manifests();
    expect(manifests.toArray().map((r) => [r.added_data_files_count, r.deleted_data_files_count])).toEqual([
      [1, 0],
      [0, 1],
    ]);
    const files = await table.files();
    expect(files.toArray().map((r) => [r.record_count, r.content, r.file_format])).toEqual([
      [1n, 0, "PARQUET"],
    ]);
    expect(files.getChild("value_counts")!.get(0)!.toJSON()).toEqual({ 1: 1n, 2: 1n, 3: 1n });
  });
});

describe("other inputs", () => {
  it("appends a danfojs DataFrame and an empty record list", async () => {
    const env = await tempCatalog();
    try {
      const dfd = require("danfojs") as typeof import("danfojs");
      await env.catalog.writeTo("default.df").createOrReplace([{ text: "a", label: 1 }]);
      const df = new dfd.DataFrame({ text: ["b", "c"], label: [0, 1] });
      const s2 = await env.catalog.writeTo("default.df").append(df);
      expect(s2.summary["added-records"]).toBe("2");
      const s3 = await env.catalog.writeTo("default.df").append([]);
      expect(s3.summary["total-records"]).toBe("3");
      const back = await (await env.catalog.loadTable("default.df")).scan().toRecords();
      expect(back.map((r) => [r.text, r.label]).sort()).toEqual([
        ["a", 1],
        ["b", 0],
        ["c", 1],
      ]);
    } finally {
      env.close();
    }
  });
});

describe("manifest lists after an overwrite", () => {
  it("an append after createOrReplace drops the manifest of only deleted entries and keeps every live row", async () => {
    const env = await tempCatalog();
    try {
      await env.catalog.writeTo("default.m").createOrReplace([{ id: 1n }]);
      const s2 = await env.catalog.writeTo("default.m").createOrReplace([{ id: 2n }]);
      const s3 = await env.catalog.writeTo("default.m").append([{ id: 3n }]);
      const table = await env.catalog.loadTable("default.m");
      expect((await table.manifests(s2.snapshotId)).numRows).toBe(2);
      const m3 = await table.manifests(s3.snapshotId);
      expect(m3.toArray().map((r) => [r.added_data_files_count, r.deleted_data_files_count])).toEqual([
        [1, 0],
        [1, 0],
      ]);
      expect((await table.scan().toRecords()).map((r) => r.id).sort()).toEqual([2n, 3n]);
      expect((await table.scan({ snapshotId: s2.snapshotId }).toRecords()).map((r) => r.id)).toEqual([2n]);
    } finally {
      env.close();
    }
  });
});
