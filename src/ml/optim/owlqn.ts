import { ConvergenceCheck } from "./convergence";
import {
  type ConvergenceReason,
  type DiffFunction,
  LineSearchFailed,
  type MinimizerOptions,
  type MinimizerResult,
  norm2,
} from "./diff-function";
import { InverseHessian } from "./inverse-hessian";

const C1 = 1e-4;
const MAX_BACKTRACK = 20;

/**
 * OWL-QN (Andrew & Gao) for f(x) + Σ l1[i]·|x[i]|, as Breeze's OWLQN used by Spark for elastic net:
 * pseudo-gradient, direction constrained to the orthant, projected backtracking line search
 * (first step 0.5/‖g‖ shrinking by 0.1, later steps 1 shrinking by 0.5).
 */
export function minimizeOwlqn(
  f: DiffFunction,
  x0: Float64Array,
  l1: Float64Array,
  options: MinimizerOptions,
): MinimizerResult {
  const n = f.dim;
  let x = Float64Array.from(x0);
  let g = new Float64Array(n);
  let xNew = new Float64Array(n);
  let gNew = new Float64Array(n);
  const pg = new Float64Array(n);
  const dir = new Float64Array(n);
  const history = new InverseHessian(n, options.memory ?? 10);
  let value = f.calculate(x, g) + l1Term(x, l1);
  pseudoGradient(x, g, l1, pg);
  const objectiveHistory = [value];
  const convergence = new ConvergenceCheck(options.maxIter, options.tol, value);
  let iter = 0;
  let failedOnce = false;
  let reason: ConvergenceReason | undefined = convergence.check(iter, value, norm2(pg));
  while (reason === undefined) {
    history.direction(pg, dir);
    for (let i = 0; i < n; i++) if (dir[i]! * pg[i]! >= 0) dir[i] = 0;
    try {
      let step = iter === 0 ? 0.5 / norm2(pg) : 1;
      const shrink = iter === 0 ? 0.1 : 0.5;
      let next = Number.NaN;
      for (let k = 0; ; k++) {
        if (k === MAX_BACKTRACK || step * norm2(pg) < 1e-10)
          throw new LineSearchFailed("backtracking failed");
        let decrease = 0;
        for (let i = 0; i < n; i++) {
          const orthant = x[i] !== 0 ? Math.sign(x[i]!) : -Math.sign(pg[i]!);
          const v = x[i]! + step * dir[i]!;
          xNew[i] = Math.sign(v) === orthant ? v : 0;
          decrease += pg[i]! * (xNew[i]! - x[i]!);
        }
        next = f.calculate(xNew, gNew) + l1Term(xNew, l1);
        if (Number.isFinite(next) && next <= value + C1 * decrease) break;
        step *= shrink;
      }
      history.update(xNew, x, gNew, g);
      [x, xNew] = [xNew, x];
      [g, gNew] = [gNew, g];
      value = next;
      pseudoGradient(x, g, l1, pg);
      iter++;
      failedOnce = false;
      objectiveHistory.push(value);
      convergence.update(value);
      reason = convergence.check(iter, value, norm2(pg));
    } catch (err) {
      if (!(err instanceof LineSearchFailed)) throw err;
      if (failedOnce) reason = "line search failed";
      failedOnce = true;
      history.reset();
    }
  }
  return { x, objectiveHistory, numIterations: objectiveHistory.length - 1, reason };
}

function l1Term(x: Float64Array, l1: Float64Array): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += l1[i]! * Math.abs(x[i]!);
  return s;
}

/** The minimum-norm subgradient of f + Σ l1|x| (zero where the subdifferential contains 0). */
function pseudoGradient(x: Float64Array, g: Float64Array, l1: Float64Array, out: Float64Array): void {
  for (let i = 0; i < x.length; i++) {
    const xi = x[i]!;
    const gi = g[i]!;
    const r = l1[i]!;
    if (xi > 0) out[i] = gi + r;
    else if (xi < 0) out[i] = gi - r;
    else if (gi + r < 0) out[i] = gi + r;
    else if (gi - r > 0) out[i] = gi - r;
    else out[i] = 0;
  }
}
