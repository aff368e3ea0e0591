/** Manifest lists, manifests and data files (format/spec.md "Manifests", "Manifest Lists"). */

export type ManifestContent = "data" | "deletes";
/** data_file.content: 0 data, 1 position deletes, 2 equality deletes. */
export type DataFileContent = "data" | "position-deletes" | "equality-deletes";
export type ManifestEntryStatus = "existing" | "added" | "deleted";

export interface FieldSummary {
  readonly containsNull: boolean;
  readonly containsNan?: boolean;
  readonly lowerBound?: Uint8Array;
  readonly upperBound?: Uint8Array;
}

/** One entry of a manifest list. */
export interface ManifestFile {
  readonly manifestPath: string;
  readonly manifestLength: bigint;
  readonly partitionSpecId: number;
  readonly content: ManifestContent;
  readonly sequenceNumber: bigint;
  readonly minSequenceNumber: bigint;
  readonly addedSnapshotId: bigint;
  readonly addedFilesCount: number;
  readonly existingFilesCount: number;
  readonly deletedFilesCount: number;
  readonly addedRowsCount: bigint;
  readonly existingRowsCount: bigint;
  readonly deletedRowsCount: bigint;
  readonly partitions?: readonly FieldSummary[];
  readonly keyMetadata?: Uint8Array;
}

/** A partition tuple: values keyed by partition field id, in the spec's in-memory form. */
export type PartitionValues = ReadonlyMap<number, unknown>;

export interface DataFile {
  readonly content: DataFileContent;
  readonly filePath: string;
  readonly fileFormat: "PARQUET" | "AVRO" | "ORC" | "PUFFIN";
  readonly partition: PartitionValues;
  readonly recordCount: bigint;
  readonly fileSizeInBytes: bigint;
  readonly columnSizes?: ReadonlyMap<number, bigint>;
  readonly valueCounts?: ReadonlyMap<number, bigint>;
  readonly nullValueCounts?: ReadonlyMap<number, bigint>;
  readonly nanValueCounts?: ReadonlyMap<number, bigint>;
  /** Single-value binary serialization (format/spec.md appendix D). */
  readonly lowerBounds?: ReadonlyMap<number, Uint8Array>;
  readonly upperBounds?: ReadonlyMap<number, Uint8Array>;
  readonly keyMetadata?: Uint8Array;
  readonly splitOffsets?: readonly bigint[];
  readonly equalityIds?: readonly number[];
  readonly sortOrderId?: number;
}

export interface ManifestEntry {
  readonly status: ManifestEntryStatus;
  /** Inherited from the manifest list entry when null in the file (v2 inheritance rules). */
  readonly snapshotId?: bigint;
  readonly sequenceNumber?: bigint;
  readonly fileSequenceNumber?: bigint;
  readonly dataFile: DataFile;
}
