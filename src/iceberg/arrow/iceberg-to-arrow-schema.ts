import * as arrow from "apache-arrow";
import { LakelabError } from "../../errors";
import type { IcebergType, NestedField, Schema } from "../spec/schema";

/** Arrow field metadata key that parquet writers turn into the Parquet `field_id`. */
export const PARQUET_FIELD_ID = "PARQUET:field_id";

const DECIMAL = /^decimal\((\d+),\s*(\d+)\)$/;
const FIXED = /^fixed\[(\d+)\]$/;

/** The Arrow type an Iceberg type is read into and written from (microsecond timestamps, UTC for tz). */
export function icebergToArrowType(type: IcebergType): arrow.DataType {
  if (typeof type !== "string") {
    switch (type.type) {
      case "struct":
        return new arrow.Struct(type.fields.map(icebergToArrowField));
      case "list":
        return new arrow.List(fieldWithId("element", type.element, !type.elementRequired, type.elementId));
      case "map": {
        const entries = new arrow.Field(
          "entries",
          new arrow.Struct([
            fieldWithId("key", type.key, false, type.keyId),
            fieldWithId("value", type.value, !type.valueRequired, type.valueId),
          ]),
          false,
        );
        return new arrow.Map_(entries);
      }
      default: {
        const never: never = type;
        throw new LakelabError("UNSUPPORTED_FEATURE", `unknown Iceberg type ${JSON.stringify(never)}`);
      }
    }
  }
  switch (type) {
    case "boolean":
      return new arrow.Bool();
    case "int":
      return new arrow.Int32();
    case "long":
      return new arrow.Int64();
    case "float":
      return new arrow.Float32();
    case "double":
      return new arrow.Float64();
    case "date":
      return new arrow.DateDay();
    case "time":
      return new arrow.TimeMicrosecond();
    case "timestamp":
      return new arrow.TimestampMicrosecond();
    case "timestamptz":
      return new arrow.TimestampMicrosecond("UTC");
    case "timestamp_ns":
      return new arrow.TimestampNanosecond();
    case "timestamptz_ns":
      return new arrow.TimestampNanosecond("UTC");
    case "string":
      return new arrow.Utf8();
    case "binary":
      return new arrow.Binary();
    case "uuid":
      return new arrow.FixedSizeBinary(16);
    case "unknown":
      return new arrow.Null();
    case "variant":
      throw new LakelabError("UNSUPPORTED_FEATURE", "the Iceberg v3 'variant' type is not supported yet", {
        context: { type },
      });
    default: {
      const dec = DECIMAL.exec(type);
      if (dec) return new arrow.Decimal(Number(dec[2]), Number(dec[1]), 128);
      const fixed = FIXED.exec(type);
      if (fixed) return new arrow.FixedSizeBinary(Number(fixed[1]));
      throw new LakelabError("UNSUPPORTED_FEATURE", `unknown Iceberg type '${type}'`, { context: { type } });
    }
  }
}

function fieldWithId(name: string, type: IcebergType, nullable: boolean, id: number): arrow.Field {
  return new arrow.Field(name, icebergToArrowType(type), nullable, new Map([[PARQUET_FIELD_ID, String(id)]]));
}

/** One Iceberg field as an Arrow field carrying its field id in `PARQUET:field_id`. */
export function icebergToArrowField(field: NestedField): arrow.Field {
  return fieldWithId(field.name, field.type, !field.required, field.id);
}

/** An Iceberg schema as an Arrow schema; every field (nested too) carries its Iceberg field id. */
export function icebergToArrowSchema(schema: Schema): arrow.Schema {
  return new arrow.Schema(schema.fields.map(icebergToArrowField));
}
