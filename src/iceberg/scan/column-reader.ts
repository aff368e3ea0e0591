/**
 * Reads Arrow column chunks as Iceberg values (expressions/literal.ts), straight from the
 * buffers where arrow-js's `get` would round (microsecond timestamps, int64, decimals).
 */
import * as arrow from "apache-arrow";
import type { IcebergValue } from "../expressions/literal";
import type { PrimitiveType } from "../spec/schema";
import { bytesToUuid } from "../spec/single-value.serde";

export type ValueAt = (i: number) => IcebergValue | null;

function decimalAt(words: Uint32Array, i: number): bigint {
  let x = 0n;
  for (let w = 3; w >= 0; w--) x = (x << 32n) | BigInt(words[i * 4 + w]!);
  return BigInt.asIntN(128, x);
}

/** A reader of row `i` (relative to the chunk) of one chunk, as a value of Iceberg type `type`. */
export function valueReader(data: arrow.Data, type: PrimitiveType): ValueAt {
  const t = data.type as arrow.DataType;
  const off = data.offset;
  const bm = data.nullCount > 0 ? data.nullBitmap : undefined;
  const valid = (i: number): boolean => !bm || ((bm[(off + i) >> 3]! >> ((off + i) & 7)) & 1) === 1;
  const wrap =
    (f: (i: number) => IcebergValue): ValueAt =>
    (i) =>
      valid(i) ? f(i) : null;
  const values = data.values as ArrayLike<unknown> | undefined;
  const wantsBig = type === "long" || type === "time" || type.startsWith("timestamp");
  if (arrow.DataType.isInt(t)) {
    if (t.bitWidth === 64)
      return wrap((i) =>
        wantsBig ? (values as BigInt64Array)[off + i]! : Number((values as BigInt64Array)[off + i]!),
      );
    return wrap((i) =>
      wantsBig ? BigInt((values as Int32Array)[off + i]!) : (values as Int32Array)[off + i]!,
    );
  }
  if (arrow.DataType.isTimestamp(t) || arrow.DataType.isTime(t)) {
    if ((values as unknown) instanceof BigInt64Array) {
      const unit = t.unit;
      const scale = type.endsWith("_ns")
        ? [1_000_000_000n, 1_000_000n, 1_000n, 1n][unit]!
        : [1_000_000n, 1_000n, 1n, 0n][unit]!;
      return wrap((i) => {
        const v = (values as BigInt64Array)[off + i]!;
        return scale === 0n ? v / 1000n : v * scale;
      });
    }
    return wrap((i) => BigInt((values as Int32Array)[off + i]!) * 1000n);
  }
  if (arrow.DataType.isDate(t)) {
    if (t.unit === arrow.DateUnit.DAY) return wrap((i) => (values as Int32Array)[off + i]!);
    return wrap((i) => Math.floor(Number((values as BigInt64Array)[off + i]!) / 86_400_000));
  }
  if (arrow.DataType.isDecimal(t)) return wrap((i) => decimalAt(values as Uint32Array, off + i));
  const vector = arrow.makeVector(data);
  if (arrow.DataType.isFixedSizeBinary(t) && type === "uuid")
    return wrap((i) => bytesToUuid(vector.get(i) as Uint8Array));
  return wrap((i) => vector.get(i) as IcebergValue);
}

/** Readers over a whole (chunked) column, indexed by row of the table. */
export function columnReader(vector: arrow.Vector, type: PrimitiveType): ValueAt {
  const chunks = vector.data.map((d) => ({ d, read: valueReader(d, type) }));
  if (chunks.length === 1) return chunks[0]!.read;
  const starts: number[] = [];
  let n = 0;
  for (const c of chunks) {
    starts.push(n);
    n += c.d.length;
  }
  let last = 0;
  return (i) => {
    if (i < starts[last]! || i >= starts[last]! + chunks[last]!.d.length) {
      let lo = 0;
      let hi = starts.length - 1;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if (starts[mid]! <= i) lo = mid;
        else hi = mid - 1;
      }
      last = lo;
    }
    return chunks[last]!.read(i - starts[last]!);
  };
}
