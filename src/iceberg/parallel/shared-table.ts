/**
 * An Arrow table in a form worker threads can take without a copy each: its buffers copied once
 * into one SharedArrayBuffer, its schema as an IPC message. Each worker then views the same
 * memory as an arrow-js table and encodes its own range of rows.
 */
import * as arrow from "apache-arrow";

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

/**
 * The table with its buffers in one SharedArrayBuffer (`copy`), or, without `copy`, the same
 * shape over the table's own buffers (for use on the calling thread).
 */
export function shareTable(table: arrow.Table, copy = true): SharedTable {
  const schema = arrow.tableToIPC(new arrow.Table(table.schema), "stream");
  let memory: SharedArrayBuffer | undefined;
  let used = 0;
  if (copy) {
    let total = 0;
    const measure = (d: arrow.Data): void => {
      for (const b of buffersOf(d)) if (b) total += (b.byteLength + 7) & ~7;
      d.children.forEach(measure);
    };
    for (const batch of table.batches) measure(batch.data);
    memory = new SharedArrayBuffer(Math.max(8, total));
  }
  const place = (b: TypedArray | undefined): TypedArray | undefined => {
    if (!b || !memory) return b;
    const Ctor = b.constructor as TypedArrayCtor;
    const view = new Ctor(memory, used, b.byteLength / (b as Uint8Array).BYTES_PER_ELEMENT);
    (view as Uint8Array).set(b as Uint8Array);
    used += (b.byteLength + 7) & ~7;
    return view;
  };
  const share = (d: arrow.Data): SharedData => ({
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
