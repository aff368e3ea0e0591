/** Hive-style partition paths, `ts_day=2024-01-01/name=a%2Fb`, as Java writes them. */
import { LakelabError } from "../../errors";
import type { IcebergValue } from "../expressions/literal";
import type { PartitionValues } from "../spec/manifest";
import type { PartitionSpec } from "../spec/partition-spec";
import type { Schema } from "../spec/schema";
import { indexFieldsById } from "../spec/schema.serde";
import { bindTransform } from "./transform";

/** Java's URLEncoder (UTF-8): letters, digits and `.-*_` stay; space → `+`; the rest %XX. */
export function urlEncode(s: string): string {
  return encodeURIComponent(s)
    .replace(/[!'()~]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(/%20/g, "+");
}

/** The partition path of a tuple (values keyed by partition field id) under `spec`. */
export function partitionPath(spec: PartitionSpec, schema: Schema, partition: PartitionValues): string {
  const fields = indexFieldsById(schema.fields);
  return spec.fields
    .map((pf) => {
      const source = fields.get(pf.sourceId);
      if (!source) {
        throw new LakelabError(
          "INVALID_ARGUMENT",
          `partition field '${pf.name}' has unknown source id ${pf.sourceId}`,
          {
            context: { field: pf.name },
          },
        );
      }
      const t = bindTransform(pf.transform, source.type);
      const v = (partition.get(pf.fieldId) ?? null) as IcebergValue | null;
      return `${urlEncode(pf.name)}=${urlEncode(t.toHumanString(v))}`;
    })
    .join("/");
}
