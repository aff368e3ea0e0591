import type { ColumnStats } from "./column-stats";

/** A Parquet file just written, with what its manifest entry needs (before bound encoding). */
export interface WrittenFile {
  readonly location: string;
  readonly fileSizeInBytes: number;
  readonly recordCount: number;
  /** Keyed by Iceberg field id. */
  readonly stats: ReadonlyMap<number, ColumnStats>;
  readonly columnSizes: ReadonlyMap<number, number>;
  /** Partition values keyed by partition field id (empty when unpartitioned). */
  readonly partition: ReadonlyMap<number, unknown>;
  /** Byte offsets of row groups, for split planning. */
  readonly splitOffsets?: readonly number[];
}
