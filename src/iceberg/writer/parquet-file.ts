import * as parquet from "parquet-wasm/node";
import { LakelabError } from "../../errors";

export type ParquetCompression = "zstd" | "snappy" | "gzip" | "uncompressed";

export const PARQUET_CODECS: Readonly<Record<ParquetCompression, parquet.Compression>> = {
  zstd: parquet.Compression.ZSTD,
  snappy: parquet.Compression.SNAPPY,
  gzip: parquet.Compression.GZIP,
  uncompressed: parquet.Compression.UNCOMPRESSED,
};

/** How data files are encoded (Iceberg's `write.parquet.*` properties). */
export interface ParquetEncoding {
  readonly compression: ParquetCompression;
  /** Rows per row group (`write.parquet.row-group-limit`; pyiceberg's default is 1,048,576). */
  readonly rowGroupRows: number;
}

/** pyiceberg's `write.parquet.row-group-limit` default, which is also arrow-rs's. */
export const DEFAULT_ROW_GROUP_ROWS = 1024 * 1024;

/** The codec, or a typed error naming the ones lakelab writes. */
export function checkCompression(compression: string): ParquetCompression {
  if (PARQUET_CODECS[compression as ParquetCompression] === undefined) {
    throw new LakelabError(
      "INVALID_PARAMETER_VALUE",
      `unknown Parquet compression '${compression}'; use one of ${Object.keys(PARQUET_CODECS).join(", ")}`,
      { context: { compression } },
    );
  }
  return compression as ParquetCompression;
}

/**
 * Encodes an Arrow IPC stream as one Parquet file with parquet-wasm (arrow-rs). Field metadata
 * `PARQUET:field_id` becomes each column's Parquet `field_id`.
 */
export function encodeParquet(ipc: Uint8Array, encoding: ParquetEncoding): Uint8Array {
  const codec = PARQUET_CODECS[checkCompression(encoding.compression)];
  const wasmTable = parquet.Table.fromIPCStream(ipc);
  const props = new parquet.WriterPropertiesBuilder()
    .setCompression(codec)
    .setMaxRowGroupSize(encoding.rowGroupRows)
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
  const file = await parquet.ParquetFile.fromFile(memoryBlob(bytes));
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

/**
 * A Blob-shaped view of a file in memory: parquet-wasm's reader asks it for the ranges it needs
 * (the footer), so reading metadata copies those bytes and not the whole file, as `new Blob` would.
 */
export function memoryBlob(bytes: Uint8Array): Blob {
  const view = {
    size: bytes.length,
    slice: (start = 0, end = bytes.length) => ({
      arrayBuffer: async () => bytes.slice(start, end).buffer,
    }),
  };
  return view as unknown as Blob;
}
