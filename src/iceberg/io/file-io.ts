/**
 * What lakelab needs from a file system, by location (a `file://` URI, a plain path, or an
 * `s3://` URI): whole-file reads and writes, ranged reads for Parquet column chunks, listing.
 */
export interface WriteOptions {
  /** Replace an existing file; by default the write fails when the file exists. */
  readonly overwrite?: boolean;
  /**
   * The caller put a fresh random UUID in the name, so no other writer can have made the file:
   * a store may skip a round trip whose only purpose is to look for it first (S3 then keeps
   * only the conditional PUT). Iceberg names every data, manifest and metadata file this way.
   */
  readonly uniqueName?: boolean;
}

export interface FileIO {
  read(location: string): Promise<Uint8Array>;
  /** `length` bytes from `offset` (fewer only at the end of the file). */
  readRange(location: string, offset: number, length: number): Promise<Uint8Array>;
  /** The file's length in bytes; FILE_NOT_FOUND when it does not exist. */
  size(location: string): Promise<number>;
  /** Writes atomically: the file appears whole or not at all. Fails if it exists and `overwrite` is false. */
  write(location: string, data: Uint8Array, options?: WriteOptions): Promise<void>;
  exists(location: string): Promise<boolean>;
  delete(location: string): Promise<void>;
  /** Lists files (recursively) under a folder location, with their modification times. */
  list(prefix: string): Promise<readonly { location: string; size: number; modifiedMs: number }[]>;
}
