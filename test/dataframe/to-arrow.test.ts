import {
  Bool,
  Field,
  Float64,
  Int32,
  Int64,
  Null,
  Schema,
  type Table,
  Timestamp,
  TimeUnit,
  Type,
  tableFromIPC,
  tableToIPC,
  Utf8,
} from "apache-arrow";
import { describe, expect, it } from "vitest";
import { toArrow } from "../../src/dataframe";
import { isLakelabError } from "../../src/errors";

const BIG = 9_007_199_254_740_993n; // 2^53 + 1: not representable as a JS number

function typeOf(table: Table, name: string): string {
  return String(table.schema.fields.find((f) => f.name === name)?.type);
}

function errorOf(fn: () => unknown): unknown {
  try {
    fn();
  } catch (err) {
    return err;
  }
  throw new Error("expected an error");
}

describe("toArrow from records", () => {
  const records = [
    { id: 1n, score: 0.5, text: "a <b>", flag: true, at: new Date(1_700_000_000_123), none: null },
    { id: BIG, score: 2, text: null, flag: false, at: null, none: undefined },
  ];

  it("infers int64, float64, utf8, bool, timestamp[ms] and null, all nullable", () => {
    const table = toArrow(records);
    expect(table.schema.fields.map((f) => `${f.name}:${String(f.type)}:${f.nullable}`)).toEqual([
      "id:Int64:true",
      "score:Float64:true",
      "text:Utf8:true",
      "flag:Bool:true",
      "at:Timestamp<MILLISECOND>:true",
      "none:Null:true",
    ]);
  });

  it("keeps values exactly, including int64 beyond 2^53, after an Arrow IPC round trip", () => {
    const table = tableFromIPC(tableToIPC(toArrow(records)));
    expect(table.numRows).toBe(2);
    expect(table.getChild("id")!.toArray()).toEqual(new BigInt64Array([1n, BIG]));
    expect([...table.getChild("score")!]).toEqual([0.5, 2]);
    expect([...table.getChild("text")!]).toEqual(["a <b>", null]);
    expect([...table.getChild("flag")!]).toEqual([true, false]);
    expect(table.getChild("at")!.get(0)).toBe(1_700_000_000_123);
    expect(table.getChild("at")!.get(1)).toBeNull();
    expect(table.getChild("none")!.nullCount).toBe(2);
  });

  it("fills keys missing from some records with nulls, in first-seen column order", () => {
    const table = toArrow([{ a: 1 }, { b: "x" }, { a: 3, b: "z" }]);
    expect(table.schema.fields.map((f) => f.name)).toEqual(["a", "b"]);
    expect([...table.getChild("a")!]).toEqual([1, null, 3]);
    expect([...table.getChild("b")!]).toEqual([null, "x", "z"]);
  });

  it("reads whole numbers mixed with bigint as int64 and arrays as lists", () => {
    const table = toArrow([
      { n: 1, words: ["a", "b"] },
      { n: 2n, words: [] },
    ]);
    expect(typeOf(table, "n")).toBe("Int64");
    expect([...table.getChild("n")!]).toEqual([1n, 2n]);
    expect(typeOf(table, "words")).toBe("List<Utf8>");
    expect([...table.getChild("words")!.get(0)]).toEqual(["a", "b"]);
  });

  it("rejects columns mixing kinds and unmappable objects with INVALID_ARGUMENT naming the column", () => {
    const mixed = errorOf(() => toArrow([{ v: 1 }, { v: "1" }]));
    expect(isLakelabError(mixed, "INVALID_ARGUMENT")).toBe(true);
    expect((mixed as Error).message).toContain("column 'v' mixes number and string");
    const fractional = errorOf(() => toArrow([{ v: 1.5 }, { v: 2n }]));
    expect(isLakelabError(fractional, "INVALID_ARGUMENT")).toBe(true);
    const object = errorOf(() => toArrow([{ v: new Map() }]));
    expect((object as Error).message).toContain("column 'v' holds a Map");
  });

  it("gives an empty table with no columns for no records", () => {
    const table = toArrow([]);
    expect(table.numRows).toBe(0);
    expect(table.numCols).toBe(0);
  });
});

describe("toArrow with a schema", () => {
  it("uses a partial type map and converts numbers, decimal strings and bigints to fit", () => {
    const table = toArrow(
      [
        { id: 7, big: "9007199254740993", f: 3n, at: new Date(1500) },
        { id: null, big: null, f: null, at: 1700 },
      ],
      {
        schema: {
          id: new Int64(),
          big: new Int64(),
          f: new Float64(),
          at: new Timestamp(TimeUnit.MICROSECOND, "UTC"),
        },
      },
    );
    expect([...table.getChild("id")!]).toEqual([7n, null]);
    expect(table.getChild("big")!.get(0)).toBe(BIG);
    expect([...table.getChild("f")!]).toEqual([3, null]);
    expect(typeOf(table, "at")).toBe("Timestamp<MICROSECOND, UTC>");
    expect(table.getChild("at")!.toArray()).toEqual(new BigInt64Array([1_500_000n, 1_700_000n]));
  });

  it("keeps a full Schema's order, nullability and field metadata, appending unlisted columns", () => {
    const schema = new Schema([
      new Field("label", new Float64(), false, new Map([["PARQUET:field_id", "2"]])),
      new Field("id", new Int32(), true, new Map([["PARQUET:field_id", "1"]])),
    ]);
    const table = toArrow([{ id: 1, label: 0, extra: true }], { schema });
    expect(table.schema.fields.map((f) => f.name)).toEqual(["label", "id", "extra"]);
    expect(table.schema.fields[0]!.nullable).toBe(false);
    expect(table.schema.fields[0]!.metadata.get("PARQUET:field_id")).toBe("2");
    expect(table.schema.fields[1]!.type.typeId).toBe(Type.Int);
    expect(typeOf(table, "extra")).toBe("Bool");
    expect(tableFromIPC(tableToIPC(table)).schema.fields[1]!.metadata.get("PARQUET:field_id")).toBe("1");
  });

  it("refuses nulls in a required field and values that do not fit, with their codes", () => {
    const schema = new Schema([new Field("label", new Float64(), false)]);
    const nulls = errorOf(() => toArrow([{ label: null }], { schema }));
    expect(isLakelabError(nulls, "NULL_IN_REQUIRED_COLUMN")).toBe(true);
    const wrong = errorOf(() => toArrow([{ label: 1 }, { label: "spam" }], { schema }));
    expect(isLakelabError(wrong, "SCHEMA_MISMATCH")).toBe(true);
    expect((wrong as Error).message).toContain("column 'label' is Float64 but row 1 holds string");
    const unsafe = errorOf(() => toArrow([{ id: 2 ** 60 }], { schema: { id: new Int64() } }));
    expect(isLakelabError(unsafe, "SCHEMA_MISMATCH")).toBe(true);
    const notNull = errorOf(() => toArrow([{ x: 1 }], { schema: { x: new Null() } }));
    expect(isLakelabError(notNull, "SCHEMA_MISMATCH")).toBe(true);
  });

  it("returns an Arrow Table unchanged", () => {
    const table = toArrow([{ a: true }], { schema: { a: new Bool() } });
    expect(toArrow(table)).toBe(table);
    expect(typeOf(toArrow([{ s: "x" }], { schema: { s: new Utf8() } }), "s")).toBe("Utf8");
  });
});
