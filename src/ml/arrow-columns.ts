import {
  type Data,
  Field,
  Float64,
  Int8,
  Int32,
  List,
  makeData,
  makeVector,
  type Struct,
  Utf8,
  type Vector,
} from "apache-arrow";
import type { CsrMatrix } from "./csr-matrix";
import type { DenseRows } from "./frame";
import { isJavaSpace } from "./spark-tokenize";

/*
 * Arrow output columns built from the stages' typed arrays in one go (Arrow's row-at-a-time
 * builders spent seconds on a thousand emails: one object and one UTF-8 encoding per value).
 */

/** CSR rows as Spark's VectorUDT struct (type 0 = sparse); indices and values are not copied. */
export function csrToArrow(m: CsrMatrix, type: Struct): Vector<Struct> {
  const n = m.numRows;
  const nnz = m.indptr[n]!;
  return structVector(type, n, [
    makeData({ type: new Int8(), length: n, data: new Int8Array(n) }),
    makeData({ type: new Int32(), length: n, data: new Int32Array(n).fill(m.numCols) }),
    listData(n, m.indptr, makeData({ type: new Int32(), length: nnz, data: m.indices.subarray(0, nnz) })),
    listData(n, m.indptr, makeData({ type: new Float64(), length: nnz, data: m.values.subarray(0, nnz) })),
  ]);
}

/** Dense rows as VectorUDT (type 1 = dense, size and indices null), values not copied. */
export function denseToArrow(m: DenseRows, type: Struct): Vector<Struct> {
  const n = m.numRows;
  const allNull = new Uint8Array((n + 7) >> 3);
  const offsets = Int32Array.from({ length: n + 1 }, (_, i) => i * m.numCols);
  return structVector(type, n, [
    makeData({ type: new Int8(), length: n, data: new Int8Array(n).fill(1) }),
    makeData({ type: new Int32(), length: n, nullCount: n, nullBitmap: allNull, data: new Int32Array(n) }),
    makeData({
      type: new List(new Field("element", new Int32(), true)),
      length: n,
      nullCount: n,
      nullBitmap: allNull,
      valueOffsets: new Int32Array(n + 1),
      child: makeData({ type: new Int32(), length: 0, data: new Int32Array(0) }),
    }),
    listData(n, offsets, makeData({ type: new Float64(), length: n * m.numCols, data: m.values })),
  ]);
}

/**
 * `texts.map(sparkTokenize)` as list<utf8>, splitting the UTF-8 bytes of each lowercased text:
 * the separators are ASCII and never occur inside a multi-byte character, so byte ranges between
 * them are exactly the tokens' UTF-8 encodings.
 */
export function sparkTokensToArrow(texts: readonly string[], type: List<Utf8>): Vector<List<Utf8>> {
  const encoder = new TextEncoder();
  let bytes = new Uint8Array(1024);
  let tokenEnds = new Int32Array(1024);
  const rowOffsets = new Int32Array(texts.length + 1);
  let tokens = 0;
  let end = 0; // bytes kept so far: the tokens, separators squeezed out
  for (let r = 0; r < texts.length; r++) {
    const lower = texts[r]!.toLowerCase();
    if (bytes.length < end + 3 * lower.length) bytes = grow(bytes, end + 3 * lower.length);
    if (tokenEnds.length < tokens + lower.length + 1) tokenEnds = grow(tokenEnds, tokens + lower.length + 1);
    const from = end;
    const to = from + encoder.encodeInto(lower, bytes.subarray(from)).written;
    if (to === from) tokenEnds[tokens++] = end; // "" → [""]
    let start = from;
    let pending = 0; // empty tokens seen but not yet known to be non-trailing
    for (let i = from; i <= to; i++) {
      if (i < to && !isJavaSpace(bytes[i]!)) continue;
      if (i === start) pending++;
      else {
        for (; pending > 0; pending--) tokenEnds[tokens++] = end;
        bytes.copyWithin(end, start, i);
        end += i - start;
        tokenEnds[tokens++] = end;
      }
      start = i + 1;
    }
    rowOffsets[r + 1] = tokens;
  }
  const valueOffsets = new Int32Array(tokens + 1);
  valueOffsets.set(tokenEnds.subarray(0, tokens), 1);
  const strings = makeData({ type: new Utf8(), length: tokens, valueOffsets, data: bytes.subarray(0, end) });
  return makeVector(makeData({ type, length: texts.length, valueOffsets: rowOffsets, child: strings }));
}

function structVector(type: Struct, length: number, children: Data[]): Vector<Struct> {
  return makeVector(makeData({ type, length, children }));
}

function listData<T extends Int32 | Float64>(n: number, offsets: Int32Array, child: Data<T>): Data<List<T>> {
  return makeData({
    type: new List(new Field("element", child.type, true)),
    length: n,
    valueOffsets: offsets,
    child,
  });
}

function grow<A extends Uint8Array | Int32Array>(a: A, atLeast: number): A {
  const grown = new (a.constructor as new (n: number) => A)(Math.max(atLeast, 2 * a.length));
  grown.set(a);
  return grown;
}
