import * as arrow from "apache-arrow";
import { icebergToArrowType } from "../arrow/iceberg-to-arrow-schema";
import type { PartitionValues } from "../spec/manifest";
import type { TableMetadata } from "../spec/table-metadata";
import { partitionTypes } from "../transaction/manifest-io";

/**
 * The `partition` column of files/entries: a struct over the partition fields of every spec
 * of the table (by name), each typed by its transform's result type; absent fields are null.
 */
export function partitionColumn(
  m: TableMetadata,
  rows: readonly { specId: number; partition: PartitionValues }[],
) {
  const fields = new Map<string, { type: arrow.DataType; ids: Map<number, number> }>();
  for (const spec of m.partitionSpecs) {
    const types = partitionTypes(m, spec);
    spec.fields.forEach((pf, i) => {
      const f = fields.get(pf.name) ?? {
        type: icebergToArrowType(types[i]!),
        ids: new Map<number, number>(),
      };
      f.ids.set(spec.specId, pf.fieldId);
      fields.set(pf.name, f);
    });
  }
  const structType = new arrow.Struct([...fields].map(([name, f]) => new arrow.Field(name, f.type, true)));
  const values = rows.map((r) => {
    const obj: Record<string, unknown> = {};
    for (const [name, f] of fields) {
      const id = f.ids.get(r.specId);
      obj[name] = id === undefined ? null : toArrowValue(f.type, r.partition.get(id));
    }
    return obj;
  });
  return arrow.vectorFromArray(values, structType);
}

/** Iceberg in-memory value → what Arrow's builders take (days → Date, micros → ms). */
function toArrowValue(type: arrow.DataType, v: unknown): unknown {
  if (v === null || v === undefined) return null;
  if (arrow.DataType.isDate(type) && typeof v === "number") return new Date(v * 86_400_000);
  if (arrow.DataType.isTimestamp(type) && typeof v === "bigint") return Number(v / 1000n);
  return v;
}
