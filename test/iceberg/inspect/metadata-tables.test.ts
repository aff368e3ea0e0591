import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { historyTable, refsTable, snapshotsTable } from "../../../src/iceberg/inspect";
import type { IcebergCatalog } from "../../../src/iceberg/table";
import type { Action } from "../../../src/iceberg/transaction";
import { tempCatalog } from "../table/fixture";

/** Points main back at an older snapshot (a rollback), as Spark's rollback_to_snapshot does. */
const rollbackTo = (snapshotId: bigint): Action => ({
  produce: async () => ({
    updates: [{ action: "set-snapshot-ref", refName: "main", type: "branch", snapshotId }],
    requirements: [],
  }),
});

describe("metadata tables", () => {
  let env: Awaited<ReturnType<typeof tempCatalog>>;
  let catalog: IcebergCatalog;
  beforeEach(async () => {
    env = await tempCatalog();
    catalog = env.catalog;
  });
  afterEach(() => env.close());

  it("history marks snapshots rolled back from as not current ancestors", async () => {
    const s1 = await catalog.writeTo("default.t").createOrReplace([{ id: 1n }]);
    const s2 = await catalog.writeTo("default.t").append([{ id: 2n }]);
    const table = await catalog.loadTable("default.t");
    await table.commit(rollbackTo(s1.snapshotId));
    const s3 = await catalog.writeTo("default.t").append([{ id: 3n }]);
    const m = (await catalog.loadTable("default.t")).metadata;
    const h = historyTable(m);
    expect(h.toArray().map((r) => [r.snapshot_id, r.parent_id, r.is_current_ancestor])).toEqual([
      [s1.snapshotId, null, true],
      [s2.snapshotId, s1.snapshotId, false],
      [s1.snapshotId, null, true],
      [s3.snapshotId, s1.snapshotId, true],
    ]);
    expect(String(h.schema.fields[0]!.type)).toBe("Timestamp<MILLISECOND, UTC>");
    expect((await (await catalog.loadTable("default.t")).scan().toRecords()).map((r) => r.id).sort()).toEqual(
      [1n, 3n],
    );
  });

  it("snapshots has one row per snapshot with its summary as a map without the operation", async () => {
    const s1 = await catalog.writeTo("default.t").createOrReplace([{ id: 1n }, { id: 2n }]);
    const m = (await catalog.loadTable("default.t")).metadata;
    const t = snapshotsTable(m);
    expect(t.numRows).toBe(1);
    const row = t.get(0)!;
    expect(row.snapshot_id).toBe(s1.snapshotId);
    expect(row.parent_id).toBeNull();
    expect(row.operation).toBe("append");
    expect(row.manifest_list).toBe(s1.manifestList);
    const summary = row.summary.toJSON() as Record<string, string>;
    expect(summary).toEqual(s1.summary);
    expect(summary.operation).toBeUndefined();
    expect(summary["total-records"]).toBe("2");
  });

  it("refs lists branches and tags with their retention, sorted by name", async () => {
    const s1 = await catalog.writeTo("default.t").createOrReplace([{ id: 1n }]);
    const table = await catalog.loadTable("default.t");
    await table.createBranch("audit", s1.snapshotId, { maxSnapshotAgeMs: 1000, minSnapshotsToKeep: 2 });
    await table.createTag("gold", s1.snapshotId, { maxRefAgeMs: 5000 });
    const r = refsTable(table.metadata);
    expect(r.schema.fields.map((f) => f.name)).toEqual([
      "name",
      "type",
      "snapshot_id",
      "max_reference_age_in_ms",
      "min_snapshots_to_keep",
      "max_snapshot_age_in_ms",
    ]);
    expect(r.toArray().map((x) => Object.values(x.toJSON()))).toEqual([
      ["audit", "BRANCH", s1.snapshotId, null, 2, 1000n],
      ["gold", "TAG", s1.snapshotId, 5000n, null, null],
      ["main", "BRANCH", s1.snapshotId, null, null, null],
    ]);
  });

  it("files exposes partition structs and single-value bounds of each live file", async () => {
    await catalog.writeTo("default.p", { partitionBy: [{ column: "k" }] }).createOrReplace([
      { k: "a", v: 1n },
      { k: "b", v: 5n },
      { k: "a", v: -3n },
    ]);
    const files = await (await catalog.loadTable("default.p")).files();
    const byK = new Map(files.toArray().map((r) => [r.partition.toJSON().k as string, r]));
    expect([...byK.keys()].sort()).toEqual(["a", "b"]);
    const a = byK.get("a")!;
    expect(a.record_count).toBe(2n);
    const lower = a.lower_bounds.toJSON()[2] as Uint8Array;
    expect(new DataView(lower.buffer, lower.byteOffset, 8).getBigInt64(0, true)).toBe(-3n);
    const upper = a.upper_bounds.toJSON()[2] as Uint8Array;
    expect(new DataView(upper.buffer, upper.byteOffset, 8).getBigInt64(0, true)).toBe(1n);
    expect(a.null_value_counts.toJSON()).toEqual({ 1: 0n, 2: 0n });
  });
});
