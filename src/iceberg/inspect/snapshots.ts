import * as arrow from "apache-arrow";
import type { TableMetadata } from "../spec/table-metadata";
import { longs, stringMaps, strings, timestamps } from "./arrow-columns";

/**
 * The `snapshots` metadata table: committed_at, snapshot_id, parent_id, operation,
 * manifest_list, summary (map<string, string> without the operation, as Spark shows it).
 */
export function snapshotsTable(m: TableMetadata): arrow.Table {
  const s = m.snapshots;
  return new arrow.Table({
    committed_at: timestamps(s.map((x) => x.timestampMs)),
    snapshot_id: longs(s.map((x) => x.snapshotId)),
    parent_id: longs(s.map((x) => x.parentSnapshotId)),
    operation: strings(s.map((x) => x.summary.operation)),
    manifest_list: strings(s.map((x) => x.manifestList)),
    summary: stringMaps(s.map(({ summary: { operation: _op, ...rest } }) => rest)),
  });
}
