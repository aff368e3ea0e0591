import { MessageChannel } from "node:worker_threads";
import * as arrow from "apache-arrow";
import { describe, expect, it } from "vitest";
import { LakelabError } from "../../../src/errors";
import {
  type SharedData,
  type SharedTable,
  sharedBytes,
  shareTable,
  unshareTable,
} from "../../../src/iceberg/parallel/shared-table";
import { rowsOf } from "./plain-rows";

/** Shared memory just large enough for the table. */
function memoryFor(t: arrow.Table): SharedArrayBuffer {
  return new SharedArrayBuffer(Math.max(8, sharedBytes(t)));
}

const fieldId = (id: number) => new Map([["PARQUET:field_id", String(id)]]);

const ENTRIES = new arrow.Struct([
  new arrow.Field("key", new arrow.Utf8(), false, fieldId(15)),
  new arrow.Field("value", new arrow.Int64(), true, fieldId(16)),
]);

/** Every column kind a lakelab table holds, each with field ids, nested ones included. */
const SCHEMA = new arrow.Schema(
  [
    new arrow.Field("i", new arrow.Int32(), true, fieldId(1)),
    new arrow.Field("l", new arrow.Int64(), false, fieldId(2)),
    new arrow.Field("f", new arrow.Float64(), true, fieldId(3)),
    new arrow.Field("s", new arrow.Utf8(), true, fieldId(4)),
    new arrow.Field("bin", new arrow.Binary(), true, fieldId(5)),
    new arrow.Field("ok", new arrow.Bool(), true, fieldId(6)),
    new arrow.Field("d", new arrow.DateDay(), true, fieldId(7)),
    new arrow.Field("ts", new arrow.TimestampMicrosecond("UTC"), true, fieldId(8)),
    new arrow.Field("dec", new arrow.Decimal(2, 10, 128), true, fieldId(9)),
    new arrow.Field("fx", new arrow.FixedSizeBinary(4), true, fieldId(10)),
    new arrow.Field(
      "li",
      new arrow.List(new arrow.Field("element", new arrow.Int32(), true, fieldId(17))),
      true,
      fieldId(11),
    ),
    new arrow.Field(
      "st",
      new arrow.Struct([
        new arrow.Field("a", new arrow.Int32(), true, fieldId(18)),
        new arrow.Field("b", new arrow.Utf8(), true, fieldId(19)),
      ]),
      true,
      fieldId(12),
    ),
    new arrow.Field("m", new arrow.Map_(new arrow.Field("entries", ENTRIES, false)), true, fieldId(13)),
  ],
  new Map([["iceberg.schema", '{"schema-id":0}']]),
);

const WORDS = ["", "a", "é", "日本語", "naïve café", "🙂 emoji", "ASCII only", "ß"];

function decimal(unscaled: number): Uint32Array {
  const words = new Uint32Array(4);
  words[0] = unscaled >>> 0;
  if (unscaled < 0) words.fill(0xffffffff, 1);
  return words;
}

/** The values of row `i`, in the form arrow-js's builders take. */
function values(i: number) {
  return {
    i: i % 3 === 1 ? null : i * 10 - 50,
    l: BigInt(i) * 1_000_000_007n - 2n ** 62n,
    f: i % 5 === 2 ? Number.NaN : i % 7 === 0 ? null : i / 4 - 3,
    s: i % 4 === 3 ? null : `${WORDS[i % WORDS.length]}${i}`,
    bin: i % 6 === 5 ? null : Uint8Array.from({ length: i % 5 }, (_, k) => (i * 31 + k) & 0xff),
    ok: i % 2 === 1 ? null : i % 4 === 0,
    d: i % 9 === 4 ? null : (i - 10) * 86_400_000,
    // Whole microseconds: 0.125 ms is exact in binary, so the builder's ms → µs step is exact.
    ts: i % 8 === 6 ? null : 1_700_000_000_000 + i * 1_000 + 0.125,
    dec: i % 10 === 9 ? null : decimal((i - 20) * 1234),
    fx: i % 7 === 3 ? null : Uint8Array.of(i & 0xff, 1, 2, (255 - i) & 0xff),
    li: i % 5 === 4 ? null : Array.from({ length: i % 4 }, (_, k) => (k === 1 ? null : i + k)),
    st: i % 6 === 1 ? null : { a: i % 3 === 0 ? null : i, b: i % 4 === 0 ? null : `b${i}é` },
    m:
      i % 7 === 5
        ? null
        : new Map(Array.from({ length: i % 3 }, (_, k) => [`k${k}`, k === 1 ? null : BigInt(i * 100 + k)])),
  };
}

