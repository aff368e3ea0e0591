import * as arrow from "apache-arrow";
import { describe, expect, it } from "vitest";
import { isLakelabError } from "../../../src/errors";
import {
  arrowToIcebergSchema,
  conformToSchema,
  icebergToArrowSchema,
  PARQUET_FIELD_ID,
} from "../../../src/iceberg/arrow";
import type { Schema } from "../../../src/iceberg/spec";

const schema: Schema = {
  type: "struct",
  schemaId: 0,
  fields: [
    { id: 1, name: "id", required: true, type: "long" },
    { id: 2, name: "text", required: false, type: "string" },
    { id: 3, name: "label", required: false, type: "double" },
    { id: 4, name: "ts", required: false, type: "timestamp" },
    { id: 5, name: "day", required: false, type: "date" },
    { id: 6, name: "amount", required: false, type: "decimal(10, 2)" },
  ],
};

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (err) {
    return isLakelabError(err) ? err.code : "not a LakelabError";
  }
  return undefined;
}

describe("Arrow ⇄ Iceberg schema", () => {
  it("maps every supported type both ways and keeps field ids in PARQUET:field_id", () => {
    const a = icebergToArrowSchema(schema);
    expect(a.fields.map((f) => f.metadata.get(PARQUET_FIELD_ID))).toEqual(["1", "2", "3", "4", "5", "6"]);
    expect(a.fields.map((f) => String(f.type))).toEqual([
      "Int64",
      "Utf8",
      "Float64",
      "Timestamp<MICROSECOND>",
      "Date32<DAY>",
      "Decimal[10e+2]",
    ]);
    expect(a.fields[0]!.nullable).toBe(false);
    const back = arrowToIcebergSchema(a).schema;
    expect(back.fields).toEqual(schema.fields);
  });

  it("infers types from records, nullable as optional, and reuses ids by name", () => {
    const t = arrow.tableFromJSON([{ b: true, n: 1.5, s: "x", big: 2n, at: new Date(0) }]);
    const first = arrowToIcebergSchema(t.schema);
    expect(first.schema.fields.map((f) => [f.id, f.name, f.type, f.required])).toEqual([
      [1, "b", "boolean", false],
      [2, "n", "double", false],
      [3, "s", "string", false],
      [4, "big", "long", false],
      [5, "at", "timestamp", false],
    ]);
    const t2 = arrow.tableFromJSON([{ s: "y", extra: 1 }]);
    const next = arrowToIcebergSchema(t2.schema, { base: first.schema, lastColumnId: first.lastColumnId });
    expect(next.schema.fields.map((f) => f.id)).toEqual([3, 6]);
    expect(next.lastColumnId).toBe(6);
  });

  it("assigns nested ids after the fields of the enclosing struct", () => {
    const nested = new arrow.Schema([
      new arrow.Field("tags", new arrow.List(new arrow.Field("item", new arrow.Utf8(), true)), true),
      new arrow.Field("x", new arrow.Int32(), false),
    ]);
    const s = arrowToIcebergSchema(nested).schema;
    expect(s.fields[0]!.type).toEqual({
      type: "list",
      elementId: 3,
      elementRequired: false,
      element: "string",
    });
    expect(s.fields[1]).toEqual({ id: 2, name: "x", required: true, type: "int" });
  });
});

describe("conformToSchema", () => {
  const name = "default.training";

  it("reorders, promotes and fills missing optional columns with nulls", () => {
    const data = new arrow.Table({
      label: arrow.vectorFromArray([0.5, 1], new arrow.Float32()),
      id: arrow.vectorFromArray([1, 2], new arrow.Int32()),
      ts: arrow.vectorFromArray([1000, -1], new arrow.TimestampMillisecond()),
    });
    const out = conformToSchema(data, schema, name);
    expect(out.schema.fields.map((f) => f.name)).toEqual(["id", "text", "label", "ts", "day", "amount"]);
    expect(out.getChild("id")!.toArray()).toEqual(new BigInt64Array([1n, 2n]));
    expect(out.getChild("text")!.toArray()).toEqual([null, null]);
    expect(out.getChild("label")!.get(0)).toBe(0.5);
    expect([...(out.getChild("ts")!.data[0]!.values as BigInt64Array)]).toEqual([1_000_000n, -1000n]);
    expect(out.schema.fields[3]!.metadata.get(PARQUET_FIELD_ID)).toBe("4");
  });

  it("decodes dictionary strings and converts millisecond dates to days", () => {
    const data = arrow.tableFromJSON([
      { id: 1n, text: "a" },
      { id: 2n, text: "b" },
    ]);
    const out = conformToSchema(data, schema, name);
    expect(String(out.getChild("text")!.type)).toBe("Utf8");
    expect(out.getChild("text")!.toArray()).toEqual(["a", "b"]);
    const days = new arrow.Table({
      id: arrow.vectorFromArray([1n], new arrow.Int64()),
      day: arrow.vectorFromArray([new Date(Date.UTC(2024, 0, 2))], new arrow.DateMillisecond()),
    });
    expect(conformToSchema(days, schema, name).getChild("day")!.data[0]!.values[0]).toBe(19724);
  });

  it("rejects missing required, extra and wrongly typed columns, naming the column and both types", () => {
    const missing = arrow.tableFromJSON([{ text: "a" }]);
    expect(codeOf(() => conformToSchema(missing, schema, name))).toBe("SCHEMA_MISMATCH");
    const extra = arrow.tableFromJSON([{ id: 1n, nope: 1 }]);
    expect(() => conformToSchema(extra, schema, name)).toThrow(/'nope' is not in default.training/);
    const wrong = arrow.tableFromJSON([{ id: 1n, label: "high" }]);
    expect(() => conformToSchema(wrong, schema, name)).toThrow(
      "column 'label' is double in default.training but string in the data",
    );
    const narrowing = arrow.tableFromJSON([{ id: 1.5 }]);
    expect(() => conformToSchema(narrowing, schema, name)).toThrow(/'id' is long .* but double/);
  });

  it("rejects nulls in a required column", () => {
    const data = arrow.tableFromJSON([{ id: 1n }, { id: null }]);
    expect(codeOf(() => conformToSchema(data, schema, name))).toBe("NULL_IN_REQUIRED_COLUMN");
  });

  it("copies buffers one vector shares between two columns, so the IPC stream stays readable", () => {
    const v = arrow.makeVector(new BigInt64Array([1n, 2n, 3n]));
    const two: Schema = {
      type: "struct",
      schemaId: 0,
      fields: [
        { id: 1, name: "a", required: true, type: "long" },
        { id: 2, name: "b", required: true, type: "long" },
      ],
    };
    const out = conformToSchema(new arrow.Table({ a: v, b: v }), two, "t");
    const back = arrow.tableFromIPC(arrow.tableToIPC(out, "stream"));
    expect(back.toArray().map((r) => [r.a, r.b])).toEqual([
      [1n, 1n],
      [2n, 2n],
      [3n, 3n],
    ]);
  });
});
