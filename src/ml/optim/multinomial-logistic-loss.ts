import type { CsrMatrix } from "../csr-matrix";
import type { DiffFunction } from "./diff-function";

/**
 * Spark's multinomial (softmax) objective in the standardized space: mean cross-entropy +
 * ½·l2·Σ w'² over all K coefficient sets (see BinaryLogisticLoss for the standardization rules).
 * x is feature-major: x[j·K + k] is class k's coefficient on feature j, then K intercepts.
 */
export class MultinomialLogisticLoss implements DiffFunction {
  readonly dim: number;
  private readonly w: Float64Array;
  private readonly gOrig: Float64Array;
  private readonly margins: Float64Array;
  private readonly sumMult: Float64Array;

  constructor(
    private readonly features: CsrMatrix,
    private readonly labels: Float64Array,
    private readonly numClasses: number,
    private readonly invStd: Float64Array,
    private readonly fitIntercept: boolean,
    private readonly l2: number,
    private readonly standardization: boolean,
  ) {
    const size = features.numCols * numClasses;
    this.dim = size + (fitIntercept ? numClasses : 0);
    this.w = new Float64Array(size);
    this.gOrig = new Float64Array(size);
    this.margins = new Float64Array(numClasses);
    this.sumMult = new Float64Array(numClasses);
  }

  calculate(x: Float64Array, grad: Float64Array): number {
    const { indptr, indices, values, numRows, numCols: p } = this.features;
    const { w, gOrig, invStd, labels, margins, sumMult } = this;
    const K = this.numClasses;
    const size = p * K;
    for (let j = 0; j < p; j++) {
      const s = invStd[j]!;
      for (let k = 0; k < K; k++) w[j * K + k] = x[j * K + k]! * s;
    }
    gOrig.fill(0);
    sumMult.fill(0);
    let loss = 0;
    for (let i = 0; i < numRows; i++) {
      const from = indptr[i]!;
      const to = indptr[i + 1]!;
      for (let k = 0; k < K; k++) margins[k] = this.fitIntercept ? x[size + k]! : 0;
      for (let t = from; t < to; t++) {
        const v = values[t]!;
        const base = indices[t]! * K;
        for (let k = 0; k < K; k++) margins[k]! += v * w[base + k]!;
      }
      let max = Number.NEGATIVE_INFINITY;
      for (let k = 0; k < K; k++) if (margins[k]! > max) max = margins[k]!;
      const y = labels[i]!;
      const labelMargin = margins[y]! - max;
      let sum = 0;
      for (let k = 0; k < K; k++) {
        margins[k] = Math.exp(margins[k]! - max);
        sum += margins[k]!;
      }
      loss += Math.log(sum) - labelMargin;
      for (let k = 0; k < K; k++) {
        const mult = margins[k]! / sum - (k === y ? 1 : 0);
        margins[k] = mult;
        sumMult[k]! += mult;
      }
      for (let t = from; t < to; t++) {
        const v = values[t]!;
        const base = indices[t]! * K;
        for (let k = 0; k < K; k++) gOrig[base + k]! += v * margins[k]!;
      }
    }
    const scale = 1 / numRows;
    const l2 = this.l2;
    let reg = 0;
    for (let j = 0; j < p; j++) {
      const s = invStd[j]!;
      const pen = this.standardization ? 1 : s * s;
      for (let k = 0; k < K; k++) {
        const at = j * K + k;
        const xj = x[at]!;
        reg += xj * xj * pen;
        grad[at] = gOrig[at]! * s * scale + l2 * xj * pen;
      }
    }
    if (this.fitIntercept) for (let k = 0; k < K; k++) grad[size + k] = sumMult[k]! * scale;
    return loss * scale + 0.5 * l2 * reg;
  }
}