/** One record batch of rows [from, to). */
function batch(from: number, to: number): arrow.RecordBatch {
  const rows = Array.from({ length: to - from }, (_, k) => values(from + k));
  const children = SCHEMA.fields.map((field) => {
    const column = rows.map((r) => r[field.name as keyof typeof r]);
    return arrow.vectorFromArray(column as never[], field.type).data[0]!;
  });
  const struct = arrow.makeData({
    type: new arrow.Struct(SCHEMA.fields),
    length: to - from,
    nullCount: 0,
    children,
  });
  return new arrow.RecordBatch(SCHEMA, struct);
}

/** A table of three batches whose lengths are not multiples of 8 (bitmaps end mid-byte). */
function table(): arrow.Table {
  return new arrow.Table(SCHEMA, [batch(0, 13), batch(13, 33), batch(33, 40)]);
}

function fieldMetadata(schema: arrow.Schema): unknown {
  const walk = (f: arrow.Field): unknown => ({
    name: f.name,
    type: String(f.type),
    nullable: f.nullable,
    metadata: Object.fromEntries(f.metadata),
    children: (f.type.children ?? []).map(walk),
  });
  return schema.fields.map(walk);
}

function sharedBuffers(shared: SharedTable): ArrayBufferView[] {
  const out: ArrayBufferView[] = [];
  const walk = (d: SharedData) => {
    for (const b of d.buffers) if (b) out.push(b);
    d.children.forEach(walk);
  };
  for (const b of shared.batches) b.columns.forEach(walk);
  return out;
}

