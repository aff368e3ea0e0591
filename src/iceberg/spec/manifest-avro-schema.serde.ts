/**
 * The Avro schemas of manifests and manifest lists with their Iceberg field ids (format/spec.md
 * "Manifests", "Manifest Lists"), and by-id access to records decoded with any writer's schema.
 */
import { LakelabError } from "../../errors";
import { type AvroField, type AvroType, nonNull } from "../avro/avro-schema";
import type { JsonObject, JsonValue } from "./json";
import type { PartitionSpec } from "./partition-spec";
import type { IcebergType, PrimitiveType, Schema } from "./schema";
import { indexFieldsById } from "./schema.serde";

const opt = (type: JsonValue): JsonValue => ["null", type];

function field(name: string, id: number, type: JsonValue, optional = false, doc?: string): JsonObject {
  const f: JsonObject = { name, type: optional ? opt(type) : type };
  if (doc) f.doc = doc;
  if (optional) f.default = null;
  f["field-id"] = id;
  return f;
}

function kvMap(
  name: string,
  id: number,
  keyId: number,
  valueId: number,
  valueType: string,
  doc: string,
): JsonObject {
  const items = {
    type: "record",
    name: `k${keyId}_v${valueId}`,
    fields: [field("key", keyId, "int"), field("value", valueId, valueType)],
  };
  return field(name, id, { type: "array", items, logicalType: "map" }, true, doc);
}

/** Number of bytes Java uses for a decimal of precision P stored as Avro fixed. */
export function decimalFixedSize(precision: number): number {
  let size = 1;
  while (2 ** (8 * size - 1) < 10 ** precision) size++;
  return size;
}

/** The Avro type of an Iceberg primitive (partition values), as Java writes it. */
export function avroTypeOf(type: PrimitiveType): JsonValue {
  switch (type) {
    case "boolean":
    case "int":
    case "long":
    case "float":
    case "double":
    case "string":
      return type;
    case "binary":
      return "bytes";
    case "date":
      return { type: "int", logicalType: "date" };
    case "time":
      return { type: "long", logicalType: "time-micros" };
    case "timestamp":
    case "timestamptz":
      return { type: "long", logicalType: "timestamp-micros", "adjust-to-utc": type === "timestamptz" };
    case "timestamp_ns":
    case "timestamptz_ns":
      return { type: "long", logicalType: "timestamp-nanos", "adjust-to-utc": type === "timestamptz_ns" };
    case "uuid":
      return { type: "fixed", name: "uuid_fixed", size: 16, logicalType: "uuid" };
    case "unknown":
    case "variant":
      throw new LakelabError("UNSUPPORTED_FEATURE", `type '${type}' cannot be a partition value`, {
        context: { feature: `partition on ${type}` },
      });
    default: {
      const fixed = /^fixed\[(\d+)\]$/.exec(type);
      if (fixed) return { type: "fixed", name: `fixed_${fixed[1]}`, size: Number(fixed[1]) };
      const dec = /^decimal\((\d+),\s*(\d+)\)$/.exec(type)!;
      const [p, s] = [Number(dec[1]), Number(dec[2])];
      return {
        type: "fixed",
        name: `decimal_${p}_${s}`,
        size: decimalFixedSize(p),
        logicalType: "decimal",
        precision: p,
        scale: s,
      };
    }
  }
}

/** Result type of each partition field, in spec order. */
export function partitionFieldTypes(
  spec: PartitionSpec,
  schema: Schema,
  resultType: (t: string, src: IcebergType) => PrimitiveType,
): PrimitiveType[] {
  const byId = indexFieldsById(schema.fields);
  return spec.fields.map((pf) => {
    const src = byId.get(pf.sourceId);
    if (!src) {
      throw new LakelabError(
        "INVALID_ARGUMENT",
        `partition field '${pf.name}' has source id ${pf.sourceId}, not in schema ${schema.schemaId}`,
        {
          context: { field: pf.name },
        },
      );
    }
    return resultType(pf.transform, src.type);
  });
}

