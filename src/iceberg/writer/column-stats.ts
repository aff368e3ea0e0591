import type * as arrow from "apache-arrow";
import type { PrimitiveType } from "../spec/schema";

/** Metrics of one column of one data file; bounds are in the spec's in-memory form. */
export interface ColumnStats {
  /** Values including nulls (Iceberg's value_counts). */
  readonly valueCount: number;
  readonly nullCount: number;
  readonly nanCount?: number;
  readonly lower?: unknown;
  readonly upper?: unknown;
}

/** Iceberg's default metrics mode truncate(16): string and binary bounds keep 16 characters / bytes. */
export const DEFAULT_TRUNCATE_LENGTH = 16;

/**
 * Value, null and NaN counts and min/max of a column, computed in one pass over each chunk's
 * typed arrays. Strings are compared as UTF-8 bytes (Iceberg's order), without decoding.
 * Types without bound support here (decimal, fixed, uuid) get counts only.
 */
export function columnStats(vector: arrow.Vector, type: PrimitiveType): ColumnStats {
  const nullCount = vector.nullCount;
  const valueCount = vector.length;
  if (nullCount === valueCount) return { valueCount, nullCount, ...(isFloat(type) ? { nanCount: 0 } : {}) };
  switch (type) {
    case "int":
    case "date":
    case "long":
    case "time":
    case "timestamp":
    case "timestamptz":
    case "timestamp_ns":
    case "timestamptz_ns":
      return { valueCount, nullCount, ...numericBounds(vector) };
    case "float":
    case "double": {
      const { lower, upper, nanCount } = floatBounds(vector);
      return { valueCount, nullCount, nanCount, lower, upper };
    }
    case "boolean":
      return { valueCount, nullCount, ...booleanBounds(vector) };
    case "string":
      return { valueCount, nullCount, ...bytesBounds(vector, true) };
    case "binary":
      return { valueCount, nullCount, ...bytesBounds(vector, false) };
    default:
      return { valueCount, nullCount };
  }
}

function isFloat(type: PrimitiveType): boolean {
  return type === "float" || type === "double";
}

function valid(d: arrow.Data, i: number): boolean {
  if (d.nullCount === 0) return true;
  const j = d.offset + i;
  return ((d.nullBitmap![j >> 3]! >> (j & 7)) & 1) === 1;
}

function numericBounds(vector: arrow.Vector): { lower?: unknown; upper?: unknown } {
  if (vector.data.every((d) => d.values instanceof BigInt64Array)) return int64Bounds(vector);
  let lo: number | bigint | undefined;
  let hi: number | bigint | undefined;
  for (const d of vector.data) {
    const values = d.values as Int32Array | BigInt64Array;
    for (let i = 0; i < d.length; i++) {
      if (!valid(d, i)) continue;
      const v = values[i]!;
      if (lo === undefined || v < lo) lo = v;
      if (hi === undefined || v > hi) hi = v;
    }
  }
  return { lower: lo, upper: hi };
}

/**
 * Min/max of 64-bit integers without reading them as BigInt (which allocates per element):
 * compares the signed high and unsigned low 32-bit words (little-endian), then reads the two winners.
 */
function int64Bounds(vector: arrow.Vector): { lower?: bigint; upper?: bigint } {
  let lo: bigint | undefined;
  let hi: bigint | undefined;
  for (const d of vector.data) {
    const values = d.values as BigInt64Array;
    const words = new Int32Array(values.buffer, values.byteOffset, values.length * 2);
    let loI = -1;
    let hiI = -1;
    let loH = 0;
    let loL = 0;
    let hiH = 0;
    let hiL = 0;
    const dense = d.nullCount === 0;
    for (let i = 0; i < d.length; i++) {
      if (!dense && !valid(d, i)) continue;
      const h = words[2 * i + 1]!;
      const l = words[2 * i]! >>> 0;
      if (loI < 0 || h < loH || (h === loH && l < loL)) {
        loI = i;
        loH = h;
        loL = l;
      }
      if (hiI < 0 || h > hiH || (h === hiH && l > hiL)) {
        hiI = i;
        hiH = h;
        hiL = l;
      }
    }
    if (loI < 0) continue;
    const a = values[loI]!;
    const b = values[hiI]!;
    if (lo === undefined || a < lo) lo = a;
    if (hi === undefined || b > hi) hi = b;
  }
  return { lower: lo, upper: hi };
}

