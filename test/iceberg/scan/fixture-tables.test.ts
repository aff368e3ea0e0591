import { readFileSync } from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { eq, lt } from "../../../src/iceberg/expressions/expression";
import { TableScan } from "../../../src/iceberg/scan/table-scan";
import { parseJson } from "../../../src/iceberg/spec/json";
import { staticTable } from "../../../src/iceberg/static-table";
import { FIXTURE_TABLES, FIXTURES } from "../spec/fixtures";

interface ExpectedSnapshot {
  snapshot_id: bigint | number;
  live_row_count: number;
  rows?: Record<string, unknown>[];
}

function expected(table: string): { snapshots: ExpectedSnapshot[]; current_snapshot_id: bigint | number } {
  return parseJson(readFileSync(path.join(FIXTURES, "_expected", `${table}.json`), "utf8")) as never;
}

/** A scanned value in the notation of _expected (ISO dates and timestamps, numbers). */
function plain(v: unknown, type: string): unknown {
  if (v === null || v === undefined) return null;
  if (typeof v === "bigint") return Number(v);
  if (v instanceof Date) {
    if (type === "date") return v.toISOString().slice(0, 10);
    const iso = v.toISOString().slice(0, 19);
    return type === "timestamptz" ? `${iso}+00:00` : iso;
  }
  return v;
}

const key = (r: Record<string, unknown>): string => JSON.stringify(r, Object.keys(r).sort());

describe("fixture tables through the Table facade", () => {
  it("table.scan() with columns and a filter, and toDataFrame()", async () => {
    const t = await staticTable(path.join(FIXTURES, "spark_v2_append_overwrite_lineitem"));
    const first = BigInt(expected("spark_v2_append_overwrite_lineitem").snapshots[0]!.snapshot_id);
    const all = await t.scan({ snapshotId: first, columns: ["l_orderkey", "l_extendedprice"] }).toArrow();
    expect(all.numRows).toBe(60175);
    // The overwrite deleted l_extendedprice < 10000 (README): the old snapshot filtered the same way has the new count.
    const cheap = await t.scan({ snapshotId: first, filter: lt("l_extendedprice", "10000") }).toArrow();
    expect(all.numRows - cheap.numRows).toBe(51793);
    const df = await t.scan({ columns: ["l_orderkey"], filter: eq("l_orderkey", 1) }).toDataFrame();
    expect(df.shape[1]).toBe(1);
    expect(df.shape[0]).toBeGreaterThan(0);
  });
});

describe("every snapshot of every fixture table scans to _expected", () => {
  for (const table of FIXTURE_TABLES) {
    it(table, async () => {
      const t = await staticTable(path.join(FIXTURES, table));
      const exp = expected(table);
      expect(t.metadata.currentSnapshotId).toBe(BigInt(exp.current_snapshot_id));
      for (const snap of exp.snapshots) {
        const scan = new TableScan(t.metadata, t.io, { snapshotId: BigInt(snap.snapshot_id) });
        const arrowTable = await scan.toArrow();
        expect(arrowTable.numRows, `snapshot ${snap.snapshot_id}`).toBe(snap.live_row_count);
        if (snap.rows) {
          const types = new Map(scan.tableSchema.fields.map((f) => [f.name, String(f.type)]));
          const rows = (await scan.toRecords()).map((r) =>
            Object.fromEntries(Object.entries(r).map(([k, v]) => [k, plain(v, types.get(k)!)])),
          );
          expect(rows.map(key).sort()).toEqual(
            snap.rows
              .map((r) =>
                key(
                  Object.fromEntries(
                    Object.entries(r).map(([k, v]) => [k, typeof v === "bigint" ? Number(v) : v]),
                  ),
                ),
              )
              .sort(),
          );
        }
      }
    });
  }
});
