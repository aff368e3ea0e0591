import type { Table as ArrowTable } from "apache-arrow";
import type { Table } from "../iceberg/table/table";

const MAX_ENTRIES = 4;
const cache = new Map<string, Promise<ArrowTable>>();

/**
 * The rows of `table` at `snapshotId`. A snapshot never changes, so the last few reads are kept
 * (keyed by table uuid, snapshot id and manifest list): a cell that shows a snapshot and then
 * trains on it reads its files once. The snapshot must still be in the table's metadata
 * (SNAPSHOT_NOT_FOUND otherwise), cached or not.
 */
export async function readSnapshot(table: Table, snapshotId: bigint): Promise<ArrowTable> {
  const snap = table.snapshot(snapshotId);
  const key = `${table.metadata.tableUuid}/${snap.snapshotId}/${snap.manifestList}`;
  let read = cache.get(key);
  if (read === undefined) {
    read = table.scan({ snapshotId: snap.snapshotId }).toArrow();
    read.catch(() => cache.delete(key));
  } else {
    cache.delete(key);
  }
  cache.set(key, read);
  while (cache.size > MAX_ENTRIES) cache.delete(cache.keys().next().value!);
  return read;
}
