import {
  type DiffFunction,
  LineSearchFailed,
  type MinimizerOptions,
  type MinimizerResult,
  norm2,
} from "./diff-function";
import { minimizeQuasiNewton } from "./quasi-newton";

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
  const pg = new Float64Array(n);
  const dir = new Float64Array(n);
  return minimizeQuasiNewton(f, x0, options, {
    initialValue: (x, g) => f.calculate(x, g) + l1Term(x, l1),
    gradientNorm(x, g) {
      pseudoGradient(x, g, l1, pg);
      return norm2(pg);
    },
    step(iter, { x, value }, history, xNew, gNew) {
      history.direction(pg, dir);
      for (let i = 0; i < n; i++) if (dir[i]! * pg[i]! >= 0) dir[i] = 0;
      let step = iter === 0 ? 0.5 / norm2(pg) : 1;
      const shrink = iter === 0 ? 0.1 : 0.5;
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
        const next = f.calculate(xNew, gNew) + l1Term(xNew, l1);
        if (Number.isFinite(next) && next <= value + C1 * decrease) return next;
        step *= shrink;
      }
    },
  });
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
