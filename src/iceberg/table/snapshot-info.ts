import type { Snapshot } from "../spec/snapshot";

/**
 * The user-facing view of a snapshot (exported from the package as `Snapshot`): what a
 * commit returns and what `currentSnapshot()` / `snapshot(id)` give.
 */
export interface SnapshotInfo {
  readonly snapshotId: bigint;
  readonly parentId: bigint | null;
  readonly sequenceNumber: bigint;
  readonly committedAt: Date;
  readonly operation: string;
  /** The summary without `operation`: added-records, total-records, ... as strings. */
  readonly summary: Record<string, string>;
  readonly manifestList: string;
  readonly schemaId?: number;
}

export function toSnapshotInfo(s: Snapshot): SnapshotInfo {
  const { operation, ...summary } = s.summary;
  return {
    snapshotId: s.snapshotId,
    parentId: s.parentSnapshotId ?? null,
    sequenceNumber: s.sequenceNumber,
    committedAt: new Date(s.timestampMs),
    operation,
    summary,
    manifestList: s.manifestList,
    ...(s.schemaId !== undefined ? { schemaId: s.schemaId } : {}),
  };
}
