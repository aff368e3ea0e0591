import * as arrow from "apache-arrow";
import { LakelabError } from "../../errors";
import type { Schema } from "../spec/schema";
import { arrowToIcebergSchema } from "./arrow-to-iceberg-schema";
import { canPromote, typeName } from "./arrow-to-iceberg-type";
import { castData } from "./cast-data";
import { icebergToArrowSchema } from "./iceberg-to-arrow-schema";

/**
 * Checks appended data against a table schema and returns it in the table's column order and
 * exact Arrow types, every field carrying its Iceberg field id. A missing optional column is
 * written as nulls. Missing required columns, extra columns and types that Iceberg cannot
 * promote → SCHEMA_MISMATCH; nulls in a required column → NULL_IN_REQUIRED_COLUMN.
 */
export function conformToSchema(data: arrow.Table, schema: Schema, tableName: string): arrow.Table {
  const target = icebergToArrowSchema(schema);
  const known = new Set(schema.fields.map((f) => f.name));
  for (const f of data.schema.fields) {
    if (!known.has(f.name)) {
      throw new LakelabError(
        "SCHEMA_MISMATCH",
        `column '${f.name}' is not in ${tableName}; its columns are ${[...known].join(", ")}`,
        { context: { table: tableName, column: f.name } },
      );
    }
  }
  const dataTypes = arrowToIcebergSchema(data.schema).schema.fields;
  const positions = schema.fields.map((field) => {
    const index = data.schema.fields.findIndex((f) => f.name === field.name);
    if (index < 0 && field.required) {
      throw new LakelabError(
        "SCHEMA_MISMATCH",
        `required column '${field.name}' (${typeName(field.type)}) of ${tableName} is missing from the data`,
        { context: { table: tableName, column: field.name } },
      );
    }
    if (index >= 0) {
      const got = dataTypes[index]!.type;
      const compatible =
        typeof field.type === "string" ? canPromote(got, field.type) : sameShape(got, field.type);
      if (!compatible) {
        throw new LakelabError(
          "SCHEMA_MISMATCH",
          `column '${field.name}' is ${typeName(field.type)} in ${tableName} but ${typeName(got)} in the data`,
          { context: { table: tableName, column: field.name, tableType: field.type, dataType: got } },
        );
      }
      const nulls = data.getChildAt(index)!.nullCount;
      if (field.required && nulls > 0) {
        throw new LakelabError(
          "NULL_IN_REQUIRED_COLUMN",
          `column '${field.name}' of ${tableName} is required but the data has ${nulls} null value(s)`,
          { context: { table: tableName, column: field.name, nulls } },
        );
      }
    }
    return index;
  });
  const batches = data.batches.map((batch) => {
    const children = target.fields.map((f, i) => {
      const index = positions[i]!;
      if (index < 0) return arrow.makeData({ type: f.type, length: batch.numRows, nullCount: batch.numRows });
      return castData(batch.data.children[index]!, f.type);
    });
    const struct = arrow.makeData({
      type: new arrow.Struct(target.fields),
      length: batch.numRows,
      nullCount: 0,
      children: unshareBuffers(children),
    });
    return new arrow.RecordBatch(target, struct);
  });
  return new arrow.Table(target, batches);
}

/**
 * Copies a column's buffers when an earlier column holds the very same typed array (one vector
 * used for two columns): apache-arrow's IPC writer emits a corrupt stream for shared buffers.
 */
function unshareBuffers(children: arrow.Data[]): arrow.Data[] {
  const seen = new Set<unknown>();
  return children.map((d) => {
    const buffers = [d.valueOffsets, d.values, d.nullBitmap] as (ArrayBufferView | undefined)[];
    const shared = buffers.some((b) => b !== undefined && b.byteLength > 0 && seen.has(b));
    for (const b of buffers) if (b) seen.add(b);
    if (!shared) return d;
    const copy = (b: unknown) => (b as { slice?: () => unknown } | undefined)?.slice?.();
    return d.clone(d.type, d.offset, d.length, d.nullCount, [
      copy(d.valueOffsets),
      copy(d.values),
      copy(d.nullBitmap),
    ] as never);
  });
}

function sameShape(a: unknown, b: unknown): boolean {
  const strip = (t: unknown): string =>
    JSON.stringify(t, (k, v) => (k === "id" || k.endsWith("Id") ? undefined : v));
  return strip(a) === strip(b);
}
