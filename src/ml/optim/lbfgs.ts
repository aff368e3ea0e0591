import {
  type DiffFunction,
  dot,
  LineSearchFailed,
  type MinimizerOptions,
  type MinimizerResult,
  norm2,
} from "./diff-function";
import { StrongWolfeLineSearch } from "./line-search";
import { minimizeQuasiNewton } from "./quasi-newton";

/**
 * L-BFGS as Spark runs it through Breeze: history `memory` (10), strong-Wolfe line search with a
 * first step of 1/‖d‖, Breeze's convergence check.
 */
export function minimizeLbfgs(f: DiffFunction, x0: Float64Array, options: MinimizerOptions): MinimizerResult {
  const dir = new Float64Array(f.dim);
  const search = new StrongWolfeLineSearch(f);
  return minimizeQuasiNewton(f, x0, options, {
    initialValue: (x, g) => f.calculate(x, g),
    gradientNorm: (_x, g) => norm2(g),
    step(iter, { x, g, value }, history, xNew, gNew) {
      history.direction(g, dir);
      const d0 = dot(dir, g);
      const init = iter === 0 ? 1 / norm2(dir) : 1;
      const { value: next, step } = search.search(x, dir, value, d0, init, xNew, gNew);
      if (step * norm2(g) < 1e-10) throw new LineSearchFailed("step size underflow");
      return next;
    },
  });
}
