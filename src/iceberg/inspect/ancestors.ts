import type { TableMetadata } from "../spec/table-metadata";

/** Ids of `snapshotId` and all its ancestors still in the metadata. */
export function ancestorIds(m: TableMetadata, snapshotId: bigint | undefined): Set<bigint> {
  const byId = new Map(m.snapshots.map((s) => [s.snapshotId, s]));
  const out = new Set<bigint>();
  let id = snapshotId;
  while (id !== undefined && !out.has(id)) {
    const s = byId.get(id);
    if (!s) break;
    out.add(id);
    id = s.parentSnapshotId;
  }
  return out;
}
