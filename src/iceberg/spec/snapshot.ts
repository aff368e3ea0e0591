/** Snapshots and refs (format/spec.md "Snapshots", "Snapshot References"). Ids are exact bigints. */

export type Operation = "append" | "replace" | "overwrite" | "delete";

/** Summary as stored: `operation` plus string-valued counters (added-records, total-records, ...). */
export type SnapshotSummary = Readonly<{ operation: Operation } & Record<string, string>>;

export interface Snapshot {
  readonly snapshotId: bigint;
  readonly parentSnapshotId?: bigint;
  /** v1 tables have none; reads treat it as 0. */
  readonly sequenceNumber: bigint;
  readonly timestampMs: number;
  readonly manifestList: string;
  readonly summary: SnapshotSummary;
  readonly schemaId?: number;
}

export interface SnapshotRef {
  readonly snapshotId: bigint;
  readonly type: "branch" | "tag";
  readonly minSnapshotsToKeep?: number;
  readonly maxSnapshotAgeMs?: number;
  readonly maxRefAgeMs?: number;
}

export interface SnapshotLogEntry {
  readonly timestampMs: number;
  readonly snapshotId: bigint;
}

export interface MetadataLogEntry {
  readonly timestampMs: number;
  readonly metadataFile: string;
}

export const MAIN_BRANCH = "main";