/** The manifest_entry schema for a format version, with a partition struct of the given field types. */
export function manifestEntrySchema(
  formatVersion: number,
  spec: PartitionSpec,
  partitionTypes: readonly PrimitiveType[],
): JsonObject {
  const v2 = formatVersion >= 2;
  // A named Avro type (fixed for uuid/decimal) may be defined once per schema; later uses refer to it by name.
  const named = new Set<string>();
  const once = (t: JsonValue): JsonValue => {
    if (t === null || typeof t !== "object" || Array.isArray(t) || typeof t.name !== "string") return t;
    if (named.has(t.name)) return t.name;
    named.add(t.name);
    return t;
  };
  const partition = {
    type: "record",
    name: "r102",
    fields: spec.fields.map((pf, i) =>
      field(pf.name, pf.fieldId, once(avroTypeOf(partitionTypes[i]!)), true),
    ),
  };
  const dataFile: JsonObject[] = [
    ...(v2
      ? [
          field(
            "content",
            134,
            "int",
            false,
            "Contents of the file: 0=data, 1=position deletes, 2=equality deletes",
          ),
        ]
      : []),
    field("file_path", 100, "string", false, "Location URI with FS scheme"),
    field("file_format", 101, "string", false, "File format name: avro, orc, or parquet"),
    field("partition", 102, partition, false, "Partition data tuple, schema based on the partition spec"),
    field("record_count", 103, "long", false, "Number of records in the file"),
    field("file_size_in_bytes", 104, "long", false, "Total file size in bytes"),
    ...(v2 ? [] : [field("block_size_in_bytes", 105, "long")]),
    kvMap("column_sizes", 108, 117, 118, "long", "Map of column id to total size on disk"),
    kvMap("value_counts", 109, 119, 120, "long", "Map of column id to total count, including null and NaN"),
    kvMap("null_value_counts", 110, 121, 122, "long", "Map of column id to null value count"),
    kvMap(
      "nan_value_counts",
      137,
      138,
      139,
      "long",
      "Map of column id to number of NaN values in the column",
    ),
    kvMap("lower_bounds", 125, 126, 127, "bytes", "Map of column id to lower bound"),
    kvMap("upper_bounds", 128, 129, 130, "bytes", "Map of column id to upper bound"),
    field("key_metadata", 131, "bytes", true, "Encryption key metadata blob"),
    field(
      "split_offsets",
      132,
      { type: "array", items: "long", "element-id": 133 },
      true,
      "Splittable offsets",
    ),
    ...(v2
      ? [
          field(
            "equality_ids",
            135,
            { type: "array", items: "int", "element-id": 136 },
            true,
            "Equality comparison field IDs",
          ),
        ]
      : []),
    field("sort_order_id", 140, "int", true, "Sort order ID"),
  ];
  return {
    type: "record",
    name: "manifest_entry",
    fields: [
      field("status", 0, "int"),
      field("snapshot_id", 1, "long", true),
      ...(v2
        ? [field("sequence_number", 3, "long", true), field("file_sequence_number", 4, "long", true)]
        : []),
      field("data_file", 2, { type: "record", name: "r2", fields: dataFile }),
    ],
  };
}

/** The manifest_file (manifest list entry) schema for a format version. */
export function manifestListSchema(formatVersion: number): JsonObject {
  const v2 = formatVersion >= 2;
  const summary = {
    type: "record",
    name: "r508",
    fields: [
      field("contains_null", 509, "boolean", false, "True if any file has a null partition value"),
      field("contains_nan", 518, "boolean", true, "True if any file has a nan partition value"),
      field("lower_bound", 510, "bytes", true, "Partition lower bound for all files"),
      field("upper_bound", 511, "bytes", true, "Partition upper bound for all files"),
    ],
  };
  return {
    type: "record",
    name: "manifest_file",
    fields: [
      field("manifest_path", 500, "string", false, "Location URI with FS scheme"),
      field("manifest_length", 501, "long", false, "Total file size in bytes"),
      field("partition_spec_id", 502, "int", false, "Spec ID used to write"),
      ...(v2
        ? [
            field("content", 517, "int", false, "Contents of the manifest: 0=data, 1=deletes"),
            field("sequence_number", 515, "long", false, "Sequence number when the manifest was added"),
            field("min_sequence_number", 516, "long", false, "Lowest sequence number in the manifest"),
          ]
        : []),
      field("added_snapshot_id", 503, "long", !v2, "Snapshot ID that added the manifest"),
      field("added_files_count", 504, "int", !v2, "Added entry count"),
      field("existing_files_count", 505, "int", !v2, "Existing entry count"),
      field("deleted_files_count", 506, "int", !v2, "Deleted entry count"),
      field("added_rows_count", 512, "long", !v2, "Added rows count"),
      field("existing_rows_count", 513, "long", !v2, "Existing rows count"),
      field("deleted_rows_count", 514, "long", !v2, "Deleted rows count"),
      field(
        "partitions",
        507,
        { type: "array", items: summary, "element-id": 508 },
        true,
        "Summary for each partition",
      ),
      field("key_metadata", 519, "bytes", true, "Encryption key metadata blob"),
    ],
  };
}

/** Field access by Iceberg field id on records decoded with a writer's schema (whatever it named them). */
export class ById {
  private readonly names = new Map<number, AvroField>();
  constructor(readonly record: AvroType) {
    if (record.type === "record")
      for (const f of record.fields) if (f.fieldId !== undefined) this.names.set(f.fieldId, f);
  }

  field(id: number): AvroField | undefined {
    return this.names.get(id);
  }

  /** The value of field `id`, or undefined when the writer did not write that field. */
  get(rec: Record<string, unknown>, id: number): unknown {
    const f = this.names.get(id);
    return f === undefined ? undefined : rec[f.name];
  }

  /** Nested by-id access for a record-typed field. */
  nested(id: number): ById {
    const f = this.names.get(id);
    return new ById(f ? nonNull(f.type) : { type: "record", name: "", fields: [], props: {} });
  }
}
