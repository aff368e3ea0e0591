import type * as arrow from "apache-arrow";
import type { FileIO } from "../io/file-io";
import { parquetPool } from "../parallel/parquet-pool";
import { mapLimit } from "../scan/plan-files";
import type { DataFile } from "../spec/manifest";
import type { PartitionSpec } from "../spec/partition-spec";
import type { Schema } from "../spec/schema";
import { PARQUET_CODECS, type ParquetCompression } from "./parquet-file";
import { ParquetWriter, type ParquetWriterOptions } from "./parquet-writer";
import { splitByPartition } from "./split-by-partition";
import { toDataFile } from "./to-data-file";
import type { WrittenFile } from "./written-file";

/**
 * The writer options a table's properties ask for (`write.parquet.compression-codec`,
 * `write.target-file-size-bytes`, `write.parquet.row-group-limit`); options given to the
 * write call win. A codec lakelab cannot write (Java's lz4, brotli) leaves the default, zstd.
 */
export function writerOptionsFor(
  properties: Readonly<Record<string, string>>,
  options: ParquetWriterOptions = {},
): ParquetWriterOptions {
  const codec = properties["write.parquet.compression-codec"]?.toLowerCase() as
    | ParquetCompression
    | undefined;
  const target = Number(properties["write.target-file-size-bytes"]);
  const rowGroup = Number(properties["write.parquet.row-group-limit"]);
  return {
    ...(codec && codec in PARQUET_CODECS ? { compression: codec } : {}),
    ...(Number.isSafeInteger(target) && target > 0 ? { targetFileSizeBytes: target } : {}),
    ...(Number.isSafeInteger(rowGroup) && rowGroup > 0 ? { rowGroupRows: rowGroup } : {}),
    ...definedOnly(options),
  };
}

const WRITER_KEYS = ["compression", "targetFileSizeBytes", "rowGroupRows"] as const;

function definedOnly(options: ParquetWriterOptions): ParquetWriterOptions {
  return Object.fromEntries(WRITER_KEYS.filter((k) => options[k] !== undefined).map((k) => [k, options[k]]));
}

/**
 * Writes conformed data as Parquet files under `<tableLocation>/data/<partition path>/`,
 * split per partition and rolled over at the target size; returns their manifest entries.
 * Partitions are written concurrently (one per worker thread); if any fails, every file this
 * call stored is deleted and the error of the first failed partition is thrown.
 */
export async function writeDataFiles(
  io: FileIO,
  tableLocation: string,
  schema: Schema,
  spec: PartitionSpec,
  data: arrow.Table,
  options: ParquetWriterOptions = {},
): Promise<DataFile[]> {
  const writer = new ParquetWriter(io, `${tableLocation.replace(/\/+$/, "")}/data`, schema, options);
  const groups = splitByPartition(data, schema, spec);
  const limit = Math.max(1, parquetPool()?.size ?? 1);
  // Settled, not thrown, so that no partition is still writing when the stored files are deleted.
  const settled = await mapLimit(groups, limit, (g) =>
    writer.write(g.data, g.partition, g.path).then(
      (files) => ({ files }),
      (error: unknown) => ({ files: [] as WrittenFile[], error }),
    ),
  );
  const failed = settled.find((r) => "error" in r);
  if (failed) {
    const stored = settled.flatMap((r) => r.files);
    await Promise.all(stored.map((f) => io.delete(f.location).catch(() => undefined)));
    throw (failed as { error: unknown }).error;
  }
  return settled.flatMap((r) => r.files).map((file) => toDataFile(file, schema));
}
