import { LakelabError } from "../errors";
import { DenseVector, type MlVector, SparseVector } from "./sparse-vector";

/**
 * Rows of sparse vectors in compressed sparse row form: row i's entries are
 * `indices/values[indptr[i] .. indptr[i+1])`, indices sorted. Never densified.
 */
export interface CsrMatrix {
  readonly kind: "csr";
  readonly numRows: number;
  readonly numCols: number;
  readonly indptr: Int32Array;
  readonly indices: Int32Array;
  readonly values: Float64Array;
}

/** Row i of `m` as a SparseVector sharing `m`'s memory. */
export function csrRow(m: CsrMatrix, i: number): SparseVector {
  const from = m.indptr[i]!;
  const to = m.indptr[i + 1]!;
  return new SparseVector(m.numCols, m.indices.subarray(from, to), m.values.subarray(from, to));
}

/** Packs vectors (sparse or dense, all of one size) into a CSR matrix; `param` names the column. */
export function csrFromVectors(vectors: readonly unknown[], param: string): CsrMatrix {
  let nnz = 0;
  let size = -1;
  const rows = vectors.map((x, i) => asVector(x, param, i));
  for (let i = 0; i < rows.length; i++) {
    const v = rows[i]!;
    if (size === -1) size = v.size;
    else if (v.size !== size) {
      throw new LakelabError(
        "FEATURE_SIZE_MISMATCH",
        `column '${param}' row ${i} has a vector of size ${v.size}, earlier rows have size ${size}`,
        { context: { column: param, row: i, size: v.size, expected: size } },
      );
    }
    nnz += v.type === "sparse" ? v.indices.length : v.size;
  }
  const indptr = new Int32Array(vectors.length + 1);
  const indices = new Int32Array(nnz);
  const values = new Float64Array(nnz);
  let at = 0;
  for (let i = 0; i < vectors.length; i++) {
    const v = rows[i]!;
    if (v.type === "sparse") {
      indices.set(v.indices, at);
      values.set(v.values, at);
      at += v.indices.length;
    } else {
      for (let j = 0; j < v.size; j++) {
        indices[at] = j;
        values[at++] = v.values[j]!;
      }
    }
    indptr[i + 1] = at;
  }
  return { kind: "csr", numRows: vectors.length, numCols: Math.max(size, 0), indptr, indices, values };
}

/** Accepts a SparseVector/DenseVector, Spark's VectorUDT struct shape, or a plain number array. */
export function asVector(x: unknown, param: string, row: number): MlVector {
  if (x instanceof SparseVector || x instanceof DenseVector) return x;
  if (Array.isArray(x) || x instanceof Float64Array) return new DenseVector(Float64Array.from(x as number[]));
  if (typeof x === "object" && x !== null) {
    const o = x as { type?: unknown; size?: unknown; indices?: unknown; values?: unknown };
    const values = o.values as ArrayLike<number> | null | undefined;
    if ((o.type === 0 || o.type === "sparse") && o.indices && values) {
      return new SparseVector(
        Number(o.size),
        Int32Array.from(o.indices as ArrayLike<number>),
        Float64Array.from(values),
      );
    }
    if ((o.type === 1 || o.type === "dense") && values) return new DenseVector(Float64Array.from(values));
  }
  throw new LakelabError(
    "INVALID_PARAMETER_VALUE",
    `column '${param}' row ${row} is not a vector (got ${x === null ? "null" : typeof x}); expected a SparseVector, DenseVector or number array`,
    { context: { column: param, row } },
  );
}
