import * as arrow from "apache-arrow";
import type { FileIO } from "../io/file-io";
import type { TableMetadata } from "../spec/table-metadata";
import { ints, longs, strings } from "./arrow-columns";
import { metricMaps } from "./metric-maps";
import { partitionColumn } from "./partition-column";
import { metadataTableSnapshot, snapshotEntries } from "./snapshot-entries";

const CONTENT = { data: 0, "position-deletes": 1, "equality-deletes": 2 } as const;

/**
 * The `files` metadata table: the live files of a snapshot with Spark's columns (content,
 * file_path, file_format, spec_id, partition, record_count, file_size_in_bytes, column_sizes,
 * value_counts, null_value_counts, nan_value_counts, lower_bounds, upper_bounds, sort_order_id).
 */
export async function filesTable(m: TableMetadata, io: FileIO, snapshotId?: bigint): Promise<arrow.Table> {
  const live = (await snapshotEntries(io, metadataTableSnapshot(m, snapshotId))).filter(
    (e) => e.entry.status !== "deleted",
  );
  const files = live.map((e) => e.entry.dataFile);
  return new arrow.Table({
    content: ints(files.map((f) => CONTENT[f.content])),
    file_path: strings(files.map((f) => f.filePath)),
    file_format: strings(files.map((f) => f.fileFormat)),
    spec_id: ints(live.map((e) => e.manifest.partitionSpecId)),
    partition: partitionColumn(
      m,
      live.map((e) => ({ specId: e.manifest.partitionSpecId, partition: e.entry.dataFile.partition })),
    ),
    record_count: longs(files.map((f) => f.recordCount)),
    file_size_in_bytes: longs(files.map((f) => f.fileSizeInBytes)),
    ...metricMaps(files),
    sort_order_id: ints(files.map((f) => f.sortOrderId)),
  });
}
