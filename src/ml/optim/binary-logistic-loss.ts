import type { CsrMatrix } from "../csr-matrix";
import type { DiffFunction } from "./diff-function";

/**
 * Spark's binomial objective in the standardized space: mean log-loss + ½·l2·Σ w'ⱼ² (w' = coefficient on
 * feature/std; with standardization off the penalty is on w'ⱼ/stdⱼ, i.e. the original coefficient).
 * x = [w'₀ … w'ₚ₋₁, intercept]. Features are never scaled in memory: w' is divided by std before the
 * CSR product. Features with std 0 contribute nothing (their coefficient stays 0, as in Spark).
 */
export class BinaryLogisticLoss implements DiffFunction {
  readonly dim: number;
  private readonly w: Float64Array;
  private readonly gOrig: Float64Array;

  constructor(
    private readonly features: CsrMatrix,
    private readonly labels: Float64Array,
    private readonly invStd: Float64Array,
    private readonly fitIntercept: boolean,
    private readonly l2: number,
    private readonly standardization: boolean,
  ) {
    const p = features.numCols;
    this.dim = p + (fitIntercept ? 1 : 0);
    this.w = new Float64Array(p);
    this.gOrig = new Float64Array(p);
  }

  calculate(x: Float64Array, grad: Float64Array): number {
    const { indptr, indices, values, numRows, numCols: p } = this.features;
    const { w, gOrig, invStd, labels } = this;
    for (let j = 0; j < p; j++) w[j] = x[j]! * invStd[j]!;
    gOrig.fill(0);
    const b = this.fitIntercept ? x[p]! : 0;
    let loss = 0;
    let sumMult = 0;
    for (let i = 0; i < numRows; i++) {
      const from = indptr[i]!;
      const to = indptr[i + 1]!;
      let m = b;
      for (let k = from; k < to; k++) m += values[k]! * w[indices[k]!]!;
      const y = labels[i]!;
      const e = Math.exp(-Math.abs(m));
      loss += Math.max(m, 0) + Math.log1p(e) - y * m;
      const mult = (m >= 0 ? 1 / (1 + e) : e / (1 + e)) - y;
      sumMult += mult;
      if (mult !== 0) for (let k = from; k < to; k++) gOrig[indices[k]!]! += values[k]! * mult;
    }
    const scale = 1 / numRows;
    let reg = 0;
    const l2 = this.l2;
    for (let j = 0; j < p; j++) {
      const s = invStd[j]!;
      let gj = gOrig[j]! * s * scale;
      if (l2 !== 0) {
        const xj = x[j]!;
        if (this.standardization) {
          reg += xj * xj;
          gj += l2 * xj;
        } else {
          reg += xj * xj * s * s;
          gj += l2 * xj * s * s;
        }
      }
      grad[j] = gj;
    }
    if (this.fitIntercept) grad[p] = sumMult * scale;
    return loss * scale + 0.5 * l2 * reg;
  }
}
