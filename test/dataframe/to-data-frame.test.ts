import { Bool, Field, Float64, Int64, Schema, Table, Timestamp, TimeUnit, Utf8 } from "apache-arrow";
import type { DataFrame } from "danfojs";
import { describe, expect, it } from "vitest";
import { fromArrowLike, isDataFrame, toArrow, toDataFrame, toRecords } from "../../src/dataframe";

const danfo = require("danfojs") as typeof import("danfojs");
const BIG = 9_007_199_254_740_993n;

const schema = new Schema([
  new Field("id", new Int64(), false, new Map([["PARQUET:field_id", "1"]])),
  new Field("text", new Utf8(), true),
  new Field("label", new Float64(), true),
  new Field("flag", new Bool(), true),
  new Field("at", new Timestamp(TimeUnit.MICROSECOND, "UTC"), true),
  new Field("local", new Timestamp(TimeUnit.MILLISECOND, null), true),
]);
const records = [
  { id: 1n, text: "ham", label: 0, flag: true, at: new Date(1_000), local: new Date(2_000) },
  { id: 2n, text: null, label: 1, flag: null, at: null, local: new Date(3_000) },
  { id: 3n, text: "spam", label: null, flag: false, at: new Date(4_000), local: null },
];

function column(frame: DataFrame, name: string): unknown[] {
  return [...frame.column(name).values];
}

describe("toDataFrame", () => {
  const table = toArrow(records, { schema });

  it("gives a danfojs DataFrame whose Series hold the column values and danfojs dtypes", () => {
    const frame = toDataFrame(table);
    expect(frame).toBeInstanceOf(danfo.DataFrame);
    expect(frame.shape).toEqual([3, 6]);
    expect(frame.columns).toEqual(["id", "text", "label", "flag", "at", "local"]);
    expect(frame.dtypes).toEqual(["int32", "string", "float32", "boolean", "datetime", "datetime"]);
    expect(column(frame, "id")).toEqual([1, 2, 3]);
    expect(column(frame, "text")).toEqual(["ham", null, "spam"]);
    expect(column(frame, "label")).toEqual([0, 1, null]);
    expect(column(frame, "flag")).toEqual([true, null, false]);
    expect(column(frame, "at")).toEqual([new Date(1_000), null, new Date(4_000)]);
    expect(frame.query(frame.column("label").eq(1)).column("text").values).toEqual([null]);
  });

  it("keeps int64 beyond 2^53 exact as decimal strings", () => {
    const frame = toDataFrame(toArrow([{ id: BIG }, { id: 1n }]));
    expect(frame.dtypes).toEqual(["string"]);
    expect(column(frame, "id")).toEqual(["9007199254740993", "1"]);
    expect(toArrow(frame).getChild("id")!.toArray()).toEqual(new BigInt64Array([BIG, 1n]));
  });

  it("round-trips Arrow → DataFrame → Arrow with the same schema, metadata and values", () => {
    const back = toArrow(toDataFrame(table));
    expect(back.schema.fields.map((f) => `${f.name}:${String(f.type)}:${f.nullable}`)).toEqual(
      schema.fields.map((f) => `${f.name}:${String(f.type)}:${f.nullable}`),
    );
    expect(back.schema.fields[0]!.metadata.get("PARQUET:field_id")).toBe("1");
    expect(toRecords(back)).toEqual(records);
  });

  it("round-trips an empty table with its columns", () => {
    const empty = new Table(schema);
    const frame = toDataFrame(empty);
    expect(frame.columns).toEqual(schema.fields.map((f) => f.name));
    const back = toArrow(frame);
    expect(back.numRows).toBe(0);
    expect(back.schema.fields.map((f) => String(f.type))).toEqual(schema.fields.map((f) => String(f.type)));
  });

  it("infers afresh a column replaced with values of another kind", () => {
    const frame = toDataFrame(table);
    frame.addColumn("label", ["a", "b", "c"], { inplace: true });
    const back = toArrow(frame);
    expect(String(back.schema.fields.find((f) => f.name === "label")!.type)).toBe("Utf8");
    expect(String(back.schema.fields.find((f) => f.name === "at")!.type)).toBe("Timestamp<MICROSECOND, UTC>");
  });
});

describe("toArrow from a DataFrame built by danfojs", () => {
  it("infers float64, utf8, bool and timestamp from danfojs columns", () => {
    const frame = new danfo.DataFrame({
      n: [1, 2.5, null],
      s: ["a", "b", "c"],
      b: [true, false, true],
      d: [new Date(10), new Date(20), null],
    });
    expect(isDataFrame(frame)).toBe(true);
    const table = toArrow(frame);
    expect(table.schema.fields.map((f) => String(f.type))).toEqual([
      "Float64",
      "Utf8",
      "Bool",
      "Timestamp<MILLISECOND>",
    ]);
    expect(toRecords(table)).toEqual([
      { n: 1, s: "a", b: true, d: new Date(10) },
      { n: 2.5, s: "b", b: false, d: new Date(20) },
      { n: null, s: "c", b: true, d: null },
    ]);
  });

  it("reads danfojs's NaN markers of missing values as nulls, except in columns of numbers", () => {
    const frame = new danfo.DataFrame({ s: ["a", Number.NaN, "c"], n: [1, Number.NaN, 3] });
    const table = toArrow(frame);
    expect(table.schema.fields.map((f) => String(f.type))).toEqual(["Utf8", "Float64"]);
    expect([...table.getChild("s")!]).toEqual(["a", null, "c"]);
    expect(table.getChild("n")!.get(1)).toBeNaN();
  });
});

describe("isDataFrame and fromArrowLike", () => {
  const table = toArrow([{ x: 1n }]);

  it("tells DataFrames from Series, tables, records and primitives", () => {
    expect(isDataFrame(toDataFrame(table))).toBe(true);
    expect(isDataFrame(new danfo.Series([1, 2]))).toBe(false);
    expect(isDataFrame(table)).toBe(false);
    expect(isDataFrame([{ x: 1 }])).toBe(false);
    expect(isDataFrame(null)).toBe(false);
  });

  it("answers in the kind of the input", () => {
    expect(fromArrowLike(toArrow([{ y: 1 }]), table)).toBe(table);
    expect(fromArrowLike([{ y: 1 }], table)).toEqual([{ x: 1n }]);
    const frame = fromArrowLike(new danfo.DataFrame({ y: [1] }), table);
    expect(isDataFrame(frame)).toBe(true);
    expect(column(frame, "x")).toEqual([1]);
  });
});
