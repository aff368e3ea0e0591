import * as arrow from "apache-arrow";
import * as parquet from "parquet-wasm/node";
import { LakelabError } from "../../errors";

export type ParquetCompression = "zstd" | "snappy" | "gzip" | "uncompressed";

const CODECS: Record<ParquetCompression, parquet.Compression> = {
  zstd: parquet.Compression.ZSTD,
  snappy: parquet.Compression.SNAPPY,
  gzip: parquet.Compression.GZIP,
  uncompressed: parquet.Compression.UNCOMPRESSED,
};

/**
 * Encodes an Arrow table as one Parquet file with parquet-wasm (arrow-rs). Field metadata
 * `PARQUET:field_id` becomes each column's Parquet `field_id`.
 */
export function encodeParquet(table: arrow.Table, compression: ParquetCompression = "zstd"): Uint8Array {
  const codec = CODECS[compression];
  if (codec === undefined) {
    throw new LakelabError(
      "INVALID_PARAMETER_VALUE",
      `unknown Parquet compression '${compression}'; use one of ${Object.keys(CODECS).join(", ")}`,
      { context: { compression } },
    );
  }
  const wasmTable = parquet.Table.fromIPCStream(arrow.tableToIPC(table, "stream"));
  const props = new parquet.WriterPropertiesBuilder()
    .setCompression(codec)
    .setCreatedBy("lakelab (parquet-wasm)")
    .build();
  // writeParquet consumes (and frees) both the table and the properties.
  return parquet.writeParquet(wasmTable, props);
}

/**
 * Compressed bytes per top-level column, summed over row groups, read back from the footer
 * of the file just written (Iceberg's column_sizes). Keys are top-level column names.
 */
export async function parquetColumnSizes(bytes: Uint8Array): Promise<Map<string, number>> {
  const file = await parquet.ParquetFile.fromFile(new Blob([bytes]));
  const sizes = new Map<string, number>();
  try {
    const meta = file.metadata();
    for (const rg of meta.rowGroups()) {
      for (const col of rg.columns()) {
        const path = col.columnPath();
        if (path.length !== 1) continue;
        sizes.set(path[0]!, (sizes.get(path[0]!) ?? 0) + col.compressedSize());
      }
    }
  } finally {
    file.free();
  }
  return sizes;
}
