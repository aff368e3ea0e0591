import * as arrow from "apache-arrow";
import type { FileIO } from "../io/file-io";
import type { TableMetadata } from "../spec/table-metadata";
import { snapshotManifests } from "../transaction/manifest-io";
import { ints, longs, strings } from "./arrow-columns";
import { metadataTableSnapshot } from "./snapshot-entries";

/**
 * The `manifests` metadata table of a snapshot: content, path, length, partition_spec_id,
 * added_snapshot_id and the added/existing/deleted data-file and delete-file counts.
 */
export async function manifestsTable(
  m: TableMetadata,
  io: FileIO,
  snapshotId?: bigint,
): Promise<arrow.Table> {
  const ms = await snapshotManifests(io, metadataTableSnapshot(m, snapshotId));
  const isData = (c: string) => c === "data";
  const pick = (data: boolean, f: (x: (typeof ms)[number]) => number) =>
    ints(ms.map((x) => (isData(x.content) === data ? f(x) : 0)));
  return new arrow.Table({
    content: ints(ms.map((x) => (isData(x.content) ? 0 : 1))),
    path: strings(ms.map((x) => x.manifestPath)),
    length: longs(ms.map((x) => x.manifestLength)),
    partition_spec_id: ints(ms.map((x) => x.partitionSpecId)),
    added_snapshot_id: longs(ms.map((x) => x.addedSnapshotId)),
    added_data_files_count: pick(true, (x) => x.addedFilesCount),
    existing_data_files_count: pick(true, (x) => x.existingFilesCount),
    deleted_data_files_count: pick(true, (x) => x.deletedFilesCount),
    added_delete_files_count: pick(false, (x) => x.addedFilesCount),
    existing_delete_files_count: pick(false, (x) => x.existingFilesCount),
    deleted_delete_files_count: pick(false, (x) => x.deletedFilesCount),
  });
}
