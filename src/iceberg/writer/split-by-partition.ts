import * as arrow from "apache-arrow";
import { LakelabError } from "../../errors";
import type { IcebergValue } from "../expressions/literal";
import type { PartitionSpec } from "../spec/partition-spec";
import type { Schema } from "../spec/schema";
import { partitionPath } from "../transforms/partition-path";
import { bindTransform } from "../transforms/transform";
import { takeRows } from "./take-rows";

export interface PartitionGroup {
  /** Partition values keyed by partition field id. */
  readonly partition: Map<number, IcebergValue | null>;
  /** Hive-style path under `data/`, empty when unpartitioned. */
  readonly path: string;
  readonly data: arrow.Table;
}

/**
 * Splits rows by their partition tuple under `spec` (data conformed to `schema`). Groups keep
 * the order in which their first row appears; rows keep their order within a group.
 */
export function splitByPartition(data: arrow.Table, schema: Schema, spec: PartitionSpec): PartitionGroup[] {
  if (spec.fields.length === 0) return data.numRows === 0 ? [] : [{ partition: new Map(), path: "", data }];
  const getters = spec.fields.map((pf) => {
    const index = schema.fields.findIndex((f) => f.id === pf.sourceId);
    if (index < 0) {
      throw new LakelabError(
        "INVALID_ARGUMENT",
        `partition field '${pf.name}' has no top-level source column`,
        {
          context: { field: pf.name, sourceId: pf.sourceId },
        },
      );
    }
    const bound = bindTransform(pf.transform, schema.fields[index]!.type);
    const raw = rawValues(data.getChildAt(index)!);
    return (row: number) => bound.apply(raw(row));
  });
  const groups = new Map<string, { partition: Map<number, IcebergValue | null>; rows: number[] }>();
  for (let row = 0; row < data.numRows; row++) {
    const values = getters.map((g) => g(row));
    const key = values
      .map((v) =>
        typeof v === "bigint" ? `${v}n` : v instanceof Uint8Array ? [...v].join(",") : JSON.stringify(v),
      )
      .join("\u0000");
    let g = groups.get(key);
    if (!g) {
      g = { partition: new Map(spec.fields.map((pf, i) => [pf.fieldId, values[i]!])), rows: [] };
      groups.set(key, g);
    }
    g.rows.push(row);
  }
  return [...groups.values()].map((g) => ({
    partition: g.partition,
    path: partitionPath(spec, schema, g.partition),
    data: groups.size === 1 ? data : takeRows(data, Int32Array.from(g.rows)),
  }));
}

/** Row → value in Iceberg's in-memory form where the buffer already holds it (ints, longs, micros, days). */
function rawValues(vector: arrow.Vector): (row: number) => unknown {
  const type = vector.type as arrow.DataType;
  const typed =
    arrow.DataType.isInt(type) ||
    arrow.DataType.isFloat(type) ||
    arrow.DataType.isTimestamp(type) ||
    (arrow.DataType.isDate(type) && type.unit === arrow.DateUnit.DAY) ||
    arrow.DataType.isTime(type);
  if (!typed || vector.data.length !== 1) return (row) => vector.get(row);
  const d = vector.data[0]!;
  const values = d.values as unknown as ArrayLike<unknown>;
  return (row) => {
    if (d.nullCount > 0) {
      const j = d.offset + row;
      if (((d.nullBitmap![j >> 3]! >> (j & 7)) & 1) === 0) return null;
    }
    return values[row];
  };
}
