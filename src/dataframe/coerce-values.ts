import { type DataType, Type } from "apache-arrow";
import { LakelabError } from "../errors";

/**
 * The values of one column made ready for `vectorFromArray(values, type)`: undefined → null,
 * whole numbers and decimal strings → bigint for 64-bit integers, bigint → number for other numeric types. A value
 * that cannot be stored in `type` is an INVALID_ARGUMENT error naming the column and row.
 */
export function coerceValues(column: string, type: DataType, values: readonly unknown[]): unknown[] {
  const convert = converterFor(type);
  return values.map((value, row) => {
    if (value === null || value === undefined) return null;
    const converted = convert(value);
    if (converted === REJECT) throw mismatch(column, type, value, row);
    return converted;
  });
}

const REJECT = Symbol("reject");
type Converter = (value: unknown) => unknown;

function converterFor(type: DataType): Converter {
  switch (type.typeId) {
    case Type.Int:
      return (type as DataType & { bitWidth: number }).bitWidth === 64 ? toBigInt : toNumber;
    case Type.Float:
      return toNumber;
    case Type.Utf8:
    case Type.LargeUtf8:
      return (v) => (typeof v === "string" ? v : REJECT);
    case Type.Bool:
      return (v) => (typeof v === "boolean" ? v : REJECT);
    case Type.Timestamp:
    case Type.Date:
      return (v) => (v instanceof Date || typeof v === "number" ? v : REJECT);
    case Type.Null:
      return () => REJECT;
    default:
      // nested and less common types: arrow-js's own builders validate them
      return (v) => v;
  }
}

function toBigInt(value: unknown): unknown {
  if (typeof value === "bigint") return value;
  if (typeof value === "number" && Number.isSafeInteger(value)) return BigInt(value);
  // exact decimal strings: how toDataFrame keeps int64 values beyond 2^53
  if (typeof value === "string" && /^-?\d{1,20}$/.test(value)) return BigInt(value);
  return REJECT;
}

function toNumber(value: unknown): unknown {
  if (typeof value === "number") return value;
  if (typeof value === "bigint") return Number(value);
  return REJECT;
}

function mismatch(column: string, type: DataType, value: unknown, row: number): LakelabError {
  const shown = typeof value === "string" ? JSON.stringify(value.slice(0, 40)) : String(value);
  return new LakelabError(
    "SCHEMA_MISMATCH",
    `column '${column}' is ${String(type)} but row ${row} holds ${typeof value} ${shown}; ` +
      `give a value that fits ${String(type)} or change the column's type`,
    { context: { column, row, type: String(type) } },
  );
}
