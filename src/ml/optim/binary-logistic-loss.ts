import { type CscMatrix, cscFromCsr } from "../csc-matrix";
import type { CsrMatrix } from "../csr-matrix";
import type { DiffFunction } from "./diff-function";

/**
 * Spark's binomial objective in the standardized space: mean log-loss + ½·l2·Σ w'ⱼ² (w' = coefficient on
 * feature/std; with standardization off the penalty is on w'ⱼ/stdⱼ, i.e. the original coefficient).
 * x = [w'₀ … w'ₚ₋₁, intercept]. Features are never scaled in memory: w' is divided by std before the
 * row pass. Features with std 0 contribute nothing (their coefficient stays 0, as in Spark).
 *
 * One evaluation reads the matrix twice: by row for the margins (gathering the scaled coefficients)
 * and by column for the gradient (gathering the row-length loss derivatives, which stay in cache),
 * with the per-column scaling and the penalty folded into the column pass; nothing is allocated.
 * Each column's gradient adds its rows in the order a row-by-row scatter would, so the values are
 * the same to the bit as the textbook two passes over the rows. The column copy costs one more
 * copy of the matrix in memory.
 */
export class BinaryLogisticLoss implements DiffFunction {
  readonly dim: number;
  private readonly margins: Float64Array;
  private readonly w: Float64Array;
  private readonly columns: CscMatrix;

  constructor(
    private readonly rows: CsrMatrix,
    private readonly labels: Float64Array,
    private readonly invStd: Float64Array,
    private readonly fitIntercept: boolean,
    private readonly l2: number,
    private readonly standardization: boolean,
  ) {
    this.dim = rows.numCols + (fitIntercept ? 1 : 0);
    this.margins = new Float64Array(rows.numRows);
    this.w = new Float64Array(rows.numCols);
    this.columns = cscFromCsr(rows);
  }

  calculate(x: Float64Array, grad: Float64Array): number {
    const { indptr, indices, values, numRows, numCols: p } = this.rows;
    const { margins, invStd, labels, w } = this;
    for (let j = 0; j < p; j++) w[j] = x[j]! * invStd[j]!;
    const b = this.fitIntercept ? x[p]! : 0;
    // k runs on from row to row (and column to column below): measurably faster than restarting it
    let k = indptr[0]!;
    for (let i = 0; i < numRows; i++) {
      const to = indptr[i + 1]!;
      let m = b;
      for (; k < to; k++) m += values[k]! * w[indices[k]!]!;
      margins[i] = m;
    }
    // the margins become the per-row loss derivatives (σ(m) − y)
    let loss = 0;
    let sumMult = 0;
    for (let i = 0; i < numRows; i++) {
      const m = margins[i]!;
      const y = labels[i]!;
      const e = Math.exp(-Math.abs(m));
      loss += Math.max(m, 0) + Math.log1p(e) - y * m;
      const mult = (m >= 0 ? 1 / (1 + e) : e / (1 + e)) - y;
      sumMult += mult;
      margins[i] = mult;
    }
    const scale = 1 / numRows;
    const l2 = this.l2;
    const penalizeScaled = l2 !== 0 && this.standardization;
    let reg = 0;
    const { colptr, rowIndices, values: columnValues } = this.columns;
    k = colptr[0]!;
    for (let j = 0; j < p; j++) {
      let sum = 0;
      const to = colptr[j + 1]!;
      for (; k < to; k++) sum += columnValues[k]! * margins[rowIndices[k]!]!;
      const s = invStd[j]!;
      let gj = sum * s * scale;
      if (l2 !== 0) {
        const xj = x[j]!;
        if (penalizeScaled) {
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
