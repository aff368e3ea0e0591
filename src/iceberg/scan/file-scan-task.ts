/** The unit of reading: one data file and the delete files that apply to it. */
import type { DataFile } from "../spec/manifest";

export interface DeleteFileRef {
  readonly file: DataFile;
  readonly sequenceNumber: bigint;
  readonly specId: number;
}

export interface FileScanTask {
  readonly dataFile: DataFile;
  readonly specId: number;
  readonly dataSequenceNumber: bigint;
  readonly deletes: readonly DeleteFileRef[];
}
