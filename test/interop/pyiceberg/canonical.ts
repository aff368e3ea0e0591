/**
 * One value form both readers can be compared in: the Python script prints the same shapes
 * (timestamps as epoch microseconds, dates as epoch days, binary as hex, maps as objects), and
 * every integer becomes a bigint on both sides, whatever size it had in JSON.
 */
import * as arrow from "apache-arrow";

const MS_PER_DAY = 86_400_000;

/** Integers (number or bigint) → bigint, recursively; everything else unchanged. */
export function canon(v: unknown): unknown {
  if (typeof v === "bigint") return v;
  if (typeof v === "number") return Number.isInteger(v) ? BigInt(v) : v;
  if (Array.isArray(v)) return v.map(canon);
  if (v !== null && typeof v === "object") {
    return Object.fromEntries(Object.entries(v as Record<string, unknown>).map(([k, x]) => [k, canon(x)]));
  }
  return v;
}

const hex = (b: Uint8Array) => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString("hex");

/** An Arrow value of `type` in the canonical form (before `canon`). */
function value(type: arrow.DataType, v: unknown): unknown {
  if (v === null || v === undefined) return null;
  if (arrow.DataType.isTimestamp(type)) return BigInt(Math.round((v as number) * 1000));
  if (arrow.DataType.isDate(type)) return Math.round((v as number) / MS_PER_DAY);
  if (arrow.DataType.isBinary(type) || arrow.DataType.isFixedSizeBinary(type)) return hex(v as Uint8Array);
  if (arrow.DataType.isStruct(type)) {
    const row = v as arrow.StructRowProxy;
    return Object.fromEntries(type.children.map((f) => [f.name, value(f.type, row[f.name])]));
  }
  if (arrow.DataType.isMap(type)) {
    const entry = type.children[0]!.type as arrow.Struct;
    const [kType, vType] = [entry.children[0]!.type, entry.children[1]!.type];
    const out: Record<string, unknown> = {};
    for (const [k, x] of v as Iterable<[unknown, unknown]>) out[String(value(kType, k))] = value(vType, x);
    return out;
  }
  if (arrow.DataType.isList(type))
    return [...(v as Iterable<unknown>)].map((x) => value(type.children[0]!.type, x));
  return v;
}

/** The rows of an Arrow table as canonical objects. */
export function canonRows(table: arrow.Table): Record<string, unknown>[] {
  const fields = table.schema.fields;
  return table
    .toArray()
    .map(
      (row) =>
        canon(Object.fromEntries(fields.map((f) => [f.name, value(f.type, row[f.name])]))) as Record<
          string,
          unknown
        >,
    );
}

/** Rows keeping only `columns`, sorted by their JSON text, so two readers' orders do not matter. */
export function comparable(rows: readonly unknown[], columns?: readonly string[]): unknown[] {
  const picked = rows.map((r) =>
    columns ? Object.fromEntries(columns.map((c) => [c, (r as Record<string, unknown>)[c]])) : r,
  );
  const key = (x: unknown) => JSON.stringify(x, (_k, v) => (typeof v === "bigint" ? `${v}n` : v));
  return picked.map((r) => canon(r)).sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}
