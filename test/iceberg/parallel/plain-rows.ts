import * as arrow from "apache-arrow";

/**
 * A value read from an arrow-js vector as plain comparable data: bigints, NaN and -0 spelled out,
 * bytes as number arrays, decimals as their unscaled integer, nested rows and lists recursively.
 */
export function plain(v: unknown): unknown {
  if (v === null || v === undefined) return null;
  if (typeof v === "bigint") return `${v}n`;
  if (typeof v === "number") return Number.isNaN(v) ? "NaN" : Object.is(v, -0) ? "-0" : v;
  if (v instanceof arrow.Vector) return [...v].map(plain);
  if (ArrayBuffer.isView(v)) {
    // arrow-js's decimal value is a Uint32Array whose toJSON gives the unscaled integer.
    const json = (v as { toJSON?: () => unknown }).toJSON;
    return typeof json === "function"
      ? `decimal ${String(json.call(v)).replaceAll('"', "")}`
      : [...(v as Uint8Array)];
  }
  if (typeof v === "object") {
    const json = (v as { toJSON?: () => unknown }).toJSON;
    const obj = typeof json === "function" ? (json.call(v) as Record<string, unknown>) : v;
    return Object.fromEntries(Object.entries(obj as Record<string, unknown>).map(([k, x]) => [k, plain(x)]));
  }
  return v;
}

/** Every row of a table as an object of plain values, by column name. */
export function rowsOf(t: arrow.Table): Record<string, unknown>[] {
  return Array.from({ length: t.numRows }, (_, r) =>
    Object.fromEntries(t.schema.fields.map((f, c) => [f.name, plain(t.getChildAt(c)!.get(r))])),
  );
}
