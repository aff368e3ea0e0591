import type { ConvergenceReason } from "./diff-function";

const FVAL_MEMORY = 20;

/**
 * Breeze's default convergence check as Spark uses it: max iterations, then
 * |f − max(last 20 f)| ≤ tol·|f₀| (the window starts with +∞, so this needs 20 iterations), then
 * ‖g‖₂ ≤ max(tol·f, 1e-8).
 */
export class ConvergenceCheck {
  private readonly window: number[] = [Number.POSITIVE_INFINITY];

  constructor(
    private readonly maxIter: number,
    private readonly tol: number,
    private readonly initialValue: number,
  ) {}

  /** Records the value reached by an iteration. */
  update(value: number): void {
    this.window.push(value);
    if (this.window.length > FVAL_MEMORY) this.window.shift();
  }

  check(iter: number, value: number, gradNorm: number): ConvergenceReason | undefined {
    if (iter >= this.maxIter) return "max iterations reached";
    if (this.window.length >= 2) {
      let max = Number.NEGATIVE_INFINITY;
      for (const v of this.window) if (v > max) max = v;
      if (Math.abs(value - max) <= this.tol * Math.abs(this.initialValue)) return "function values converged";
    }
    if (gradNorm <= Math.max(this.tol * value, 1e-8)) return "gradient converged";
    return undefined;
  }
}
