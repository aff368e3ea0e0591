import * as arrow from "apache-arrow";
import type { FileIO } from "../io/file-io";
import type { TableMetadata } from "../spec/table-metadata";
import { ints, longs, strings } from "./arrow-columns";
import { partitionColumn } from "./partition-column";
import { metadataTableSnapshot, snapshotEntries } from "./snapshot-entries";

const STATUS = { existing: 0, added: 1, deleted: 2 } as const;

/**
 * The `entries` metadata table: every manifest entry of a snapshot, with status (0 existing,
 * 1 added, 2 deleted), snapshot_id, sequence_number, file_sequence_number and data_file
 * (flattened here as file_path, file_format, spec_id, partition, record_count, file_size_in_bytes).
 */
export async function entriesTable(m: TableMetadata, io: FileIO, snapshotId?: bigint): Promise<arrow.Table> {
  const all = await snapshotEntries(io, metadataTableSnapshot(m, snapshotId));
  const e = all.map((x) => x.entry);
  return new arrow.Table({
    status: ints(e.map((x) => STATUS[x.status])),
    snapshot_id: longs(e.map((x) => x.snapshotId)),
    sequence_number: longs(e.map((x) => x.sequenceNumber)),
    file_sequence_number: longs(e.map((x) => x.fileSequenceNumber)),
    file_path: strings(e.map((x) => x.dataFile.filePath)),
    file_format: strings(e.map((x) => x.dataFile.fileFormat)),
    spec_id: ints(all.map((x) => x.manifest.partitionSpecId)),
    partition: partitionColumn(
      m,
      all.map((x) => ({ specId: x.manifest.partitionSpecId, partition: x.entry.dataFile.partition })),
    ),
    record_count: longs(e.map((x) => x.dataFile.recordCount)),
    file_size_in_bytes: longs(e.map((x) => x.dataFile.fileSizeInBytes)),
  });
}
