import { type DataType, type Table, Type } from "apache-arrow";
import type { DataFrame } from "danfojs";
import { tableColumns } from "./column-values";
import { loadDanfo } from "./danfo";
import { rememberSchema } from "./remembered-schema";

/**
 * A danfojs DataFrame with the rows of `table` (danfojs, an optional dependency, is loaded on the
 * first call only: DEPENDENCY_MISSING names the command that installs it).
 * Values are those of `toRecords`, except int64: danfojs cannot hold bigint in a Series, so an
 * int64 column becomes numbers when every value is within ±2^53, else exact decimal strings.
 * The DataFrame remembers the Arrow schema, so `toArrow(df)` gives back int64, timestamp units,
 * zones and field metadata for the columns that still hold values of their original kind.
 */
export function toDataFrame(table: Table): DataFrame {
  const danfo = loadDanfo("toDataFrame");
  const names = table.schema.fields.map((f) => f.name);
  const dtypes = table.schema.fields.map((f) => danfoDtype(f.type));
  let frame: DataFrame;
  if (table.numRows === 0) {
    frame = new danfo.DataFrame([], { columns: names, dtypes });
  } else {
    const data: Record<string, unknown[]> = {};
    const columns = tableColumns(table);
    table.schema.fields.forEach((field, i) => {
      const values = columns.get(field.name)!;
      if (!isInt64(field.type)) {
        data[field.name] = values;
      } else if (values.every((v) => v === null || Number.isSafeInteger(Number(v)))) {
        data[field.name] = values.map((v) => (v === null ? null : Number(v)));
      } else {
        data[field.name] = values.map((v) => (v === null ? null : String(v)));
        dtypes[i] = "string";
      }
    });
    frame = new danfo.DataFrame(data, { columns: names, dtypes });
  }
  rememberSchema(frame, table.schema);
  return frame;
}

function isInt64(type: DataType): boolean {
  return type.typeId === Type.Int && (type as DataType & { bitWidth: number }).bitWidth === 64;
}

function danfoDtype(type: DataType): string {
  switch (type.typeId) {
    case Type.Int:
      return "int32"; // danfojs's only integer dtype; the values themselves are not narrowed
    case Type.Float:
      return "float32"; // likewise a label: values stay JS doubles
    case Type.Utf8:
    case Type.LargeUtf8:
    case Type.Dictionary:
      return "string";
    case Type.Bool:
      return "boolean";
    case Type.Timestamp:
    case Type.Date:
      return "datetime";
    default:
      return "undefined";
  }
}
