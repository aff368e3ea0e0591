/** Table metadata, the content of a metadata.json file (format/spec.md "Table Metadata"). */
import type { PartitionSpec } from "./partition-spec";
import type { Schema } from "./schema";
import type { MetadataLogEntry, Snapshot, SnapshotLogEntry, SnapshotRef } from "./snapshot";
import type { SortOrder } from "./sort-order";

export type FormatVersion = 1 | 2;

export interface TableMetadata {
  readonly formatVersion: FormatVersion;
  readonly tableUuid: string;
  readonly location: string;
  readonly lastSequenceNumber: bigint;
  readonly lastUpdatedMs: number;
  readonly lastColumnId: number;
  readonly schemas: readonly Schema[];
  readonly currentSchemaId: number;
  readonly partitionSpecs: readonly PartitionSpec[];
  readonly defaultSpecId: number;
  readonly lastPartitionId: number;
  readonly properties: Readonly<Record<string, string>>;
  /** Absent or -1 in JSON when the table has no snapshot; `undefined` here. */
  readonly currentSnapshotId?: bigint;
  readonly snapshots: readonly Snapshot[];
  readonly snapshotLog: readonly SnapshotLogEntry[];
  readonly metadataLog: readonly MetadataLogEntry[];
  readonly sortOrders: readonly SortOrder[];
  readonly defaultSortOrderId: number;
  readonly refs: Readonly<Record<string, SnapshotRef>>;
  readonly statistics?: readonly unknown[];
  readonly partitionStatistics?: readonly unknown[];
}
