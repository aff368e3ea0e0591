import { randomUUID } from "node:crypto";
import type * as arrow from "apache-arrow";
import type { FileIO } from "../io/file-io";
import type { Schema } from "../spec/schema";
import { type ColumnStats, columnStats } from "./column-stats";
import { encodeParquet, type ParquetCompression, parquetColumnSizes } from "./parquet-file";
import type { WrittenFile } from "./written-file";

/** write.target-file-size-bytes default in Iceberg: 512 MiB. */
export const DEFAULT_TARGET_FILE_SIZE_BYTES = 512 * 1024 * 1024;

export interface ParquetWriterOptions {
  /** Files roll over near this size (estimated from the bytes per row of the files written so far). */
  readonly targetFileSizeBytes?: number;
  readonly compression?: ParquetCompression;
}

/**
 * Writes data files for one partition of a table: rows are cut into files of about
 * `targetFileSizeBytes`, each encoded with its Iceberg field ids and measured for the manifest.
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
    const target = this.options.targetFileSizeBytes ?? DEFAULT_TARGET_FILE_SIZE_BYTES;
    const files: WrittenFile[] = [];
    // Arrow's in-memory size over-estimates the compressed size, so the first file stays under target.
    let bytesPerRow = data.numRows > 0 ? Math.max(1, arrowBytes(data) / data.numRows) : 1;
    for (let start = 0; start < data.numRows; ) {
      const rows = Math.max(1, Math.min(data.numRows - start, Math.floor(target / bytesPerRow)));
      const slice = rows === data.numRows ? data : data.slice(start, start + rows);
      const file = await this.writeFile(slice, partition, partitionPath);
      files.push(file);
      bytesPerRow = Math.max(1, file.fileSizeInBytes / rows);
      start += rows;
    }
    return files;
  }

  private async writeFile(
    data: arrow.Table,
    partition: ReadonlyMap<number, unknown>,
    partitionPath: string,
  ): Promise<WrittenFile> {
    const bytes = encodeParquet(data, this.options.compression ?? "zstd");
    const name = `${String(this.fileCount++).padStart(5, "0")}-0-${this.writeId}-00001.parquet`;
    // locations are literal (no percent-decoding), so the folder is named as Java names it: `name=a%2Fb`
    const location = `${this.dataLocation}/${partitionPath ? `${partitionPath}/` : ""}${name}`;
    await this.io.write(location, bytes, { uniqueName: true });
    const sizesByName = await parquetColumnSizes(bytes);
    const stats = new Map<number, ColumnStats>();
    const columnSizes = new Map<number, number>();
    this.schema.fields.forEach((field, i) => {
      const size = sizesByName.get(field.name);
      if (size !== undefined) columnSizes.set(field.id, size);
      if (typeof field.type === "string") stats.set(field.id, columnStats(data.getChildAt(i)!, field.type));
    });
    return {
      location,
      fileSizeInBytes: bytes.length,
      recordCount: data.numRows,
      stats,
      columnSizes,
      partition,
    };
  }
}

/** Bytes held by a table's buffers. */
export function arrowBytes(table: arrow.Table): number {
  let total = 0;
  const visit = (d: arrow.Data): void => {
    for (const b of [d.values, d.valueOffsets, d.nullBitmap] as (ArrayBufferView | undefined)[]) {
      total += b?.byteLength ?? 0;
    }
    for (const c of d.children) visit(c);
  };
  for (const batch of table.batches) visit(batch.data);
  return total;
}
