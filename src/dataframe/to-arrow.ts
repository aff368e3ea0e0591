import { type DataType, Field, RecordBatch, Schema, Table, type Vector, vectorFromArray } from "apache-arrow";
import { LakelabError } from "../errors";
import type { ArrowLike, ArrowRecord } from "./arrow-like";
import { coerceValues } from "./coerce-values";
import { type DataFrameLike, isDataFrame } from "./data-frame-like";
import { inferArrowType } from "./infer-type";
import { rememberedSchema } from "./remembered-schema";

export interface ToArrowOptions {
  /**
   * Arrow types to use instead of inference: a full Schema (its field order, nullability and
   * metadata are kept; data columns it lacks are appended with inferred types) or a map from
   * column name to type for just some columns.
   */
  readonly schema?: Schema | Readonly<Record<string, DataType>>;
}

/**
 * An apache-arrow Table from an Arrow Table (returned as is), a danfojs DataFrame or an array of
 * records. Column types come from `options.schema`, else (for a DataFrame made by `toDataFrame`)
 * from the Arrow schema it was made from, else they are inferred as `inferArrowType` describes:
 * number → float64, bigint → int64, string → utf8, boolean → bool, Date → timestamp[ms],
 * null/undefined → null.
 * @example toArrow([{ id: 1n, text: "hi", label: 1 }], { schema: { label: new Float64() } })
 */
export function toArrow(data: ArrowLike | DataFrameLike, options: ToArrowOptions = {}): Table {
  if (data instanceof Table) return data;
  if (isDataFrame(data)) return fromColumns(frameColumns(data), data.shape[0] ?? 0, options, data);
  if (Array.isArray(data)) return fromColumns(recordColumns(data), data.length, options);
  throw new LakelabError(
    "INVALID_ARGUMENT",
    `toArrow expects an apache-arrow Table, a danfojs DataFrame or an array of records, not ${typeof data}`,
  );
}

function frameColumns(frame: DataFrameLike): Map<string, readonly unknown[]> {
  const columns = new Map<string, readonly unknown[]>();
  if ((frame.shape[0] ?? 0) === 0) return columns; // danfojs keeps no column data for 0 rows
  for (const name of frame.columns) columns.set(name, missingAsNull(frame.column(name).values));
  return columns;
}

// danfojs marks missing values with NaN in columns of any type (after merges, reindexing...);
// NaN is a real value only in a column of numbers
function missingAsNull(values: readonly unknown[]): readonly unknown[] {
  const numeric = values.every((v) => v === null || v === undefined || typeof v === "number");
  return numeric ? values : values.map((v) => (typeof v === "number" && Number.isNaN(v) ? null : v));
}

function recordColumns(records: readonly ArrowRecord[]): Map<string, unknown[]> {
  const columns = new Map<string, unknown[]>();
  records.forEach((record, row) => {
    if (typeof record !== "object" || record === null || Array.isArray(record)) {
      throw new LakelabError(
        "INVALID_ARGUMENT",
        `record ${row} is not a plain object; give { column: value }`,
      );
    }
    for (const name of Object.keys(record)) {
      if (!columns.has(name)) columns.set(name, new Array(records.length).fill(null));
    }
  });
  for (const [name, values] of columns) {
    records.forEach((record, row) => {
      values[row] = record[name] ?? null;
    });
  }
  return columns;
}

function fromColumns(
  columns: Map<string, readonly unknown[]>,
  numRows: number,
  options: ToArrowOptions,
  frame?: DataFrameLike,
): Table {
  const hinted = hintedFields(options.schema);
  const remembered = frame === undefined ? undefined : rememberedSchema(frame);
  const names = [...new Set([...hinted.keys(), ...columns.keys()])];
  if (frame !== undefined && numRows === 0 && remembered !== undefined) {
    names.push(...remembered.fields.map((f) => f.name).filter((n) => !names.includes(n)));
  }
  const fields: Field[] = [];
  const vectors: Record<string, Vector> = {};
  for (const name of names) {
    const values = columns.get(name) ?? new Array(numRows).fill(null);
    const field = hinted.get(name) ?? fromRemembered(remembered, name, values) ?? inferred(name, values);
    if (!field.nullable && values.some((v) => v === null || v === undefined)) {
      throw new LakelabError(
        "NULL_IN_REQUIRED_COLUMN",
        `column '${name}' is required (not nullable) but holds nulls; fill them or make the field nullable`,
        { context: { column: name } },
      );
    }
    fields.push(field);
    vectors[name] = vectorFromArray(coerceValues(name, field.type, values), field.type);
  }
  const schema = new Schema(fields);
  if (fields.length === 0) return new Table(schema);
  // Table's column constructor aligns chunks into batches; rebuild them with the exact schema
  const aligned = new Table(vectors);
  return new Table(
    schema,
    aligned.batches.map((batch) => new RecordBatch(schema, batch.data)),
  );
}

function hintedFields(schema: ToArrowOptions["schema"]): Map<string, Field> {
  if (schema === undefined) return new Map();
  if (schema instanceof Schema) return new Map(schema.fields.map((f) => [f.name, f]));
  return new Map(Object.entries(schema).map(([name, type]) => [name, new Field(name, type, true)]));
}

function fromRemembered(
  schema: Schema | undefined,
  name: string,
  values: readonly unknown[],
): Field | undefined {
  const field = schema?.fields.find((f) => f.name === name);
  if (field === undefined) return undefined;
  try {
    coerceValues(name, field.type, values);
    return field;
  } catch {
    return undefined; // the column was replaced with values of another type: infer afresh
  }
}

function inferred(name: string, values: readonly unknown[]): Field {
  return new Field(name, inferArrowType(name, values), true);
}
