/**
 * Reads one Parquet data file into Arrow with the columns of an Iceberg schema, matched BY FIELD
 * ID (Parquet `field_id`, surfaced by parquet-wasm as `PARQUET:field_id`). Files written without
 * ids (some pyiceberg v1 / migrated Hive files) fall back to `schema.name-mapping.default`, then
 * to column names. Columns the file lacks read as nulls; promoted types (int → long, ...) are cast.
 */
import * as arrow from "apache-arrow";
import * as parquet from "parquet-wasm/node";
import { LakelabError } from "../../errors";
import { castData } from "../arrow/cast-data";
import { icebergToArrowField, PARQUET_FIELD_ID } from "../arrow/iceberg-to-arrow-schema";
import type { FileIO } from "../io/file-io";
import { decodeOnPool, parquetPool } from "../parallel/parquet-pool";
import { decodedTable, rowGroupCount } from "../parallel/parquet-tasks";
import { parseJson } from "../spec/json";
import type { NestedField } from "../spec/schema";

/** Rows per Arrow batch decoded from Parquet: big batches keep per-batch overhead off the hot path. */
const BATCH_SIZE = 1 << 17;

function fileFieldIds(schema: arrow.Schema): (number | undefined)[] {
  return schema.fields.map((f) => {
    const id = f.metadata.get(PARQUET_FIELD_ID);
    return id === undefined ? undefined : Number(id);
  });
}

/** Top-level name → field id from the table's `schema.name-mapping.default` property. */
export function parseNameMapping(json: string | undefined): Map<string, number> | undefined {
  if (!json) return undefined;
  const out = new Map<string, number>();
  const list = parseJson(json, "schema.name-mapping.default") as { "field-id"?: number; names?: string[] }[];
  if (!Array.isArray(list)) return undefined;
  for (const e of list)
    for (const n of e.names ?? []) if (e["field-id"] !== undefined) out.set(n, Number(e["field-id"]));
  return out;
}

const PARQUET_MAGIC = [0x50, 0x41, 0x52, 0x31]; // "PAR1"

function corrupt(location: string, err: unknown): LakelabError {
  if (err instanceof LakelabError) return err;
  return new LakelabError(
    "FILE_CORRUPT",
    `${location} is not a readable Parquet file: ${String((err as Error)?.message ?? err)}`,
    { context: { location }, cause: err },
  );
}

/**
 * A Blob-shaped view of a file that parquet-wasm's async reader pulls ranges from: it asks for
 * the footer (served from `tail`, already read and checked), then for each wanted column chunk,
 * and each such ask is one `io.readRange`. The first failure is kept, because parquet-wasm turns
 * the JS error into a string.
 */
class RangedFile {
  failure: unknown;
  constructor(
    private readonly io: FileIO,
    private readonly location: string,
    readonly size: number,
    private readonly tail: Uint8Array,
  ) {}

  slice(start = 0, end = this.size): { arrayBuffer(): Promise<ArrayBuffer> } {
    return {
      arrayBuffer: async () => {
        const tailStart = this.size - this.tail.length;
        if (start >= tailStart) return copy(this.tail.subarray(start - tailStart, end - tailStart));
        try {
          return copy(await this.io.readRange(this.location, start, Math.max(0, end - start)));
        } catch (err) {
          this.failure ??= err;
          throw err;
        }
      },
    };
  }
}

function copy(bytes: Uint8Array): ArrayBuffer {
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
}

/** Bytes read from the end of a file up front: a small footer fits, a larger one is read by range. */
const TAIL_BYTES = 8 * 1024;

/**
 * The first 4 and last TAIL_BYTES bytes, checked before parquet-wasm sees the file: its footer
 * reader traps (an uncatchable wasm `unreachable`) on a file without the trailing magic.
 */
async function checkedEnds(io: FileIO, location: string, size: number): Promise<Uint8Array> {
  if (size < 12) throw notParquet(location);
  const length = Math.min(size, TAIL_BYTES);
  const [head, tail] = await Promise.all([
    io.readRange(location, 0, 4),
    io.readRange(location, size - length, length),
  ]);
  const n = tail.length;
  if (n !== length || PARQUET_MAGIC.some((b, i) => head[i] !== b || tail[n - 4 + i] !== b)) {
    throw notParquet(location);
  }
  const footer = new DataView(tail.buffer, tail.byteOffset + n - 8, 4).getUint32(0, true);
  if (footer + 12 > size) throw notParquet(location);
  return tail;
}

function notParquet(location: string): LakelabError {
  return new LakelabError(
    "FILE_CORRUPT",
    `${location} is not a readable Parquet file: it must start and end with the magic bytes 'PAR1'`,
    { context: { location } },
  );
}

/** What the caller knows about a data file before opening it (from its manifest entry). */
export interface DataFileHints {
  /** The file's length (`file_size_in_bytes`): no size request before the footer read. */
  readonly size?: number;
  /** Every column of the table is wanted: read the whole file at once, without the footer first. */
  readonly wholeFile?: boolean;
}

/**
 * Decodes the file. A column subset is read by range (footer, then only those column chunks:
 * on object storage the other columns are never fetched); all columns are one whole-file read,
 * decoded synchronously, which is the fastest path for local files and one request on S3.
 */
