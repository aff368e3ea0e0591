/**
 * What lakelab needs from a file system: whole-file reads and writes by location (a `file://`
 * URI or a plain path). Local files now; object storage implements the same interface later.
 */
export interface FileIO {
  read(location: string): Promise<Uint8Array>;
  /** Writes atomically: the file appears whole or not at all. Fails if it exists and `overwrite` is false. */
  write(location: string, data: Uint8Array, options?: { overwrite?: boolean }): Promise<void>;
  exists(location: string): Promise<boolean>;
  delete(location: string): Promise<void>;
  /** Lists files (recursively) under a folder location, with their modification times. */
  list(prefix: string): Promise<readonly { location: string; size: number; modifiedMs: number }[]>;
}
