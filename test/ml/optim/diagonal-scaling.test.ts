import { describe, expect, it } from "vitest";
import type { CsrMatrix } from "../../../src/ml/csr-matrix";
import { BinaryLogisticLoss } from "../../../src/ml/optim/binary-logistic-loss";
import { jacobiScaling } from "../../../src/ml/optim/diagonal-scaling";
import { minimizeLbfgs } from "../../../src/ml/optim/lbfgs";

/** Count-like features whose column scales span four orders of magnitude, labels from a fixed rule. */
function badlyScaled(rows: number, cols: number): { x: CsrMatrix; y: Float64Array } {
  let s = 12345;
  const next = () => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    return s / 4294967296;
  };
  const indptr = [0];
  const indices: number[] = [];
  const values: number[] = [];
  const y = new Float64Array(rows);
  for (let i = 0; i < rows; i++) {
    let margin = -0.5;
    for (let j = 0; j < cols; j++) {
      if (next() < 0.3) {
        const v = Math.floor(next() * 4 + 1) * 10 ** (j % 5) * 0.1;
        indices.push(j);
        values.push(v);
        margin += (j % 3 === 0 ? 1 : -0.5) * v * 10 ** -(j % 5);
      }
    }
    y[i] = margin + next() - 0.5 > 0 ? 1 : 0;
    indptr.push(indices.length);
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

describe("Jacobi scaling for L-BFGS", () => {
  const { x, y } = badlyScaled(400, 25);
  const l2 = 0.01;
  // penalty on the original coefficients in both runs (standardization flag false)
  const unscaled = () => new BinaryLogisticLoss(x, y, new Float64Array(25).fill(1), true, l2, false);
  const scale = jacobiScaling(x, l2);
  const scaled = () => new BinaryLogisticLoss(x, y, scale, true, l2, false);
  const original = (r: Float64Array, s: Float64Array) => Array.from(s, (sj, j) => r[j]! * sj);

  it("is 1/√(¼·mean(x²) + l2) per column", () => {
    let sumSq = 0;
    for (let i = 0; i < x.numRows; i++) {
      for (let t = x.indptr[i]!; t < x.indptr[i + 1]!; t++)
        if (x.indices[t] === 4) sumSq += x.values[t]! ** 2;
    }
    expect(scale[4]).toBeCloseTo(1 / Math.sqrt((0.25 * sumSq) / x.numRows + l2), 12);
  });

  it("leaves the optimum where it was: the scaled run's coefficients zero the unscaled gradient", () => {
    const b = minimizeLbfgs(scaled(), new Float64Array(26), { maxIter: 3000, tol: 1e-13 });
    const w = Float64Array.from([...original(b.x, scale), b.x[25]!]);
    const g = new Float64Array(26);
    const value = unscaled().calculate(w, g);
    expect(value).toBeCloseTo(b.objectiveHistory.at(-1)!, 12);
    for (const gj of g) expect(Math.abs(gj)).toBeLessThan(1e-6);
  });

  it("gets further per iteration than the unscaled run: lower at 10 iterations, and at 1e-6 of the optimum first", () => {
    const a = minimizeLbfgs(unscaled(), new Float64Array(26), { maxIter: 500, tol: 0 });
    const b = minimizeLbfgs(scaled(), new Float64Array(26), { maxIter: 500, tol: 0 });
    expect(b.objectiveHistory[10]!).toBeLessThan(a.objectiveHistory[10]!);
    const best = b.objectiveHistory.at(-1)!;
    const k = b.objectiveHistory.findIndex((v) => v <= best * (1 + 1e-6));
    expect(k).toBeGreaterThan(0);
    expect(a.objectiveHistory[k]!).toBeGreaterThan(best * (1 + 1e-6));
  });
});
