/**
 * The Parquet work lakelab hands to worker threads, as plain functions of clonable messages:
 * the same code runs in a worker (parquet-worker.ts) or, without workers, on the calling thread.
 * Tables to encode are shared (shared-table.ts); decoded tables come back as IPC stream bytes,
 * whose buffer is transferred, not copied.
 */
import * as arrow from "apache-arrow";
import * as parquet from "parquet-wasm/node";
import type { NestedField } from "../spec/schema";
import { type ColumnStats, columnStats } from "../writer/column-stats";
import { encodeParquet, memoryBlob, type ParquetEncoding, parquetColumnSizes } from "../writer/parquet-file";
import { ScratchMemory } from "./scratch-memory";
import { type SharedTable, unshareTable } from "./shared-table";

/** Encode rows [start, end) of a shared Arrow table as one Parquet file; measure it for the manifest. */
export interface EncodeTask {
  readonly op: "encode";
  readonly data: SharedTable;
  readonly start: number;
  readonly end: number;
  readonly encoding: ParquetEncoding;
  /** The table's top-level fields, in column order: bounds and counts are taken for primitives. */
  readonly fields: readonly NestedField[];
}

export interface EncodeResult {
  readonly bytes: Uint8Array;
  /** Compressed bytes per top-level column name. */
  readonly columnSizes: ReadonlyMap<string, number>;
  readonly stats: ReadonlyMap<number, ColumnStats>;
}

/** Decode a whole Parquet file (or some of its row groups) to an Arrow IPC stream. */
export interface DecodeTask {
  readonly op: "decode";
  readonly bytes: Uint8Array;
  readonly rowGroups?: readonly number[];
  readonly batchSize: number;
}

export interface DecodeResult {
  /** One IPC stream per record batch (one with the schema alone when there are none). */
  readonly ipc: readonly Uint8Array[];
}

export type ParquetTask = EncodeTask | DecodeTask;

export async function runParquetTask(task: ParquetTask): Promise<EncodeResult | DecodeResult> {
  switch (task.op) {
    case "encode":
      return encodeTask(task);
    case "decode":
      return decodeTask(task);
    default: {
      const never: never = task;
      throw new Error(`unknown Parquet task ${JSON.stringify(never)}`);
    }
  }
}

async function encodeTask(task: EncodeTask): Promise<EncodeResult> {
  const whole = unshareTable(task.data);
  const table = task.start === 0 && task.end === whole.numRows ? whole : whole.slice(task.start, task.end);
  const stats = new Map<number, ColumnStats>();
  task.fields.forEach((field, i) => {
    if (typeof field.type === "string") stats.set(field.id, columnStats(table.getChildAt(i)!, field.type));
  });
  const bytes = withIpc(table, (ipc) => encodeParquet(ipc, task.encoding));
  return { bytes, columnSizes: await parquetColumnSizes(bytes), stats };
}

/** This thread's buffers for IPC streams on their way into wasm memory (see ScratchMemory). */
const ipcScratch = new ScratchMemory((n) => new ArrayBuffer(n));

/**
 * The table as an Arrow IPC stream, passed to `use` and valid only during the call: written into
 * a kept scratch buffer, since arrow-js's `tableToIPC` would join the writer's chunks (mostly
 * views of the table's own buffers) into fresh memory each time.
 */
function withIpc<T>(table: arrow.Table, use: (ipc: Uint8Array) => T): T {
  const writer = arrow.RecordBatchStreamWriter.writeAll(table);
  const chunks = (writer as unknown as { _sink?: { _values?: unknown } })._sink?._values;
  if (!Array.isArray(chunks) || !chunks.every((c) => c instanceof Uint8Array)) {
    return use(writer.toUint8Array(true));
  }
  const size = chunks.reduce((n: number, c: Uint8Array) => n + c.byteLength, 0);
  const scratch = ipcScratch.acquire(size);
  try {
    const ipc = new Uint8Array(scratch, 0, size);
    let at = 0;
    for (const c of chunks as Uint8Array[]) {
      ipc.set(c, at);
      at += c.byteLength;
    }
    return use(ipc);
  } finally {
    ipcScratch.release(scratch);
  }
}

function decodeTask(task: DecodeTask): DecodeResult {
  const options = {
    batchSize: task.batchSize,
    ...(task.rowGroups ? { rowGroups: [...task.rowGroups] } : {}),
  };
  const table = parquet.readParquet(task.bytes, options);
  try {
    const batches = table.recordBatches();
    // Batch by batch: wasm memory holds the decoded rows plus one batch's stream, not two copies.
    if (batches.length > 0) return { ipc: batches.map((b) => b.intoIPCStream()) };
    return { ipc: [table.intoIPCStream()] };
  } finally {
    table.free();
  }
}

/** The Arrow table of a decode result. */
export function decodedTable(result: DecodeResult): arrow.Table {
  const parts = result.ipc.map((ipc) => arrow.tableFromIPC(ipc));
  return new arrow.Table(
    parts[0]!.schema,
    parts.flatMap((p) => p.batches),
  );
}

/** Row groups of an in-memory Parquet file (its footer only is parsed). */
export async function rowGroupCount(bytes: Uint8Array): Promise<number> {
  const file = await parquet.ParquetFile.fromFile(memoryBlob(bytes));
  try {
    return file.metadata().numRowGroups();
  } finally {
    file.free();
  }
}
