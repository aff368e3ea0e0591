import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import * as arrow from "apache-arrow";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { conformToSchema } from "../../../src/iceberg/arrow";
import { LocalFileIO, toFileUri } from "../../../src/iceberg/io";
import type { PartitionSpec, Schema } from "../../../src/iceberg/spec";
import { fromSingleValue } from "../../../src/iceberg/spec/single-value.serde";
import { takeRows, writeDataFiles } from "../../../src/iceberg/writer";
import { duckdbRead } from "./duckdb-check";

const schema: Schema = {
  type: "struct",
  schemaId: 0,
  fields: [
    { id: 1, name: "id", required: true, type: "long" },
    { id: 2, name: "name", required: false, type: "string" },
    { id: 3, name: "ts", required: false, type: "timestamptz" },
    { id: 4, name: "day", required: false, type: "date" },
  ],
};

const T0 = Date.UTC(2024, 0, 31, 23); // 2024-01-31T23:00Z
const rows = Array.from({ length: 40 }, (_, i) => ({
  id: BigInt(i),
  name: i % 5 === 0 ? null : `n/${i % 3}`,
  ts: new Date(T0 + i * 3_600_000 * 7),
  day: new Date(T0 + i * 86_400_000 * 20),
}));

function table() {
  const t = new arrow.Table({
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
    day: arrow.vectorFromArray(
      rows.map((r) => r.day),
      new arrow.DateMillisecond(),
    ),
  });
  return conformToSchema(t, schema, "t");
}

describe("writeDataFiles", () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), "lakelab-partitioned-"));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const cases: [string, PartitionSpec, (r: (typeof rows)[number]) => unknown][] = [
    ["identity", spec("name", 2, "identity"), (r) => r.name],
    ["bucket[4]", spec("id_bucket", 1, "bucket[4]"), () => undefined],
    ["truncate[2]", spec("name_trunc", 2, "truncate[2]"), (r) => r.name?.slice(0, 2) ?? null],
    ["year", spec("ts_year", 3, "year"), (r) => r.ts.getUTCFullYear() - 1970],
    [
      "month",
      spec("day_month", 4, "month"),
      (r) => (r.day.getUTCFullYear() - 1970) * 12 + r.day.getUTCMonth(),
    ],
    ["day", spec("ts_day", 3, "day"), (r) => Math.floor(r.ts.getTime() / 86_400_000)],
    ["hour", spec("ts_hour", 3, "hour"), (r) => Math.floor(r.ts.getTime() / 3_600_000)],
  ];

  it.each(cases)("splits by %s, with every row in the file of its partition", async (_name, s, expected) => {
    const files = await writeDataFiles(new LocalFileIO(), toFileUri(dir), schema, s, table());
    expect(files.reduce((n, f) => n + Number(f.recordCount), 0)).toBe(rows.length);
    const seen = new Set<number>();
    for (const f of files) {
      const value = f.partition.get(1000);
      expect(f.filePath).toContain(`/data/${s.fields[0]!.name}=`);
      const read = await duckdbRead(f.filePath);
      expect(read.fieldIds).toMatchObject({ id: 1, name: 2, ts: 3, day: 4 });
      for (const r of read.rows) {
        const id = Number(r.id);
        seen.add(id);
        const want = expected(rows[id]!);
        if (want !== undefined) expect(value).toEqual(want);
      }
      if (s.fields[0]!.transform === "bucket[4]") expect(value).toBeGreaterThanOrEqual(0);
      // Bounds of each file cover exactly its rows.
      const ids = read.rows.map((r) => BigInt(r.id as number)).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
      expect(fromSingleValue("long", f.lowerBounds!.get(1)!)).toBe(ids[0]);
      expect(fromSingleValue("long", f.upperBounds!.get(1)!)).toBe(ids[ids.length - 1]);
    }
    expect(seen.size).toBe(rows.length);
  });

  it("keeps microsecond timestamps and 64-bit ids exact when taking rows", () => {
    const t = new arrow.Table({
      id: arrow.makeVector(new BigInt64Array([2n ** 62n + 1n, -5n, 7n])),
      ts: arrow.makeVector(
        arrow.makeData({
          type: new arrow.TimestampMicrosecond("UTC"),
          length: 3,
          nullCount: 0,
          data: new BigInt64Array([1n, 1_000_001n, -3n]),
        }),
      ),
      s: arrow.vectorFromArray(["a", null, "ccc"], new arrow.Utf8()),
    });
    const taken = takeRows(t, Int32Array.from([2, 0, 1]));
    expect([...(taken.getChild("id")!.data[0]!.values as BigInt64Array)]).toEqual([7n, 2n ** 62n + 1n, -5n]);
    expect([...(taken.getChild("ts")!.data[0]!.values as BigInt64Array)]).toEqual([-3n, 1n, 1_000_001n]);
    expect(taken.getChild("s")!.toArray()).toEqual(["ccc", "a", null]);
  });
});

function spec(
  name: string,
  sourceId: number,
  transform: PartitionSpec["fields"][number]["transform"],
): PartitionSpec {
  return { specId: 0, fields: [{ sourceId, fieldId: 1000, name, transform }] };
}
