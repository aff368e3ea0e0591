import * as arrow from "apache-arrow";
import { describe, expect, it } from "vitest";
import { duckdbRead } from "../writer/duckdb-check";
import { tempCatalog } from "./fixture";

describe("every supported column type", () => {
  it("round-trips string, long, int, double, float, boolean, date, timestamp(tz), decimal and binary", async () => {
    const env = await tempCatalog();
    try {
      const micros = new BigInt64Array([1_700_000_000_123_456n, -1n, 0n]);
      const data = new arrow.Table({
        s: arrow.vectorFromArray(["a", "é✓", null], new arrow.Utf8()),
        l: arrow.vectorFromArray([2n ** 62n, -1n, null], new arrow.Int64()),
        i: arrow.vectorFromArray([1, -2, 3], new arrow.Int32()),
        d: arrow.vectorFromArray([0.5, Number.NaN, -1e300], new arrow.Float64()),
        f: arrow.vectorFromArray([1.5, 2.5, null], new arrow.Float32()),
        b: arrow.vectorFromArray([true, false, null], new arrow.Bool()),
        day: arrow.vectorFromArray(
          [Date.UTC(2024, 1, 29), Date.UTC(1969, 11, 31), null],
          new arrow.DateDay(),
        ),
        ts: arrow.makeVector(
          arrow.makeData({ type: new arrow.TimestampMicrosecond(), length: 3, nullCount: 0, data: micros }),
        ),
        tstz: arrow.makeVector(
          arrow.makeData({
            type: new arrow.TimestampMicrosecond("UTC"),
            length: 3,
            nullCount: 0,
            data: micros,
          }),
        ),
        dec: arrow.makeVector(
          arrow.makeData({
            type: new arrow.Decimal(2, 10, 128),
            length: 3,
            nullCount: 0,
            data: new Uint32Array([
              12345, 0, 0, 0, 0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff, 7, 0, 0, 0,
            ]),
          }),
        ),
        bin: arrow.vectorFromArray([new Uint8Array([0, 255]), new Uint8Array([]), null], new arrow.Binary()),
      });
      await env.catalog.writeTo("default.types").createOrReplace(data);
      const table = await env.catalog.loadTable("default.types");
      expect(table.schema().fields.map((f) => `${f.name}:${f.type}`)).toEqual([
        "s:string",
        "l:long",
        "i:int",
        "d:double",
        "f:float",
        "b:boolean",
        "day:date",
        "ts:timestamp",
        "tstz:timestamptz",
        "dec:decimal(10, 2)",
        "bin:binary",
      ]);
      const back = await table.scan().toArrow();
      expect(back.numRows).toBe(3);
      for (const name of ["s", "l", "i", "f", "b", "day"] as const) {
        expect([...back.getChild(name)!]).toEqual([...data.getChild(name)!]);
      }
      expect(Number.isNaN(back.getChild("d")!.get(1))).toBe(true);
      expect([back.getChild("d")!.get(0), back.getChild("d")!.get(2)]).toEqual([0.5, -1e300]);
      expect([...(back.getChild("ts")!.data[0]!.values as BigInt64Array)].slice(0, 3)).toEqual([...micros]);
      expect([...(back.getChild("tstz")!.data[0]!.values as BigInt64Array)].slice(0, 3)).toEqual([...micros]);
      expect(String(back.getChild("tstz")!.type)).toBe("Timestamp<MICROSECOND, UTC>");
      expect([...(back.getChild("dec")!.data[0]!.values as Uint32Array)].slice(0, 12)).toEqual([
        12345, 0, 0, 0, 0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff, 7, 0, 0, 0,
      ]);
      expect(back.getChild("bin")!.toArray()).toEqual([new Uint8Array([0, 255]), new Uint8Array([]), null]);

      const files = (await table.files()).getChild("file_path")!.toArray() as string[];
      const read = await duckdbRead(files[0]!);
      expect(Object.values(read.fieldIds)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
      expect(read.rows[0]!.dec).toBe(123.45);
      expect(read.rows[1]!.dec).toBe(-0.01);
      const nan = (await table.files()).getChild("nan_value_counts")!.get(0)!.toJSON();
      expect(nan).toEqual({ 4: 1n, 5: 0n });
    } finally {
      env.close();
    }
  });
});
