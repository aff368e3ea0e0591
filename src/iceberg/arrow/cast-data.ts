import * as arrow from "apache-arrow";

const UNIT_PER_SECOND: Record<number, bigint> = {
  [arrow.TimeUnit.SECOND]: 1n,
  [arrow.TimeUnit.MILLISECOND]: 1_000n,
  [arrow.TimeUnit.MICROSECOND]: 1_000_000n,
  [arrow.TimeUnit.NANOSECOND]: 1_000_000_000n,
};

/**
 * One chunk of a column converted to the exact Arrow type the table writes (`target`, which
 * carries the field ids of nested children). Same-layout types are relabelled without a copy;
 * timestamp units are rescaled exactly; other promotions (int → long, float → double,
 * dictionary → string, date ms → days) rebuild the values.
 */
export function castData(data: arrow.Data, target: arrow.DataType): arrow.Data {
  const source = data.type;
  if (source.typeId === target.typeId && String(source) === String(target)) {
    if (arrow.DataType.isStruct(target) || arrow.DataType.isList(target) || arrow.DataType.isMap(target)) {
      const children = data.children.map((c, i) => castData(c, target.children[i]!.type));
      return data.clone(target, data.offset, data.length, data.nullCount, undefined, children);
    }
    return data.clone(target);
  }
  if (arrow.DataType.isTimestamp(source) && arrow.DataType.isTimestamp(target)) {
    return rescale(data, target, UNIT_PER_SECOND[source.unit]!, UNIT_PER_SECOND[target.unit]!);
  }
  if (
    arrow.DataType.isDate(source) &&
    arrow.DataType.isDate(target) &&
    source.unit === arrow.DateUnit.MILLISECOND
  ) {
    const ms = data.values as BigInt64Array;
    const days = new Int32Array(data.length);
    for (let i = 0; i < days.length; i++) days[i] = Math.floor(Number(ms[i]!) / 86_400_000);
    return relabel(data, target, days);
  }
  const vector = arrow.makeVector(data);
  const values: unknown[] = new Array(data.length);
  const toBig = arrow.DataType.isInt(target) && target.bitWidth === 64;
  for (let i = 0; i < values.length; i++) {
    const v = vector.get(i);
    values[i] = v === null ? null : toBig ? BigInt(v as number) : v;
  }
  return arrow.vectorFromArray(values, target).data[0]!;
}

function rescale(data: arrow.Data, target: arrow.DataType, from: bigint, to: bigint): arrow.Data {
  const src = data.values as BigInt64Array;
  const out = new BigInt64Array(data.length);
  for (let i = 0; i < out.length; i++) {
    const v = src[i]!;
    // Floor division keeps instants before 1970 on the right side when precision drops.
    if (to >= from) out[i] = v * (to / from);
    else {
      const d = from / to;
      const q = v / d;
      out[i] = v < 0n && q * d !== v ? q - 1n : q;
    }
  }
  return relabel(data, target, out);
}

function relabel(data: arrow.Data, target: arrow.DataType, values: ArrayLike<unknown>): arrow.Data {
  return arrow.makeData({
    type: target,
    offset: 0,
    length: data.length,
    nullCount: data.nullCount,
    nullBitmap: data.nullCount > 0 ? copyBitmap(data) : undefined,
    data: values,
  } as never);
}

/** The validity bitmap of a (possibly sliced) chunk, re-based to offset 0. */
function copyBitmap(data: arrow.Data): Uint8Array {
  const out = new Uint8Array((data.length + 7) >> 3);
  const bm = data.nullBitmap!;
  for (let i = 0; i < data.length; i++) {
    const j = data.offset + i;
    if ((bm[j >> 3]! >> (j & 7)) & 1) out[i >> 3]! |= 1 << (i & 7);
  }
  return out;
}
