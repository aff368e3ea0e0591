import * as arrow from "apache-arrow";

/**
 * A new table holding the rows at `indices` (in that order). Fixed-width, boolean and
 * variable-length columns are copied from their buffers, so 64-bit values and microsecond
 * timestamps stay exact; nested columns go through Arrow's builders.
 */
export function takeRows(table: arrow.Table, indices: Int32Array): arrow.Table {
  const columns = table.schema.fields.map((_, c) => takeVector(table.getChildAt(c)!, indices));
  const struct = arrow.makeData({
    type: new arrow.Struct(table.schema.fields),
    length: indices.length,
    nullCount: 0,
    children: columns,
  });
  return new arrow.Table(table.schema, [new arrow.RecordBatch(table.schema, struct)]);
}

/** Locates row `i` of a chunked vector: the chunk and the index inside it. */
function locate(vector: arrow.Vector): (i: number) => [arrow.Data, number] {
  const chunks = vector.data;
  if (chunks.length === 1) return (i) => [chunks[0]!, i];
  const starts: number[] = [];
  let n = 0;
  for (const d of chunks) {
    starts.push(n);
    n += d.length;
  }
  return (i) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= i) lo = mid;
      else hi = mid - 1;
    }
    return [chunks[lo]!, i - starts[lo]!];
  };
}

function isValid(d: arrow.Data, i: number): boolean {
  if (d.nullCount === 0) return true;
  const j = d.offset + i;
  return ((d.nullBitmap![j >> 3]! >> (j & 7)) & 1) === 1;
}

function takeVector(vector: arrow.Vector, indices: Int32Array): arrow.Data {
  const type = vector.type as arrow.DataType;
  const at = locate(vector);
  const n = indices.length;
  const bitmap = new Uint8Array((n + 7) >> 3);
  let nulls = 0;
  for (let k = 0; k < n; k++) {
    const [d, i] = at(indices[k]!);
    if (isValid(d, i)) bitmap[k >> 3]! |= 1 << (k & 7);
    else nulls++;
  }
  const base = { type, offset: 0, length: n, nullCount: nulls, nullBitmap: nulls > 0 ? bitmap : undefined };
  if (arrow.DataType.isBool(type)) {
    const bits = new Uint8Array((n + 7) >> 3);
    for (let k = 0; k < n; k++) {
      const [d, i] = at(indices[k]!);
      const j = d.offset + i;
      if ((d.values[j >> 3]! >> (j & 7)) & 1) bits[k >> 3]! |= 1 << (k & 7);
    }
    return arrow.makeData({ ...base, data: bits } as never);
  }
  if (arrow.DataType.isUtf8(type) || arrow.DataType.isBinary(type)) {
    const offsets = new Int32Array(n + 1);
    let total = 0;
    for (let k = 0; k < n; k++) {
      const [d, i] = at(indices[k]!);
      total += d.valueOffsets[i + 1]! - d.valueOffsets[i]!;
      offsets[k + 1] = total;
    }
    const bytes = new Uint8Array(total);
    for (let k = 0; k < n; k++) {
      const [d, i] = at(indices[k]!);
      bytes.set((d.values as Uint8Array).subarray(d.valueOffsets[i]!, d.valueOffsets[i + 1]!), offsets[k]!);
    }
    return arrow.makeData({ ...base, valueOffsets: offsets, data: bytes } as never);
  }
  const first = vector.data[0];
  const values = first?.values as
    | (ArrayLike<unknown> & { constructor: new (n: number) => never })
    | undefined;
  if (first && values && first.children.length === 0 && !arrow.DataType.isDictionary(type)) {
    const stride = first.stride;
    const out = new (values.constructor as new (n: number) => { [k: number]: unknown })(n * stride);
    for (let k = 0; k < n; k++) {
      const [d, i] = at(indices[k]!);
      const src = d.values as unknown as { [k: number]: unknown };
      for (let s = 0; s < stride; s++) out[k * stride + s] = src[i * stride + s];
    }
    return arrow.makeData({ ...base, data: out } as never);
  }
  const picked = Array.from(indices, (i) => vector.get(i));
  return arrow.vectorFromArray(picked, type).data[0]!;
}
