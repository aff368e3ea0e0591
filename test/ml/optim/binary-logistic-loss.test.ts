import { describe, expect, it } from "vitest";
import type { CsrMatrix } from "../../../src/ml/csr-matrix";
import { BinaryLogisticLoss } from "../../../src/ml/optim/binary-logistic-loss";

/** A deterministic sparse 0/1/2/3-count matrix with some empty rows and columns, and labels. */
function sample(rows: number, cols: number, seed: number): { x: CsrMatrix; y: Float64Array } {
  let s = seed;
  const next = () => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    return s / 4294967296;
  };
  const indptr = [0];
  const indices: number[] = [];
  const values: number[] = [];
  const y = new Float64Array(rows);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) {
      if (j % 7 !== 3 && next() < 0.2) {
        indices.push(j);
        values.push(1 + Math.floor(next() * 3));
      }
    }
    indptr.push(indices.length);
    y[i] = next() < 0.4 ? 1 : 0;
  }
  const x: CsrMatrix = {
    kind: "csr",
    numRows: rows,
    numCols: cols,
    indptr: Int32Array.from(indptr),
    indices: Int32Array.from(indices),
    values: Float64Array.from(values),
  };
  return { x, y };
}

/** The textbook row-by-row evaluation: margin by gathering, gradient by scattering each row. */
function rowByRow(
  x: CsrMatrix,
  y: Float64Array,
  invStd: Float64Array,
  l2: number,
  standardization: boolean,
  at: Float64Array,
  grad: Float64Array,
): number {
  const p = x.numCols;
  const gOrig = new Float64Array(p);
  let loss = 0;
  let sumMult = 0;
  for (let i = 0; i < x.numRows; i++) {
    let m = at[p]!;
    for (let k = x.indptr[i]!; k < x.indptr[i + 1]!; k++)
      m += x.values[k]! * (at[x.indices[k]!]! * invStd[x.indices[k]!]!);
    const e = Math.exp(-Math.abs(m));
    loss += Math.max(m, 0) + Math.log1p(e) - y[i]! * m;
    const mult = (m >= 0 ? 1 / (1 + e) : e / (1 + e)) - y[i]!;
    sumMult += mult;
    for (let k = x.indptr[i]!; k < x.indptr[i + 1]!; k++) gOrig[x.indices[k]!]! += x.values[k]! * mult;
  }
  const scale = 1 / x.numRows;
  let reg = 0;
  for (let j = 0; j < p; j++) {
    const s = invStd[j]!;
    const w = at[j]!;
    reg += standardization ? w * w : w * w * s * s;
    grad[j] = gOrig[j]! * s * scale + (standardization ? l2 * w : l2 * w * s * s);
  }
  grad[p] = sumMult * scale;
  return loss * scale + 0.5 * l2 * reg;
}

describe("BinaryLogisticLoss", () => {
  const P = 50;
  const { x, y } = sample(60, P, 7);
  const invStd = Float64Array.from({ length: P }, (_, j) => 0.5 + (j % 5) * 0.3);
  const point = Float64Array.from({ length: P + 1 }, (_, j) => Math.sin(3 * j) * 0.5);

  for (const standardization of [true, false]) {
    it(`gives the row-by-row value and gradient to the bit (standardization ${standardization})`, () => {
      const loss = new BinaryLogisticLoss(x, y, invStd, true, 0.05, standardization);
      const g = new Float64Array(P + 1);
      const expected = new Float64Array(P + 1);
      expect(loss.calculate(point, g)).toBe(rowByRow(x, y, invStd, 0.05, standardization, point, expected));
      expect([...g]).toEqual([...expected]);
    });
  }

  it("has the gradient of its value (central differences), also without an intercept", () => {
    for (const fitIntercept of [true, false]) {
      const loss = new BinaryLogisticLoss(x, y, invStd, fitIntercept, 0.05, false);
      const at = point.slice(0, loss.dim);
      const g = new Float64Array(loss.dim);
      loss.calculate(at, g);
      const scratch = new Float64Array(loss.dim);
      for (let j = 0; j < loss.dim; j++) {
        const h = 1e-6;
        const plus = at.slice();
        plus[j]! += h;
        const minus = at.slice();
        minus[j]! -= h;
        const numeric = (loss.calculate(plus, scratch) - loss.calculate(minus, scratch)) / (2 * h);
        expect(g[j]!).toBeCloseTo(numeric, 7);
      }
    }
  });

  it("gives the same answer when called again (no state carried between calls)", () => {
    const loss = new BinaryLogisticLoss(x, y, invStd, true, 0.05, false);
    const a = new Float64Array(P + 1);
    const b = new Float64Array(P + 1);
    const first = loss.calculate(point, a);
    loss.calculate(new Float64Array(P + 1).fill(2), b);
    expect(loss.calculate(point, b)).toBe(first);
    expect([...b]).toEqual([...a]);
  });
});
