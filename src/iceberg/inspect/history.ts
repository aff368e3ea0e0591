import * as arrow from "apache-arrow";
import type { TableMetadata } from "../spec/table-metadata";
import { ancestorIds } from "./ancestors";
import { longs, timestamps } from "./arrow-columns";

/**
 * The `history` metadata table: one row per change of the current snapshot (snapshot-log),
 * columns made_current_at, snapshot_id, parent_id, is_current_ancestor.
 */
export function historyTable(m: TableMetadata): arrow.Table {
  const byId = new Map(m.snapshots.map((s) => [s.snapshotId, s]));
  const ancestors = ancestorIds(m, m.currentSnapshotId);
  const log = m.snapshotLog;
  return new arrow.Table({
    made_current_at: timestamps(log.map((e) => e.timestampMs)),
    snapshot_id: longs(log.map((e) => e.snapshotId)),
    parent_id: longs(log.map((e) => byId.get(e.snapshotId)?.parentSnapshotId)),
    is_current_ancestor: arrow.vectorFromArray(
      log.map((e) => ancestors.has(e.snapshotId)),
      new arrow.Bool(),
    ),
  });
}
