import type { CsrMatrix } from "./csr-matrix";

/**
 * Columns of a sparse matrix (compressed sparse column): column j's entries are
 * `rowIndices/values[colptr[j] .. colptr[j+1])`, rows ascending. A pass that sums over each column
 * gathers from a row-length vector, which stays in cache, while the large arrays stream in order.
 */
export interface CscMatrix {
  readonly kind: "csc";
  readonly numRows: number;
  readonly numCols: number;
  readonly colptr: Int32Array;
  readonly rowIndices: Int32Array;
  readonly values: Float64Array;
}

/** `m` stored by column (a counting-sort transpose: rows stay ascending within each column). */
export function cscFromCsr(m: CsrMatrix): CscMatrix {
  const p = m.numCols;
  const colptr = new Int32Array(p + 1);
  const from = m.indptr[0]!;
  const nnz = m.indptr[m.numRows]! - from;
  for (let t = from; t < from + nnz; t++) colptr[m.indices[t]! + 1]!++;
  for (let j = 0; j < p; j++) colptr[j + 1]! += colptr[j]!;
  const next = colptr.slice(0, p);
  const rowIndices = new Int32Array(nnz);
  const values = new Float64Array(nnz);
  for (let i = 0; i < m.numRows; i++) {
    for (let t = m.indptr[i]!; t < m.indptr[i + 1]!; t++) {
      const at = next[m.indices[t]!]!++;
      rowIndices[at] = i;
      values[at] = m.values[t]!;
    }
  }
  return { kind: "csc", numRows: m.numRows, numCols: p, colptr, rowIndices, values };
}
