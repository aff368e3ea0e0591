import { describe, expect, it } from "vitest";
import { cscFromCsr } from "../../src/ml/csc-matrix";
import { csrFromVectors } from "../../src/ml/csr-matrix";
import { SparseVector } from "../../src/ml/sparse-vector";

describe("cscFromCsr", () => {
  // 4 × 5 with an empty row (2) and an empty column (3)
  const rows = [
    new SparseVector(5, Int32Array.from([0, 2, 4]), Float64Array.from([1, 2, 3])),
    new SparseVector(5, Int32Array.from([1, 2]), Float64Array.from([4, 5])),
    new SparseVector(5, new Int32Array(0), new Float64Array(0)),
    new SparseVector(5, Int32Array.from([0, 4]), Float64Array.from([6, 7])),
  ];
  const csr = csrFromVectors(rows, "features");

  it("holds every entry under its column, rows ascending, empty columns empty", () => {
    const csc = cscFromCsr(csr);
    expect(csc.numRows).toBe(4);
    expect(csc.numCols).toBe(5);
    expect([...csc.colptr]).toEqual([0, 2, 3, 5, 5, 7]);
    expect([...csc.rowIndices]).toEqual([0, 3, 1, 0, 1, 0, 3]);
    expect([...csc.values]).toEqual([1, 6, 4, 2, 5, 3, 7]);
  });

  it("reads back as the same matrix", () => {
    const csc = cscFromCsr(csr);
    const dense = (get: (i: number, j: number) => number) =>
      Array.from({ length: 4 }, (_, i) => Array.from({ length: 5 }, (_, j) => get(i, j)));
    const fromCsr = dense((i, j) => rows[i]!.get(j));
    const fromCsc = dense((i, j) => {
      for (let k = csc.colptr[j]!; k < csc.colptr[j + 1]!; k++)
        if (csc.rowIndices[k] === i) return csc.values[k]!;
      return 0;
    });
    expect(fromCsc).toEqual(fromCsr);
  });
});
