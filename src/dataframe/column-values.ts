import { type DataType, type Table, Type, type Vector } from "apache-arrow";

/**
 * The plain JS values of one Arrow column, in row order: int64 → bigint, other integers and
 * floats → number, utf8 (also dictionary-encoded) → string, bool → boolean, timestamp and date →
 * Date (millisecond precision: finer units are floored to the millisecond), list → array,
 * struct → object, null → null.
 */
export function columnValues(vector: Vector): unknown[] {
  const out = new Array<unknown>(vector.length);
  for (let i = 0; i < vector.length; i++) out[i] = plainValue(vector.type, vector.get(i));
  return out;
}

/** Every column of `table` as plain JS values (see `columnValues`), keyed by column name. */
export function tableColumns(table: Table): Map<string, unknown[]> {
  const columns = new Map<string, unknown[]>();
  table.schema.fields.forEach((field, i) => {
    const vector = table.getChildAt(i);
    columns.set(field.name, vector === null ? [] : columnValues(vector));
  });
  return columns;
}

/** Converts one value as Arrow's `Vector.get` returns it into the plain JS value documented above. */
export function plainValue(type: DataType, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  switch (type.typeId) {
    case Type.Timestamp:
    case Type.Date:
      // arrow-js returns epoch milliseconds (fractional for µs/ns units)
      return new Date(Math.floor(Number(value)));
    case Type.List:
    case Type.FixedSizeList: {
      const child = type.children[0]!.type;
      return Array.from(value as Iterable<unknown>, (v) => plainValue(child, v));
    }
    case Type.Struct: {
      const row = value as Record<string, unknown>;
      const out: Record<string, unknown> = {};
      for (const field of type.children) out[field.name] = plainValue(field.type, row[field.name]);
      return out;
    }
    case Type.Dictionary:
      return plainValue((type as DataType & { dictionary: DataType }).dictionary, value);
    default:
      return value;
  }
}
