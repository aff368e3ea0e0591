/**
 * Iceberg values in memory: int/date → number (days for date), long/time/timestamp* → bigint
 * (microseconds; nanoseconds for *_ns), float/double → number, decimal → bigint unscaled value,
 * string/uuid → string, binary/fixed → Uint8Array, boolean → boolean.
 */
import { LakelabError } from "../../errors";
import type { PrimitiveType } from "../spec/schema";

export type IcebergValue = boolean | number | bigint | string | Uint8Array;

const MS_PER_DAY = 86_400_000;
const DECIMAL = /^decimal\((\d+),\s*(\d+)\)$/;

export function decimalScale(type: PrimitiveType): number | undefined {
  const m = DECIMAL.exec(type);
  return m ? Number(m[2]) : undefined;
}

function invalid(type: PrimitiveType, v: unknown, column: string): LakelabError {
  const shown = typeof v === "bigint" ? `${v}n` : v instanceof Date ? v.toISOString() : JSON.stringify(v);
  return new LakelabError(
    "INVALID_ARGUMENT",
    `value ${shown} for column '${column}' is not a valid ${type}`,
    {
      context: { column, type },
    },
  );
}

/** Days since 1970-01-01 of an ISO date `YYYY-MM-DD`. */
export function isoDateToDays(s: string): number | undefined {
  const m = /^(-?\d{4,})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return undefined;
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) / MS_PER_DAY;
}

/** Microseconds since the epoch of an ISO timestamp; no zone means UTC (Iceberg `timestamp`). */
export function isoTimestampToMicros(s: string): bigint | undefined {
  const m =
    /^(-?\d{4,}-\d{2}-\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?(Z|[+-]\d{2}:?\d{2})?$/.exec(
      s,
    );
  if (!m) return undefined;
  const days = isoDateToDays(m[1]!);
  if (days === undefined) return undefined;
  const secs = Number(m[2] ?? 0) * 3600 + Number(m[3] ?? 0) * 60 + Number(m[4] ?? 0);
  const frac = BigInt((m[5] ?? "").padEnd(6, "0").slice(0, 6) || "0");
  let offsetMin = 0;
  if (m[6] && m[6] !== "Z") {
    const z = m[6].replace(":", "");
    offsetMin = (z[0] === "-" ? -1 : 1) * (Number(z.slice(1, 3)) * 60 + Number(z.slice(3, 5)));
  }
  return (BigInt(days) * 86_400n + BigInt(secs - offsetMin * 60)) * 1_000_000n + frac;
}

function toBig(v: unknown): bigint | undefined {
  if (typeof v === "bigint") return v;
  if (typeof v === "number" && Number.isInteger(v)) return BigInt(v);
  if (typeof v === "string" && /^-?\d+$/.test(v)) return BigInt(v);
  return undefined;
}

function decimalUnscaled(v: unknown, scale: number): bigint | undefined {
  if (typeof v === "bigint") return v * 10n ** BigInt(scale);
  const s = typeof v === "number" ? v.toFixed(scale) : typeof v === "string" ? v.trim() : undefined;
  if (s === undefined) return undefined;
  const m = /^(-?)(\d*)(?:\.(\d*))?$/.exec(s);
  if (!m || (m[2] === "" && !m[3])) return undefined;
  const frac = (m[3] ?? "").padEnd(scale, "0");
  if (frac.length > scale && /[1-9]/.test(frac.slice(scale))) return undefined; // would lose digits
  const unscaled = BigInt((m[2] || "0") + frac.slice(0, scale));
  return m[1] === "-" ? -unscaled : unscaled;
}

/** Converts a user or Arrow value (number, bigint, Date, ISO string, bytes) to its Iceberg in-memory form. */
export function toIcebergValue(type: PrimitiveType, v: unknown, column = "value"): IcebergValue | null {
  if (v === null || v === undefined) return null;
  let out: IcebergValue | undefined;
  switch (type) {
    case "boolean":
      out = typeof v === "boolean" ? v : undefined;
      break;
    case "int":
      out = typeof v === "number" && Number.isInteger(v) ? v : typeof v === "bigint" ? Number(v) : undefined;
      break;
    case "long":
    case "time":
      out = toBig(v);
      break;
    case "float":
    case "double":
      out = typeof v === "number" ? v : typeof v === "bigint" ? Number(v) : undefined;
      break;
    case "date":
      if (typeof v === "number" && Number.isInteger(v)) out = v;
      else if (v instanceof Date) out = Math.floor(v.getTime() / MS_PER_DAY);
      else if (typeof v === "string") out = isoDateToDays(v);
      break;
    case "timestamp":
    case "timestamptz":
    case "timestamp_ns":
    case "timestamptz_ns": {
      const scale = type.endsWith("_ns") ? 1000n : 1n;
      if (typeof v === "bigint") out = v;
      else if (v instanceof Date) out = BigInt(v.getTime()) * 1000n * scale;
      // Plain numbers are epoch milliseconds, as JavaScript (and arrow-js) uses them.
      else if (typeof v === "number" && Number.isFinite(v)) out = BigInt(Math.round(v * 1000)) * scale;
      else if (typeof v === "string") {
        const micros = isoTimestampToMicros(v);
        out = micros === undefined ? undefined : micros * scale;
      }
      break;
    }
    case "string":
      out = typeof v === "string" ? v : undefined;
      break;
    case "uuid":
      out =
        typeof v === "string" && /^[0-9a-f]{8}-([0-9a-f]{4}-){3}[0-9a-f]{12}$/i.test(v)
          ? v.toLowerCase()
          : undefined;
      break;
    case "binary":
      out = v instanceof Uint8Array ? v : undefined;
      break;
    case "unknown":
    case "variant":
      out = undefined;
      break;
    default:
      if (type.startsWith("fixed[")) out = v instanceof Uint8Array ? v : undefined;
      else out = decimalUnscaled(v, decimalScale(type) ?? 0);
  }
  if (
    out === undefined ||
    (typeof out === "number" && Number.isNaN(out) && type !== "float" && type !== "double")
  ) {
    throw invalid(type, v, column);
  }
  return out;
}

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return a.length - b.length;
}

/** Strings compare by code point, which is the UTF-8 byte order Iceberg bounds use. */
function compareStrings(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    const xs = x >= 0xd800 && x <= 0xdfff;
    const ys = y >= 0xd800 && y <= 0xdfff;
    if (xs !== ys) return xs ? 1 : -1; // a surrogate (≥ U+10000) sorts after any BMP code unit
    return x - y;
  }
  return a.length - b.length;
}

/** Orders two non-null values of one Iceberg type (int vs long and float vs double mix freely). */
export function compareValues(a: IcebergValue, b: IcebergValue): number {
  if (typeof a === "number" && typeof b === "number") return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === "bigint" || typeof b === "bigint") {
    if (typeof a === "number" && !Number.isInteger(a)) return a < Number(b) ? -1 : a > Number(b) ? 1 : 0;
    if (typeof b === "number" && !Number.isInteger(b)) return Number(a) < b ? -1 : Number(a) > b ? 1 : 0;
    const x = BigInt(a as bigint | number);
    const y = BigInt(b as bigint | number);
    return x < y ? -1 : x > y ? 1 : 0;
  }
  if (typeof a === "string" && typeof b === "string") return compareStrings(a, b);
  if (a instanceof Uint8Array && b instanceof Uint8Array) return compareBytes(a, b);
  if (typeof a === "boolean" && typeof b === "boolean") return Number(a) - Number(b);
  throw new LakelabError("INVALID_ARGUMENT", `cannot compare ${typeof a} with ${typeof b}`);
}
