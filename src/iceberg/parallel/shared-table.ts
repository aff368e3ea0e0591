/**
 * An Arrow table in a form worker threads can take without a copy each: its buffers copied once
 * into one SharedArrayBuffer, its schema as an IPC message. Each worker then views the same
 * memory as an arrow-js table and encodes its own range of rows.
 */
import * as arrow from "apache-arrow";
import { LakelabError } from "../../errors";
import { ScratchMemory } from "./scratch-memory";

type TypedArray = Exclude<ArrayBufferView, DataView>;
type TypedArrayCtor = new (buffer: ArrayBufferLike, byteOffset: number, length: number) => TypedArray;

/** One arrow Data (a column of one batch), buffers in arrow-js's order: offsets, values, validity, type ids. */
export interface SharedData {
  readonly offset: number;
  readonly length: number;
  readonly nullCount: number;
  readonly buffers: readonly (TypedArray | undefined)[];
  readonly children: readonly SharedData[];
}

export interface SharedTable {
  /** The schema (with field metadata) as an Arrow IPC stream without batches. */
  readonly schema: Uint8Array;
  readonly batches: readonly { readonly length: number; readonly columns: readonly SharedData[] }[];
}

function buffersOf(d: arrow.Data): (TypedArray | undefined)[] {
  return [d.valueOffsets, d.values, d.nullBitmap, d.typeIds] as (TypedArray | undefined)[];
}

/** Shared buffers reused by successive writes (see ScratchMemory). */
export const sharedScratch = new ScratchMemory((n) => new SharedArrayBuffer(n), 5_000, 1);

/** Bytes `shareTable` copies for a table (each buffer 8-byte aligned). */
export function sharedBytes(table: arrow.Table): number {
  let total = 0;
  const measure = (d: arrow.Data): void => {
    for (const b of buffersOf(d)) if (b) total += (b.byteLength + 7) & ~7;
    d.children.forEach(measure);
  };
  for (const batch of table.batches) measure(batch.data);
  return total;
}

/**
 * The table with its buffers copied into `memory` (a SharedArrayBuffer of at least
 * `sharedBytes(table)`), or, without `memory`, the same shape over the table's own buffers
 * (for use on the calling thread).
 */
export function shareTable(table: arrow.Table, memory?: SharedArrayBuffer): SharedTable {
  const schema = arrow.tableToIPC(new arrow.Table(table.schema), "stream");
  let used = 0;
  const place = (b: TypedArray | undefined): TypedArray | undefined => {
    if (!b || !memory) return b;
    // copied as bytes: a typed set between BigInt64Arrays takes twice as long
    new Uint8Array(memory, used, b.byteLength).set(new Uint8Array(b.buffer, b.byteOffset, b.byteLength));
    const Ctor = b.constructor as TypedArrayCtor;
    const view = new Ctor(memory, used, b.byteLength / (b as Uint8Array).BYTES_PER_ELEMENT);
    used += (b.byteLength + 7) & ~7;
    return view;
  };
  const share = (d: arrow.Data): SharedData => {
    if (arrow.DataType.isDictionary(d.type)) {
      throw new LakelabError(
        "NOT_SUPPORTED",
        "dictionary-encoded columns cannot be shared with worker threads; decode them first (conformToSchema does)",
        { context: { type: String(d.type) } },
      );
    }
    return shareData(d);
  };
  const shareData = (d: arrow.Data): SharedData => ({
    offset: d.offset,
    length: d.length,
    nullCount: d.nullCount,
    buffers: buffersOf(d).map(place),
    children: d.children.map(share),
  });
  const batches = table.batches.map((b) => ({ length: b.numRows, columns: b.data.children.map(share) }));
  return { schema, batches };
}

/** The arrow-js table over a shared table's memory (no copy). */
export function unshareTable(shared: SharedTable): arrow.Table {
  const schema = arrow.tableFromIPC(shared.schema).schema;
  const data = (type: arrow.DataType, d: SharedData): arrow.Data => {
    const children = d.children.map((c, i) => data(type.children[i]!.type, c));
    const buffers = { 0: d.buffers[0], 1: d.buffers[1], 2: d.buffers[2], 3: d.buffers[3] };
    return new arrow.Data(type, d.offset, d.length, d.nullCount, buffers as never, children);
  };
  const batches = shared.batches.map(({ length, columns }) => {
    const struct = arrow.makeData({
      type: new arrow.Struct(schema.fields),
      length,
      nullCount: 0,
      children: columns.map((c, i) => data(schema.fields[i]!.type, c)),
    });
    return new arrow.RecordBatch(schema, struct);
  });
  return new arrow.Table(schema, batches);
}
