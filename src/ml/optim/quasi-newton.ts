import { ConvergenceCheck } from "./convergence";
import {
  type ConvergenceReason,
  type DiffFunction,
  LineSearchFailed,
  type MinimizerOptions,
  type MinimizerResult,
} from "./diff-function";
import { InverseHessian } from "./inverse-hessian";

/** What distinguishes L-BFGS from OWL-QN; the iteration, history and convergence bookkeeping is shared. */
export interface QuasiNewtonMethod {
  /** The objective at `x`, writing its smooth gradient into `g`. */
  initialValue(x: Float64Array, g: Float64Array): number;
  /** The norm the convergence test uses, after `x`/`g` changed (OWL-QN refreshes its pseudo-gradient here). */
  gradientNorm(x: Float64Array, g: Float64Array): number;
  /**
   * Searches along the history's direction from `x`; writes the accepted point and its gradient into
   * `xNew`/`gNew` and returns its objective, or throws LineSearchFailed.
   */
  step(
    iter: number,
    state: { x: Float64Array; g: Float64Array; value: number },
    history: InverseHessian,
    xNew: Float64Array,
    gNew: Float64Array,
  ): number;
}

/**
 * Breeze's FirstOrderMinimizer loop as Spark runs it: a failed line search resets the history once
 * and stops the second time in a row. Deterministic; buffers allocated once.
 */
export function minimizeQuasiNewton(
  f: DiffFunction,
  x0: Float64Array,
  options: MinimizerOptions,
  method: QuasiNewtonMethod,
): MinimizerResult {
  const n = f.dim;
  let x = Float64Array.from(x0);
  let g = new Float64Array(n);
  let xNew = new Float64Array(n);
  let gNew = new Float64Array(n);
  const history = new InverseHessian(n, options.memory ?? 10);
  let value = method.initialValue(x, g);
  const objectiveHistory = [value];
  const convergence = new ConvergenceCheck(options.maxIter, options.tol, value);
  let iter = 0;
  let failedOnce = false;
  let reason: ConvergenceReason | undefined = convergence.check(iter, value, method.gradientNorm(x, g));
  while (reason === undefined) {
    try {
      const next = method.step(iter, { x, g, value }, history, xNew, gNew);
      history.update(xNew, x, gNew, g);
      [x, xNew] = [xNew, x];
      [g, gNew] = [gNew, g];
      value = next;
      const gradientNorm = method.gradientNorm(x, g);
      iter++;
      failedOnce = false;
      objectiveHistory.push(value);
      convergence.update(value);
      reason = convergence.check(iter, value, gradientNorm);
    } catch (err) {
      if (!(err instanceof LineSearchFailed)) throw err;
      if (failedOnce) reason = "line search failed";
      failedOnce = true;
      history.reset();
    }
  }
  return { x, objectiveHistory, numIterations: objectiveHistory.length - 1, reason };
}