function floatBounds(vector: arrow.Vector): { lower?: number; upper?: number; nanCount: number } {
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  let nan = 0;
  let seen = false;
  for (const d of vector.data) {
    const values = d.values as Float32Array | Float64Array;
    const dense = d.nullCount === 0;
    for (let i = 0; i < d.length; i++) {
      if (!dense && !valid(d, i)) continue;
      const v = values[i]!;
      if (Number.isNaN(v)) {
        nan++;
        continue;
      }
      seen = true;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
  }
  return seen ? { lower: lo, upper: hi, nanCount: nan } : { nanCount: nan };
}

function booleanBounds(vector: arrow.Vector): { lower?: boolean; upper?: boolean } {
  let anyTrue = false;
  let anyFalse = false;
  for (const d of vector.data) {
    for (let i = 0; i < d.length; i++) {
      if (!valid(d, i)) continue;
      const j = d.offset + i;
      if ((d.values[j >> 3]! >> (j & 7)) & 1) anyTrue = true;
      else anyFalse = true;
    }
  }
  return { lower: !anyFalse, upper: anyTrue };
}

function prefixKey(b: Uint8Array, s: number, e: number): number {
  const n = e - s;
  return (
    ((n > 0 ? b[s]! << 24 : 0) |
      (n > 1 ? b[s + 1]! << 16 : 0) |
      (n > 2 ? b[s + 2]! << 8 : 0) |
      (n > 3 ? b[s + 3]! : 0)) >>>
    0
  );
}

/** Unsigned lexicographic comparison of two byte ranges. */
function compareBytes(a: Uint8Array, as: number, ae: number, b: Uint8Array, bs: number, be: number): number {
  const n = Math.min(ae - as, be - bs);
  for (let k = 0; k < n; k++) {
    const x = a[as + k]!;
    const y = b[bs + k]!;
    if (x !== y) return x - y;
  }
  return ae - as - (be - bs);
}

function bytesBounds(vector: arrow.Vector, utf8: boolean): { lower?: unknown; upper?: unknown } {
  let lo: Uint8Array | undefined;
  let hi: Uint8Array | undefined;
  for (const d of vector.data) {
    const offsets = d.valueOffsets as Int32Array;
    const bytes = d.values as Uint8Array;
    let loIdx = -1;
    let hiIdx = -1;
    let loKey = 0;
    let hiKey = 0;
    const dense = d.nullCount === 0;
    for (let i = 0; i < d.length; i++) {
      if (!dense && !valid(d, i)) continue;
      const s = offsets[i]!;
      const e = offsets[i + 1]!;
      // The first four bytes as an unsigned big-endian number (zero-padded) order strings the
      // same way as far as they go; only ties need the full byte comparison.
      const key = prefixKey(bytes, s, e);
      if (
        loIdx < 0 ||
        key < loKey ||
        (key === loKey && compareBytes(bytes, s, e, bytes, offsets[loIdx]!, offsets[loIdx + 1]!) < 0)
      ) {
        loIdx = i;
        loKey = key;
      }
      if (
        hiIdx < 0 ||
        key > hiKey ||
        (key === hiKey && compareBytes(bytes, s, e, bytes, offsets[hiIdx]!, offsets[hiIdx + 1]!) > 0)
      ) {
        hiIdx = i;
        hiKey = key;
      }
    }
    if (loIdx < 0) continue;
    const l = bytes.subarray(offsets[loIdx]!, offsets[loIdx + 1]!);
    const h = bytes.subarray(offsets[hiIdx]!, offsets[hiIdx + 1]!);
    if (!lo || compareBytes(l, 0, l.length, lo, 0, lo.length) < 0) lo = l;
    if (!hi || compareBytes(h, 0, h.length, hi, 0, hi.length) > 0) hi = h;
  }
  if (!lo || !hi) return {};
  if (!utf8) {
    const upper = truncateBinaryUpper(hi, DEFAULT_TRUNCATE_LENGTH);
    return { lower: lo.slice(0, DEFAULT_TRUNCATE_LENGTH), ...(upper ? { upper } : {}) };
  }
  const decoder = new TextDecoder();
  const upper = truncateStringUpper(decoder.decode(hi), DEFAULT_TRUNCATE_LENGTH);
  return {
    lower: [...decoder.decode(lo)].slice(0, DEFAULT_TRUNCATE_LENGTH).join(""),
    ...(upper !== undefined ? { upper } : {}),
  };
}

/** The smallest string of at most `n` code points that is ≥ every string starting with `s`'s prefix. */
export function truncateStringUpper(s: string, n: number): string | undefined {
  const cps = [...s];
  if (cps.length <= n) return s;
  const head = cps.slice(0, n);
  for (let i = head.length - 1; i >= 0; i--) {
    let cp = head[i]!.codePointAt(0)! + 1;
    if (cp >= 0xd800 && cp <= 0xdfff) cp = 0xe000;
    if (cp <= 0x10ffff) return head.slice(0, i).join("") + String.fromCodePoint(cp);
  }
  return undefined;
}

/** Binary counterpart of `truncateStringUpper`: increments the last byte below 0xff. */
export function truncateBinaryUpper(b: Uint8Array, n: number): Uint8Array | undefined {
  if (b.length <= n) return b.slice();
  const head = b.slice(0, n);
  for (let i = head.length - 1; i >= 0; i--) {
    if (head[i]! < 0xff) {
      head[i]! += 1;
      return head.slice(0, i + 1);
    }
  }
  return undefined;
}
