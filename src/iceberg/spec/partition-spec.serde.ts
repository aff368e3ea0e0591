/** JSON shape of partition specs, including the v1 legacy `partition-spec` field list. */
import { LakelabError } from "../../errors";
import { JsonFields, type JsonObject, type JsonValue } from "./json";
import {
  PARTITION_FIELD_ID_START,
  type PartitionField,
  type PartitionSpec,
  type Transform,
} from "./partition-spec";

/** Validates a transform name (`bucket[16]`, `day`, ...); unknown ones are UNSUPPORTED_FEATURE. */
export function parseTransform(name: string, where = "partition spec"): Transform {
  if (["identity", "year", "month", "day", "hour", "void"].includes(name)) return name as Transform;
  const m = /^(bucket|truncate)\[\s*(\d+)\s*\]$/.exec(name);
  if (m && Number(m[2]) > 0) return `${m[1] as "bucket" | "truncate"}[${Number(m[2])}]`;
  throw new LakelabError(
    "UNSUPPORTED_FEATURE",
    `${where}: partition transform '${name}' is not supported (supported: identity, bucket[N], truncate[W], year, month, day, hour, void)`,
    { context: { feature: `transform ${name}`, where } },
  );
}

/** Parses the `fields` array of a spec; v1 fields without `field-id` get 1000, 1001, ... */
export function parsePartitionFields(fields: JsonFields[], source: string): PartitionField[] {
  return fields.map((f, i) => ({
    sourceId: f.int("source-id"),
    fieldId: f.optInt("field-id") ?? PARTITION_FIELD_ID_START + i,
    name: f.str("name"),
    transform: parseTransform(f.str("transform"), `${source}: ${f.path}`),
  }));
}

export function parsePartitionSpec(v: JsonValue | undefined, path: string, source: string): PartitionSpec {
  const f = JsonFields.of(v, path, source);
  return { specId: f.int("spec-id"), fields: parsePartitionFields(f.objects("fields"), source) };
}

export function partitionFieldToJson(p: PartitionField): JsonObject {
  return { name: p.name, transform: p.transform, "source-id": p.sourceId, "field-id": p.fieldId };
}

export function partitionSpecToJson(s: PartitionSpec): JsonObject {
  return { "spec-id": s.specId, fields: s.fields.map(partitionFieldToJson) };
}
