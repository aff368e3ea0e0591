import * as arrow from "apache-arrow";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { eq } from "../../../src/iceberg/expressions";
import type { IcebergCatalog, PartitionByField } from "../../../src/iceberg/table";
import { duckdbRead } from "../writer/duckdb-check";
import { tempCatalog } from "./fixture";

const DAY = 86_400_000;
const T0 = Date.UTC(2023, 11, 30, 22);
const N = 30;
const rows = Array.from({ length: N }, (_, i) => ({
  id: BigInt(i),
  name: ["alpha", "beta", "gamma"][i % 3]!,
  ts: T0 + i * 5 * 3_600_000 + i * 11 * DAY,
}));

function data(): arrow.Table {
  return new arrow.Table({
    id: arrow.vectorFromArray(
      rows.map((r) => r.id),
      new arrow.Int64(),
    ),
    name: arrow.vectorFromArray(
      rows.map((r) => r.name),
      new arrow.Utf8(),
    ),
    ts: arrow.vectorFromArray(
      rows.map((r) => r.ts),
      new arrow.TimestampMillisecond("UTC"),
    ),
  });
}

const expected: Record<string, (r: (typeof rows)[number]) => unknown> = {
  name: (r) => r.name,
  name_trunc: (r) => r.name.slice(0, 2),
  ts_year: (r) => new Date(r.ts).getUTCFullYear() - 1970,
  ts_month: (r) => (new Date(r.ts).getUTCFullYear() - 1970) * 12 + new Date(r.ts).getUTCMonth(),
  // Arrow reads a date (day) partition back as epoch milliseconds.
  ts_day: (r) => Math.floor(r.ts / DAY) * DAY,
  ts_hour: (r) => Math.floor(r.ts / 3_600_000),
};

describe("partitioned tables", () => {
  let env: Awaited<ReturnType<typeof tempCatalog>>;
  let catalog: IcebergCatalog;
  beforeEach(async () => {
    env = await tempCatalog();
    catalog = env.catalog;
  });
  afterEach(() => env.close());

  const cases: [string, PartitionByField[]][] = [
    ["identity", [{ column: "name" }]],
    ["truncate[2]", [{ column: "name", transform: "truncate[2]" }]],
    ["year", [{ column: "ts", transform: "year" }]],
    ["month", [{ column: "ts", transform: "month" }]],
    [
      "day + bucket[16]",
      [
        { column: "ts", transform: "day" },
        { column: "id", transform: "bucket[16]" },
      ],
    ],
    ["hour", [{ column: "ts", transform: "hour" }]],
  ];

  it.each(cases)(
    "%s: one partition per file, values in the manifests, rows read back",
    async (_name, partitionBy) => {
      const snap = await catalog.writeTo("default.events", { partitionBy }).createOrReplace(data());
      const table = await catalog.loadTable("default.events");
      expect(table.spec().fields.map((f) => [f.fieldId, f.transform])).toEqual(
        partitionBy.map((p, i) => [1000 + i, p.transform ?? "identity"]),
      );
      const files = await table.files();
      expect(Number(snap.summary["added-data-files"])).toBe(files.numRows);
      expect(files.numRows).toBeGreaterThan(1);
      for (const row of files) {
        const partition = row.partition.toJSON() as Record<string, unknown>;
        const read = await duckdbRead(row.file_path as string);
        expect(read.fieldIds).toEqual({ id: 1, name: 2, ts: 3 });
        for (const r of read.rows) {
          const source = rows[Number(r.id)]!;
          for (const [field, value] of Object.entries(partition)) {
            if (field === "id_bucket") {
              expect(value).toBeGreaterThanOrEqual(0);
              expect(value).toBeLessThan(16);
            } else expect(value).toEqual(expected[field]!(source));
          }
        }
      }
      const back = await table.scan().toArrow();
      const ids = [...back.getChild("id")!].map(Number).sort((a, b) => a - b);
      expect(ids).toEqual(rows.map((r) => Number(r.id)));
      const byId = new Map([...back].map((r) => [Number(r.id), r]));
      for (const r of rows) {
        expect(byId.get(Number(r.id))!.name).toBe(r.name);
        expect(byId.get(Number(r.id))!.ts).toBe(r.ts);
      }
    },
  );

  it("identity partition values reach the manifest list summaries and prune files on a filter", async () => {
    await catalog.writeTo("default.events", { partitionBy: [{ column: "name" }] }).createOrReplace(data());
    const table = await catalog.loadTable("default.events");
    const scan = table.scan({ filter: eq("name", "beta") });
    const got = await scan.toRecords();
    expect(got.map((r) => r.name)).toEqual(Array(10).fill("beta"));
    expect(scan.stats.dataFilesSkipped).toBe(2);
  });

  it("createOrReplace can change the partitioning: a new spec, old snapshots still readable", async () => {
    const s1 = await catalog
      .writeTo("default.events", { partitionBy: [{ column: "name" }] })
      .createOrReplace(data());
    await catalog.writeTo("default.events").createOrReplace(data().slice(0, 5));
    const table = await catalog.loadTable("default.events");
    expect(table.metadata.partitionSpecs.map((s) => s.fields.length)).toEqual([1, 0]);
    expect(table.spec().specId).toBe(1);
    expect((await table.scan().toArrow()).numRows).toBe(5);
    expect((await table.scan({ snapshotId: s1.snapshotId }).toArrow()).numRows).toBe(N);
    const entries = await table.entries();
    expect([...entries.getChild("status")!].sort()).toEqual([1, 2, 2, 2]);
  });
});
