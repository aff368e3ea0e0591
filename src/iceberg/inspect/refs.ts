import * as arrow from "apache-arrow";
import type { TableMetadata } from "../spec/table-metadata";
import { ints, longs, strings } from "./arrow-columns";

/**
 * The `refs` metadata table: name, type (BRANCH / TAG), snapshot_id, max_reference_age_in_ms,
 * min_snapshots_to_keep, max_snapshot_age_in_ms.
 */
export function refsTable(m: TableMetadata): arrow.Table {
  const entries = Object.entries(m.refs).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const age = (v: number | undefined) => (v === undefined ? undefined : BigInt(v));
  return new arrow.Table({
    name: strings(entries.map(([n]) => n)),
    type: strings(entries.map(([, r]) => r.type.toUpperCase())),
    snapshot_id: longs(entries.map(([, r]) => r.snapshotId)),
    max_reference_age_in_ms: longs(entries.map(([, r]) => age(r.maxRefAgeMs))),
    min_snapshots_to_keep: ints(entries.map(([, r]) => r.minSnapshotsToKeep)),
    max_snapshot_age_in_ms: longs(entries.map(([, r]) => age(r.maxSnapshotAgeMs))),
  });
}
