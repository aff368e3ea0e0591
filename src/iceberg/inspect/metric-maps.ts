import * as arrow from "apache-arrow";
import type { DataFile } from "../spec/manifest";

function mapType<V extends arrow.DataType>(value: V) {
  const entry = new arrow.Struct<{ key: arrow.Int32; value: V }>([
    new arrow.Field("key", new arrow.Int32(), false),
    new arrow.Field("value", value, true),
  ]);
  return new arrow.Map_(new arrow.Field("entries", entry, false));
}

function column<V extends arrow.DataType>(
  files: readonly DataFile[],
  pick: (f: DataFile) => ReadonlyMap<number, unknown> | undefined,
  value: V,
): arrow.Vector {
  return arrow.vectorFromArray(
    files.map((f) => {
      const m = pick(f);
      return m ? new Map(m) : null;
    }),
    mapType(value),
  );
}

/** The per-column metric maps of data files, keyed by field id (map<int, long> / map<int, binary>). */
export function metricMaps(files: readonly DataFile[]): Record<string, arrow.Vector> {
  return {
    column_sizes: column(files, (f) => f.columnSizes, new arrow.Int64()),
    value_counts: column(files, (f) => f.valueCounts, new arrow.Int64()),
    null_value_counts: column(files, (f) => f.nullValueCounts, new arrow.Int64()),
    nan_value_counts: column(files, (f) => f.nanValueCounts, new arrow.Int64()),
    lower_bounds: column(files, (f) => f.lowerBounds, new arrow.Binary()),
    upper_bounds: column(files, (f) => f.upperBounds, new arrow.Binary()),
  };
}
