import type { CsrMatrix } from "../csr-matrix";

/**
 * Per-column scale s_j = 1/√(¼·mean(x_j²) + l2): the inverse square root of an upper bound on the
 * objective's curvature along coefficient j (logistic loss curvature ≤ ¼). Optimizing x_j = w_j/s_j
 * instead of w_j gives L-BFGS a Jacobi-preconditioned start (H₀ = γ·diag(s²) in the original space):
 * same objective and optimum, far fewer iterations on raw term counts, whose columns differ in scale
 * by orders of magnitude. Every column must have a non-zero entry when l2 is 0.
 */
export function jacobiScaling(m: CsrMatrix, l2: number): Float64Array {
  const sumSq = new Float64Array(m.numCols);
  for (let k = 0; k < m.indices.length; k++) {
    const v = m.values[k]!;
    sumSq[m.indices[k]!]! += v * v;
  }
  const n = Math.max(m.numRows, 1);
  const s = new Float64Array(m.numCols);
  for (let j = 0; j < m.numCols; j++) s[j] = 1 / Math.sqrt((0.25 * sumSq[j]!) / n + l2);
  return s;
}
