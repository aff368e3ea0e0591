import {
  Binary,
  Bool,
  type DataType,
  Field,
  Float64,
  Int64,
  List,
  Null,
  TimestampMillisecond,
  Utf8,
} from "apache-arrow";
import { LakelabError } from "../errors";

type ValueKind = "number" | "bigint" | "string" | "boolean" | "date" | "list" | "binary";

/**
 * The Arrow type lakelab infers for a column of JS values, looking at every non-null value:
 *
 * | JS values                          | Arrow type                                   |
 * |------------------------------------|----------------------------------------------|
 * | number                             | float64 (JS numbers are doubles)             |
 * | bigint, or bigint mixed with whole numbers | int64                                |
 * | string                             | utf8                                         |
 * | boolean                            | bool                                         |
 * | Date                               | timestamp[ms] without zone (as arrow-js does) |
 * | array                              | list of the type inferred for the elements   |
 * | Uint8Array                         | binary                                       |
 * | only null / undefined (or no rows) | null                                         |
 *
 * Every inferred field is nullable; null and undefined are nulls. Anything else (objects, a mix
 * such as numbers and strings) is an INVALID_ARGUMENT error asking for an explicit type.
 */
export function inferArrowType(column: string, values: Iterable<unknown>): DataType {
  const kinds = new Set<ValueKind>();
  let fractional = false;
  const elements: unknown[] = [];
  for (const value of values) {
    if (value === null || value === undefined) continue;
    const kind = kindOf(column, value);
    kinds.add(kind);
    if (kind === "number" && !Number.isInteger(value)) fractional = true;
    if (kind === "list") elements.push(...(value as unknown[]));
  }
  if (kinds.size === 0) return new Null();
  if (kinds.size === 2 && kinds.has("number") && kinds.has("bigint") && !fractional) return new Int64();
  if (kinds.size > 1) {
    throw new LakelabError(
      "INVALID_ARGUMENT",
      `column '${column}' mixes ${[...kinds].join(" and ")} values; give it one kind of value ` +
        "or pass its Arrow type in options.schema",
      { context: { column, kinds: [...kinds] } },
    );
  }
  const kind = [...kinds][0]!;
  switch (kind) {
    case "number":
      return new Float64();
    case "bigint":
      return new Int64();
    case "string":
      return new Utf8();
    case "boolean":
      return new Bool();
    case "date":
      return new TimestampMillisecond();
    case "binary":
      return new Binary();
    case "list":
      return new List(new Field("item", inferArrowType(`${column}[]`, elements), true));
    default: {
      const never: never = kind;
      throw new LakelabError("INTERNAL", `unhandled value kind ${String(never)}`);
    }
  }
}

function kindOf(column: string, value: unknown): ValueKind {
  switch (typeof value) {
    case "number":
    case "bigint":
    case "string":
    case "boolean":
      return typeof value as ValueKind;
    default:
      if (value instanceof Date) return "date";
      if (value instanceof Uint8Array) return "binary";
      if (Array.isArray(value)) return "list";
      throw new LakelabError(
        "INVALID_ARGUMENT",
        `column '${column}' holds a ${describe(value)}, which lakelab cannot map to an Arrow type by ` +
          "itself; pass the column's Arrow type in options.schema",
        { context: { column } },
      );
  }
}

function describe(value: unknown): string {
  if (typeof value !== "object" || value === null) return typeof value;
  return value.constructor?.name ?? "object";
}
