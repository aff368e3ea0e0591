import { LakelabError } from "../../errors";
import {
  PARTITION_FIELD_ID_START,
  type PartitionField,
  type PartitionSpec,
  type Transform,
} from "../spec/partition-spec";
import { parseTransform } from "../spec/partition-spec.serde";
import type { Schema } from "../spec/schema";
import { bindTransform, parseTransformName } from "../transforms/transform";

/** One partition field, the friendly way: `{ column: "ts", transform: "day" }`, `{ column: "id", transform: "bucket[16]" }`. */
export interface PartitionByField {
  readonly column: string;
  /** identity (default), year, month, day, hour, bucket[N], truncate[W], void. */
  readonly transform?: string;
  /** Partition field name; defaults as Spark names them (`ts_day`, `id_bucket`, `name_trunc`). */
  readonly name?: string;
}

/**
 * Builds a partition spec against a schema. Fields that match one of `previous` (same source
 * and transform) keep their field ids; new ones continue after `lastPartitionId`.
 * Unknown columns or transforms that do not fit the column type → INVALID_ARGUMENT.
 */
export function buildPartitionSpec(
  fields: readonly PartitionByField[],
  schema: Schema,
  previous: readonly PartitionSpec[] = [],
  lastPartitionId = PARTITION_FIELD_ID_START - 1,
): PartitionSpec {
  let next = lastPartitionId;
  const known = previous.flatMap((s) => s.fields);
  const out: PartitionField[] = fields.map((f) => {
    const source = schema.fields.find((x) => x.name === f.column);
    if (!source) {
      throw new LakelabError(
        "INVALID_ARGUMENT",
        `cannot partition by '${f.column}': no such column; columns are ${schema.fields.map((x) => x.name).join(", ")}`,
        { context: { column: f.column } },
      );
    }
    const transform: Transform = parseTransform(f.transform ?? "identity", `partitionBy '${f.column}'`);
    bindTransform(transform, source.type);
    const name = f.name ?? defaultName(f.column, transform);
    const same = known.find((k) => k.sourceId === source.id && k.transform === transform && k.name === name);
    return { sourceId: source.id, fieldId: same?.fieldId ?? ++next, name, transform };
  });
  const names = out.map((f) => f.name);
  const dup = names.find((n, i) => names.indexOf(n) !== i);
  if (dup) {
    throw new LakelabError("INVALID_ARGUMENT", `partition field name '${dup}' is used twice`, {
      context: { name: dup },
    });
  }
  return { specId: 0, fields: out };
}

function defaultName(column: string, transform: Transform): string {
  const { name } = parseTransformName(transform);
  switch (name) {
    case "identity":
      return column;
    case "bucket":
      return `${column}_bucket`;
    case "truncate":
      return `${column}_trunc`;
    case "void":
      return `${column}_null`;
    case "year":
    case "month":
    case "day":
    case "hour":
      return `${column}_${name}`;
    default: {
      const never: never = name;
      throw new LakelabError("INVALID_ARGUMENT", `unknown transform ${String(never)}`);
    }
  }
}
