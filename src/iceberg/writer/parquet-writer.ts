import { randomUUID } from "node:crypto";
import type * as arrow from "apache-arrow";
import type { FileIO } from "../io/file-io";
import { encodeOnPool, parquetPool } from "../parallel/parquet-pool";
import { type SharedTable, sharedBytes, sharedScratch, shareTable } from "../parallel/shared-table";
import type { Schema } from "../spec/schema";
import {
  checkCompression,
  DEFAULT_ROW_GROUP_ROWS,
  type ParquetCompression,
  type ParquetEncoding,
} from "./parquet-file";
import type { WrittenFile } from "./written-file";

/** write.target-file-size-bytes default in Iceberg: 512 MiB. */
export const DEFAULT_TARGET_FILE_SIZE_BYTES = 512 * 1024 * 1024;

/** Fewest rows worth a file of their own when a write is spread over the worker threads. */
export const MIN_ROWS_PER_PARALLEL_FILE = 128 * 1024;

export interface ParquetWriterOptions {
  /** Files roll over near this size (estimated from the bytes per row of the files written so far). */
  readonly targetFileSizeBytes?: number;
  readonly compression?: ParquetCompression;
  /** Rows per Parquet row group (default 1,048,576, as pyiceberg). */
  readonly rowGroupRows?: number;
}

/**
 * Writes data files for one partition of a table: rows are cut into files of about
 * `targetFileSizeBytes`, each encoded with its Iceberg field ids and measured for the manifest.
 * A large write is also spread over the worker threads, one file per worker (each at least
 * MIN_ROWS_PER_PARALLEL_FILE rows, at most one row group), encoded in parallel while finished files are stored.
 * If any file fails, the files this call stored are deleted and the error is thrown.
 * `data` must already be conformed to `schema` (see `conformToSchema`).
 */
export class ParquetWriter {
  private readonly writeId = randomUUID();
  private fileCount = 0;

  constructor(
    private readonly io: FileIO,
    private readonly dataLocation: string,
    private readonly schema: Schema,
    private readonly options: ParquetWriterOptions = {},
  ) {}

  async write(
    data: arrow.Table,
    partition: ReadonlyMap<number, unknown>,
    partitionPath = "",
  ): Promise<WrittenFile[]> {
    checkCompression(this.options.compression ?? "zstd");
    const target = this.options.targetFileSizeBytes ?? DEFAULT_TARGET_FILE_SIZE_BYTES;
    const workers = parquetPool()?.size ?? 1;
    const spread = Math.min(workers, Math.floor(data.numRows / MIN_ROWS_PER_PARALLEL_FILE));
    // A spread write's files are at most a row group each: a worker's memory grows with its file.
    const rowGroupRows = this.options.rowGroupRows ?? DEFAULT_ROW_GROUP_ROWS;
    const perWorker = spread > 1 ? Math.min(rowGroupRows, Math.ceil(data.numRows / spread)) : data.numRows;
    const files: WrittenFile[] = [];
    const pending = new Set<Promise<void>>();
    let failure: unknown;
    const inMemory = sharedBytes(data);
    // Arrow's in-memory size over-estimates the compressed size, so the first file stays under target.
    let bytesPerRow = data.numRows > 0 ? Math.max(1, inMemory / data.numRows) : 1;
    // Copied once into shared memory: every worker encodes its rows from the same copy.
    const memory = parquetPool() ? sharedScratch.acquire(inMemory) : undefined;
    const shared = shareTable(data, memory);
    for (let start = 0, index = 0; start < data.numRows && failure === undefined; index++) {
      const rows = Math.max(1, Math.min(data.numRows - start, perWorker, Math.floor(target / bytesPerRow)));
      const at = index;
      const task: Promise<void> = this.writeFile(shared, start, start + rows, partition, partitionPath)
        .then((file) => {
          files[at] = file;
          bytesPerRow = Math.max(1, file.fileSizeInBytes / rows);
        })
        .catch((err: unknown) => {
          failure ??= err;
        })
        .finally(() => pending.delete(task));
      pending.add(task);
      start += rows;
      while (pending.size >= Math.max(1, workers)) await Promise.race(pending);
    }
    await Promise.all(pending);
    if (memory) sharedScratch.release(memory);
    if (failure !== undefined) {
      await Promise.all(files.filter(Boolean).map((f) => this.io.delete(f.location).catch(() => undefined)));
      throw failure;
    }
    return files;
  }

  private async writeFile(
    data: SharedTable,
    start: number,
    end: number,
    partition: ReadonlyMap<number, unknown>,
    partitionPath: string,
  ): Promise<WrittenFile> {
    const name = `${String(this.fileCount++).padStart(5, "0")}-0-${this.writeId}-00001.parquet`;
    const encoding: ParquetEncoding = {
      compression: this.options.compression ?? "zstd",
      rowGroupRows: this.options.rowGroupRows ?? DEFAULT_ROW_GROUP_ROWS,
    };
    const encoded = await encodeOnPool({
      op: "encode",
      data,
      start,
      end,
      encoding,
      fields: this.schema.fields,
    });
    // locations are literal (no percent-decoding), so the folder is named as Java names it: `name=a%2Fb`
    const location = `${this.dataLocation}/${partitionPath ? `${partitionPath}/` : ""}${name}`;
    await this.io.write(location, encoded.bytes, { uniqueName: true });
    const columnSizes = new Map<number, number>();
    for (const field of this.schema.fields) {
      const size = encoded.columnSizes.get(field.name);
      if (size !== undefined) columnSizes.set(field.id, size);
    }
    return {
      location,
      fileSizeInBytes: encoded.bytes.length,
      recordCount: end - start,
      stats: encoded.stats,
      columnSizes,
      partition,
    };
  }
}