describe("shareTable / unshareTable", () => {
  it("builds the test table as intended (the values the round trips compare)", () => {
    const t = table();
    expect(t.numRows).toBe(40);
    expect(t.batches.map((b) => b.numRows)).toEqual([13, 20, 7]);
    const row = rowsOf(t)[4]!;
    expect(row).toEqual({
      i: null,
      l: `${4n * 1_000_000_007n - 2n ** 62n}n`,
      f: -2,
      s: "naïve café4",
      bin: [124, 125, 126, 127],
      ok: true,
      d: null,
      ts: 1_700_000_004_000.125,
      dec: "decimal -19744",
      fx: [4, 1, 2, 251],
      li: null,
      st: { a: 4, b: null },
      m: { k0: "400n" },
    });
    expect(rowsOf(t)[2]).toMatchObject({ f: "NaN", s: "é2", ok: false, li: [2, null] });
    expect(rowsOf(t)[8]).toMatchObject({ m: { k0: "800n", k1: null } });
    expect(rowsOf(t)[3]!.ok).toBeNull();
  });

  for (const copy of [true, false]) {
    it(`round-trips every column type across several batches (copy=${copy})`, () => {
      const t = table();
      const back = unshareTable(copy ? shareTable(t, memoryFor(t)) : shareTable(t));
      expect(back.numRows).toBe(40);
      expect(back.batches.map((b) => b.numRows)).toEqual([13, 20, 7]);
      expect(rowsOf(back)).toEqual(rowsOf(t));
      expect(back.getChild("i")!.nullCount).toBe(t.getChild("i")!.nullCount);
      expect(back.getChild("ok")!.nullCount).toBe(20);
    });

    it(`keeps field ids (nested ones too), nullability and schema metadata (copy=${copy})`, () => {
      const back = unshareTable(copy ? shareTable(table(), memoryFor(table())) : shareTable(table()));
      expect(fieldMetadata(back.schema)).toEqual(fieldMetadata(SCHEMA));
      expect(back.schema.fields.map((f) => f.metadata.get("PARQUET:field_id"))).toEqual([
        "1",
        "2",
        "3",
        "4",
        "5",
        "6",
        "7",
        "8",
        "9",
        "10",
        "11",
        "12",
        "13",
      ]);
      expect(back.schema.metadata.get("iceberg.schema")).toBe('{"schema-id":0}');
    });

    it(`round-trips a slice that starts and ends inside batches (copy=${copy})`, () => {
      const t = table();
      const sliced = t.slice(3, 17);
      const back = unshareTable(copy ? shareTable(sliced, memoryFor(sliced)) : shareTable(sliced));
      expect(back.numRows).toBe(14);
      expect(rowsOf(back)).toEqual(rowsOf(t).slice(3, 17));
      expect(rowsOf(back)).toEqual(rowsOf(sliced));
    });

    it(`round-trips a one-batch slice at an odd bit offset (copy=${copy})`, () => {
      const t = table();
      const sliced = t.slice(21, 30);
      expect(sliced.batches).toHaveLength(1);
      const back = unshareTable(copy ? shareTable(sliced, memoryFor(sliced)) : shareTable(sliced));
      expect(rowsOf(back)).toEqual(rowsOf(t).slice(21, 30));
      expect([...back.getChild("ok")!]).toEqual([null, false, null, true, null, false, null, true, null]);
    });
  }

  it("with copy, puts every buffer in one SharedArrayBuffer, 8-byte aligned", () => {
    const shared = shareTable(table(), memoryFor(table()));
    const buffers = sharedBuffers(shared);
    expect(buffers.length).toBeGreaterThan(40);
    const memory = buffers[0]!.buffer;
    expect(memory).toBeInstanceOf(SharedArrayBuffer);
    for (const b of buffers) {
      expect(b.buffer).toBe(memory);
      expect(b.byteOffset % 8).toBe(0);
    }
    const back = unshareTable(shared);
    expect(back.getChild("l")!.data[0]!.values.buffer).toBe(memory);
  });

  it("with copy, the shared table does not change when the original's buffers do", () => {
    const t = table();
    const shared = shareTable(t, memoryFor(t));
    const original = t.batches[0]!.data.children;
    (original[1]!.values as BigInt64Array)[0] = 42n; // l
    const s = original[3]!;
    (s.values as Uint8Array)[s.valueOffsets[1] as number] = "Z".charCodeAt(0); // row 1 is "a1"
    expect(t.getChild("l")!.get(0)).toBe(42n);
    expect(t.getChild("s")!.get(1)).toBe("Z1");
    const back = unshareTable(shared);
    expect(back.getChild("l")!.get(0)).toBe(-(2n ** 62n));
    expect(back.getChild("s")!.get(1)).toBe("a1");
  });

  it("without copy, views the table's own buffers", () => {
    const t = table();
    const shared = shareTable(t);
    const first = t.batches[0]!.data.children[1]!;
    expect(shared.batches[0]!.columns[1]!.buffers[1]).toBe(first.values);
    for (const b of sharedBuffers(shared)) expect(b.buffer).not.toBeInstanceOf(SharedArrayBuffer);
  });

  it("passes to another thread without copying the shared memory", async () => {
    const t = table();
    const shared = shareTable(t, memoryFor(t));
    const { port1, port2 } = new MessageChannel();
    const received = new Promise<SharedTable>((resolve) => port2.once("message", resolve));
    port1.postMessage(shared);
    const copy = await received;
    port1.close();
    expect(rowsOf(unshareTable(copy))).toEqual(rowsOf(t));
    // Same memory on both sides: a write through the received copy shows in the sender's.
    (copy.batches[0]!.columns[1]!.buffers[1] as BigInt64Array)[0] = 7n;
    expect(unshareTable(shared).getChild("l")!.get(0)).toBe(7n);
  });

  it("round-trips a dictionary-encoded column (what tableFromArrays makes of strings) or refuses it", () => {
    const t = arrow.tableFromArrays({ s: ["a", "b", "a"], n: Int32Array.of(1, 2, 3) });
    expect(arrow.DataType.isDictionary(t.schema.fields[0]!.type)).toBe(true);
    let back: arrow.Table;
    try {
      back = unshareTable(shareTable(t));
    } catch (err) {
      // Refusing is acceptable; silently losing the values is not.
      expect(err).toBeInstanceOf(LakelabError);
      return;
    }
    expect([...back.getChild("s")!]).toEqual(["a", "b", "a"]);
    expect([...back.getChild("n")!]).toEqual([1, 2, 3]);
  });

  it("round-trips an empty table and a table without batches", () => {
    const empty = table().slice(0, 0);
    const back = unshareTable(shareTable(empty, memoryFor(empty)));
    expect(back.numRows).toBe(0);
    expect(fieldMetadata(back.schema)).toEqual(fieldMetadata(SCHEMA));
    const none = new arrow.Table(SCHEMA);
    const back2 = unshareTable(shareTable(none, memoryFor(none)));
    expect(back2.numRows).toBe(0);
    expect(back2.schema.fields.map((f) => f.name)).toEqual(SCHEMA.fields.map((f) => f.name));
  });
});
