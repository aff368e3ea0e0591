import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import * as arrow from "apache-arrow";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { conformToSchema } from "../../../src/iceberg/arrow";
import { LocalFileIO, toFileUri } from "../../../src/iceberg/io";
import type { Schema } from "../../../src/iceberg/spec";
import { columnStats, truncateStringUpper } from "../../../src/iceberg/writer/column-stats";
import { ParquetWriter } from "../../../src/iceberg/writer/parquet-writer";
import { duckdbRead } from "./duckdb-check";

const schema: Schema = {
  type: "struct",
  schemaId: 0,
  fields: [
    { id: 1, name: "id", required: true, type: "long" },
    { id: 2, name: "text", required: false, type: "string" },
    { id: 3, name: "label", required: false, type: "double" },
    { id: 4, name: "ok", required: false, type: "boolean" },
  ],
};

function rows(n: number) {
  return Array.from({ length: n }, (_, i) => ({
    id: BigInt(i),
    text: i % 7 === 0 ? null : `text ${String(i).padStart(5, "0")} ${"x".repeat(i % 13)}`,
    label: i % 11 === 0 ? Number.NaN : i / 10,
    ok: i % 3 === 0,
  }));
}

describe("ParquetWriter", () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), "lakelab-writer-"));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("writes files DuckDB reads back row for row, with every column's field id", async () => {
    const input = rows(500);
    const data = conformToSchema(arrow.tableFromJSON(input), schema, "t");
    const writer = new ParquetWriter(new LocalFileIO(), `${toFileUri(dir)}/data`, schema);
    const files = await writer.write(data, new Map());
    expect(files).toHaveLength(1);
    const f = files[0]!;
    expect(f.recordCount).toBe(500);
    const read = await duckdbRead(f.location);
    expect(read.fieldIds).toEqual({ id: 1, text: 2, label: 3, ok: 4 });
    expect(read.rows.map((r) => [BigInt(r.id as number), r.text, r.ok])).toEqual(
      input.map((r) => [r.id, r.text, r.ok]),
    );
    expect(read.rows.map((r) => r.label)).toEqual(input.map((r) => r.label));
    expect(f.stats.get(1)).toEqual({ valueCount: 500, nullCount: 0, lower: 0n, upper: 499n });
    expect(f.stats.get(2)).toMatchObject({ valueCount: 500, nullCount: 72, lower: "text 00001 x" });
    expect(f.stats.get(3)).toEqual({ valueCount: 500, nullCount: 0, nanCount: 46, lower: 0.1, upper: 49.9 });
    expect(f.stats.get(4)).toEqual({ valueCount: 500, nullCount: 0, lower: false, upper: true });
    expect([...f.columnSizes.keys()]).toEqual([1, 2, 3, 4]);
    expect([...f.columnSizes.values()].every((s) => s > 0)).toBe(true);
  });

  it("rolls over near the target file size and keeps every row once", async () => {
    const input = rows(20_000);
    const data = conformToSchema(arrow.tableFromJSON(input), schema, "t");
    const writer = new ParquetWriter(new LocalFileIO(), `${toFileUri(dir)}/data`, schema, {
      targetFileSizeBytes: 40_000,
    });
    const files = await writer.write(data, new Map());
    expect(files.length).toBeGreaterThan(3);
    expect(files.reduce((n, f) => n + f.recordCount, 0)).toBe(20_000);
    for (const f of files.slice(1)) expect(f.fileSizeInBytes).toBeLessThan(2 * 40_000);
    const ids: number[] = [];
    for (const f of files) ids.push(...(await duckdbRead(f.location)).rows.map((r) => Number(r.id)));
    expect(ids).toEqual(input.map((r) => Number(r.id)));
  });

  it("compares strings as UTF-8 bytes and truncates bounds to 16 characters", () => {
    const v = arrow.vectorFromArray(["\u{1F600}", "\uFFFF", "b".repeat(20), null], new arrow.Utf8());
    const s = columnStats(v, "string");
    // UTF-16 order would put U+FFFF last; UTF-8 order puts the 4-byte emoji last.
    expect(s).toEqual({ valueCount: 4, nullCount: 1, lower: "b".repeat(16), upper: "\u{1F600}" });
    expect(truncateStringUpper("abc", 2)).toBe("ac");
    expect(truncateStringUpper("a\u{10FFFF}c", 2)).toBe("b");
  });
});

describe("columnStats on 64-bit values", () => {
  it("orders negative, positive and beyond-2^53 longs exactly", () => {
    const values = [5n, -(2n ** 63n), 2n ** 63n - 1n, -1n, 2n ** 53n + 1n, 0n, 4294967296n, 4294967295n];
    const v = arrow.makeVector(new BigInt64Array(values));
    expect(columnStats(v, "long")).toEqual({
      valueCount: 8,
      nullCount: 0,
      lower: -(2n ** 63n),
      upper: 2n ** 63n - 1n,
    });
    const small = arrow.makeVector(new BigInt64Array([4294967296n, 4294967295n, -4294967296n, -4294967295n]));
    expect(columnStats(small, "long")).toMatchObject({ lower: -4294967296n, upper: 4294967296n });
    const withNulls = arrow.vectorFromArray([null, 3n, null, -2n], new arrow.Int64());
    expect(columnStats(withNulls, "long")).toEqual({ valueCount: 4, nullCount: 2, lower: -2n, upper: 3n });
  });
});

describe("columnStats on strings", () => {
  it("agrees with a byte-wise sort on prefixes, ties and multi-byte characters", () => {
    const enc = new TextEncoder();
    const words = [
      "",
      "a",
      "ab",
      "ab\u0000",
      "abcd",
      "abcde",
      "abcc",
      "é",
      "e\u0301",
      "\u{1F600}",
      "zz",
      "abcd\u00ff",
    ];
    for (let k = 0; k < 20; k++) {
      const sample = words.filter((_, i) => (i * 7 + k) % 3 !== 0);
      const sorted = [...sample].sort((x, y) => Buffer.compare(enc.encode(x), enc.encode(y)));
      const s = columnStats(arrow.vectorFromArray(sample, new arrow.Utf8()), "string");
      expect([s.lower, s.upper]).toEqual([sorted[0], sorted[sorted.length - 1]]);
    }
  });
});
