import { ConvergenceCheck } from "./convergence";
import {
  type ConvergenceReason,
  type DiffFunction,
  dot,
  LineSearchFailed,
  type MinimizerOptions,
  type MinimizerResult,
  norm2,
} from "./diff-function";
import { InverseHessian } from "./inverse-hessian";
import { StrongWolfeLineSearch } from "./line-search";

/**
 * L-BFGS as Spark runs it through Breeze: history `memory` (10), strong-Wolfe line search with a
 * first step of 1/‖d‖, Breeze's convergence check; a failed line search resets the history once and
 * stops the second time in a row. Deterministic; buffers allocated once.
 */
export function minimizeLbfgs(f: DiffFunction, x0: Float64Array, options: MinimizerOptions): MinimizerResult {
  const n = f.dim;
  let x = Float64Array.from(x0);
  let g = new Float64Array(n);
  let xNew = new Float64Array(n);
  let gNew = new Float64Array(n);
  const dir = new Float64Array(n);
  const history = new InverseHessian(n, options.memory ?? 10);
  const search = new StrongWolfeLineSearch(f);
  let value = f.calculate(x, g);
  const objectiveHistory = [value];
  const convergence = new ConvergenceCheck(options.maxIter, options.tol, value);
  let iter = 0;
  let failedOnce = false;
  let reason: ConvergenceReason | undefined = convergence.check(iter, value, norm2(g));
  while (reason === undefined) {
    history.direction(g, dir);
    const d0 = dot(dir, g);
    try {
      const init = iter === 0 ? 1 / norm2(dir) : 1;
      const { value: next, step } = search.search(x, dir, value, d0, init, xNew, gNew);
      if (step * norm2(g) < 1e-10) throw new LineSearchFailed("step size underflow");
      history.update(xNew, x, gNew, g);
      [x, xNew] = [xNew, x];
      [g, gNew] = [gNew, g];
      value = next;
      iter++;
      failedOnce = false;
      objectiveHistory.push(value);
      convergence.update(value);
      reason = convergence.check(iter, value, norm2(g));
    } catch (err) {
      if (!(err instanceof LineSearchFailed)) throw err;
      if (failedOnce) reason = "line search failed";
      failedOnce = true;
      history.reset();
    }
  }
  return { x, objectiveHistory, numIterations: objectiveHistory.length - 1, reason };
}
