import type { CsrMatrix } from "./csr-matrix";

/**
 * Builds HashingTF's CSR output one term index at a time, straight into typed arrays: a dense
 * count scratch row (reset after each row) and one growing index buffer, no per-row objects.
 */
export class TermCounts {
  private readonly scratch: Float64Array;
  private indices: Int32Array;
  private values: Float64Array;
  private readonly indptr: number[] = [0];
  private at = 0;
  private rowStart = 0;

  constructor(
    private readonly numFeatures: number,
    private readonly binary: boolean,
    capacity: number,
  ) {
    this.scratch = new Float64Array(numFeatures);
    this.indices = new Int32Array(Math.max(16, capacity));
    this.values = new Float64Array(0);
  }

  /** One occurrence of the term hashed to column `j`. */
  add(j: number): void {
    const scratch = this.scratch;
    const seen = scratch[j]!;
    if (seen === 0) {
      if (this.at === this.indices.length) this.grow();
      this.indices[this.at++] = j;
      scratch[j] = 1;
    } else if (!this.binary) scratch[j] = seen + 1;
  }

  /** Closes the current row: sorts its indices and takes its counts out of the scratch row. */
  endRow(): void {
    const { indices, scratch, rowStart, at } = this;
    sortRun(indices, rowStart, at);
    if (this.values.length < indices.length) {
      const grown = new Float64Array(indices.length);
      grown.set(this.values.subarray(0, rowStart));
      this.values = grown;
    }
    for (let k = rowStart; k < at; k++) {
      const j = indices[k]!;
      this.values[k] = scratch[j]!;
      scratch[j] = 0;
    }
    this.indptr.push(at);
    this.rowStart = at;
  }

  finish(): CsrMatrix {
    const numRows = this.indptr.length - 1;
    return {
      kind: "csr",
      numRows,
      numCols: this.numFeatures,
      indptr: Int32Array.from(this.indptr),
      indices: this.indices.slice(0, this.at),
      values: this.values.slice(0, this.at),
    };
  }

  private grow(): void {
    const grown = new Int32Array(this.indices.length * 2);
    grown.set(this.indices);
    this.indices = grown;
  }
}

/** Sorts `a[from, to)` ascending: insertion sort for the short runs most documents give. */
function sortRun(a: Int32Array, from: number, to: number): void {
  if (to - from > 32) {
    a.subarray(from, to).sort();
    return;
  }
  for (let i = from + 1; i < to; i++) {
    const v = a[i]!;
    let k = i - 1;
    while (k >= from && a[k]! > v) {
      a[k + 1] = a[k]!;
      k--;
    }
    a[k + 1] = v;
  }
}