async function decode(
  io: FileIO,
  location: string,
  wanted: readonly NestedField[],
  nameMapping: Map<string, number> | undefined,
  hints: DataFileHints,
): Promise<arrow.Table> {
  return hints.wholeFile
    ? decodeWhole(io, location)
    : decodeColumns(io, location, wanted, nameMapping, hints.size ?? (await io.size(location)));
}

/** A column subset by range; falls back to the whole file when the subset is every column. */
async function decodeColumns(
  io: FileIO,
  location: string,
  wanted: readonly NestedField[],
  nameMapping: Map<string, number> | undefined,
  size: number,
): Promise<arrow.Table> {
  const ranged = new RangedFile(io, location, size, await checkedEnds(io, location, size));
  const file = await parquet.ParquetFile.fromFile(ranged as unknown as Blob).catch((err: unknown) => {
    throw ranged.failure ?? corrupt(location, err);
  });
  try {
    const schema = arrow.tableFromIPC(file.schema().intoIPCStream()).schema;
    const needed = [...new Set(matchColumns(schema, wanted, nameMapping).filter((p) => p >= 0))];
    const flat = needed.every((p) => (schema.fields[p]!.type.children ?? []).length === 0);
    if (needed.length > 0 && needed.length < schema.fields.length && flat) {
      const columns = needed.map((p) => schema.fields[p]!.name);
      return arrow.tableFromIPC((await file.read({ batchSize: BATCH_SIZE, columns })).intoIPCStream());
    }
  } catch (err) {
    throw ranged.failure ?? corrupt(location, err);
  } finally {
    file.free();
  }
  return decodeWhole(io, location);
}

async function decodeWhole(io: FileIO, location: string): Promise<arrow.Table> {
  const bytes = await io.read(location);
  const n = bytes.length;
  if (n < 12 || PARQUET_MAGIC.some((b, i) => bytes[i] !== b || bytes[n - 4 + i] !== b))
    throw notParquet(location);
  try {
    return await decodeBytes(bytes);
  } catch (err) {
    throw corrupt(location, err);
  }
}

/** Files smaller than this are decoded whole by one worker: a split would cost more than it saves. */
const SPLIT_MIN_BYTES = 4 * 1024 * 1024;

/**
 * Decodes a whole file on the worker threads: one task for a small file or a single row group;
 * else one task per row group, all reading one shared copy of the bytes. Batches are in file order.
 */
async function decodeBytes(bytes: Uint8Array): Promise<arrow.Table> {
  const pool = parquetPool();
  const groups = pool && pool.size > 1 && bytes.length >= SPLIT_MIN_BYTES ? await rowGroupCount(bytes) : 1;
  const decode = (input: Uint8Array, rowGroups?: number[]) =>
    decodeOnPool({ op: "decode", bytes: input, batchSize: BATCH_SIZE, rowGroups });
  if (groups <= 1) return decodedTable(await decode(bytes));
  const shared = new Uint8Array(new SharedArrayBuffer(bytes.length));
  shared.set(bytes);
  const parts = await Promise.all(Array.from({ length: groups }, (_, g) => decode(shared, [g])));
  return decodedTable({ ipc: parts.flatMap((p) => p.ipc) });
}

/** An all-null column; makeData without buffers would read back `undefined`, not null. */
function nullColumn(type: arrow.DataType, length: number): arrow.Data {
  return (
    arrow.vectorFromArray(new Array(length).fill(null), type).data[0] ??
    arrow.makeData({ type, length: 0, nullCount: 0 } as never)
  );
}

/** Index of the file column holding each wanted field (by id, else by mapped name), or -1. */
function matchColumns(
  fileSchema: arrow.Schema,
  wanted: readonly NestedField[],
  nameMapping?: Map<string, number>,
): number[] {
  const ids = fileFieldIds(fileSchema);
  const hasIds = ids.some((x) => x !== undefined);
  const effective = hasIds
    ? ids
    : fileSchema.fields.map((f) => nameMapping?.get(f.name) ?? wanted.find((w) => w.name === f.name)?.id);
  return wanted.map((w) => effective.indexOf(w.id));
}

/** Reads `location` with exactly the columns `wanted` (in that order, typed as the Iceberg schema says). */
export async function readDataFile(
  io: FileIO,
  location: string,
  wanted: readonly NestedField[],
  nameMapping?: Map<string, number>,
  hints: DataFileHints = {},
): Promise<arrow.Table> {
  const target = new arrow.Schema(wanted.map(icebergToArrowField));
  const table = await decode(io, location, wanted, nameMapping, hints);
  const remap = matchColumns(table.schema, wanted, nameMapping);
  const batches = table.batches.map((batch) => {
    const children = target.fields.map((f, i) => {
      const p = remap[i]!;
      if (p < 0) return nullColumn(f.type, batch.numRows);
      return castData(batch.data.children[p]!, f.type);
    });
    const struct = arrow.makeData({
      type: new arrow.Struct(target.fields),
      length: batch.numRows,
      nullCount: 0,
      children,
    });
    return new arrow.RecordBatch(target, struct);
  });
  return new arrow.Table(target, batches);
}
