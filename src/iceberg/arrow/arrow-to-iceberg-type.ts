import * as arrow from "apache-arrow";
import { LakelabError } from "../../errors";
import type { IcebergType, PrimitiveType } from "../spec/schema";

/**
 * The Iceberg primitive type an Arrow type is stored as: ints up to 32 bits → int, 64 bits →
 * long, dictionary strings → string, any timestamp unit → timestamp(tz), ...
 * Nested Arrow types are handled by `arrowToIcebergSchema`, which assigns their ids.
 */
export function arrowToIcebergPrimitive(type: arrow.DataType, column: string): PrimitiveType {
  if (arrow.DataType.isDictionary(type)) return arrowToIcebergPrimitive(type.dictionary, column);
  if (arrow.DataType.isBool(type)) return "boolean";
  if (arrow.DataType.isInt(type)) {
    if (type.bitWidth < 32 || (type.bitWidth === 32 && type.isSigned)) return "int";
    if (type.bitWidth === 32 || type.isSigned) return "long";
  }
  if (arrow.DataType.isFloat(type)) return type.precision === arrow.Precision.DOUBLE ? "double" : "float";
  if (arrow.DataType.isUtf8(type) || arrow.DataType.isLargeUtf8(type)) return "string";
  if (arrow.DataType.isBinary(type) || arrow.DataType.isLargeBinary(type)) return "binary";
  if (arrow.DataType.isFixedSizeBinary(type)) return `fixed[${type.byteWidth}]`;
  if (arrow.DataType.isDate(type)) return "date";
  if (arrow.DataType.isTime(type)) return "time";
  if (arrow.DataType.isTimestamp(type)) return type.timezone ? "timestamptz" : "timestamp";
  if (arrow.DataType.isDecimal(type)) return `decimal(${type.precision}, ${type.scale})`;
  throw new LakelabError(
    "SCHEMA_MISMATCH",
    `column '${column}' has Arrow type ${String(type)}, which has no Iceberg type; use string, long, int, double, float, boolean, date, timestamp, decimal or binary`,
    { context: { column, arrowType: String(type) } },
  );
}

const DECIMAL = /^decimal\((\d+),\s*(\d+)\)$/;

/** Iceberg's allowed type promotions: int → long, float → double, decimal(P, S) → decimal(P', S) with P' ≥ P. */
export function canPromote(from: IcebergType, to: IcebergType): boolean {
  if (typeof from !== "string" || typeof to !== "string") return false;
  if (from === to) return true;
  if (from === "int" && to === "long") return true;
  if (from === "float" && to === "double") return true;
  const a = DECIMAL.exec(from);
  const b = DECIMAL.exec(to);
  return a !== null && b !== null && a[2] === b[2] && Number(b[1]) >= Number(a[1]);
}

/** A type as Iceberg spells it, for error messages. */
export function typeName(type: IcebergType): string {
  return typeof type === "string" ? type : type.type;
}
