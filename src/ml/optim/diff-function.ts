/** A differentiable objective: returns f(x) and writes ∇f(x) into `grad` (no allocation per call). */
export interface DiffFunction {
  readonly dim: number;
  calculate(x: Float64Array, grad: Float64Array): number;
}

/** Options shared by L-BFGS and OWL-QN, with Spark's meaning. */
export interface MinimizerOptions {
  /** Stop after this many iterations (0 = return the start point). */
  readonly maxIter: number;
  /** Breeze's relative tolerance on objective change and gradient norm. */
  readonly tol: number;
  /** Correction pairs kept (Spark uses 10). */
  readonly memory?: number;
}

export type ConvergenceReason =
  | "max iterations reached"
  | "function values converged"
  | "gradient converged"
  | "line search failed";

export interface MinimizerResult {
  readonly x: Float64Array;
  /** Objective (with the L1 term for OWL-QN) at the start and after each iteration. */
  readonly objectiveHistory: readonly number[];
  readonly numIterations: number;
  readonly reason: ConvergenceReason;
}

/** a·b with four partial sums, so the additions do not wait on one another. */
export function dot(a: Float64Array, b: Float64Array): number {
  const n = a.length;
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let i = 0;
  for (; i + 3 < n; i += 4) {
    s0 += a[i]! * b[i]!;
    s1 += a[i + 1]! * b[i + 1]!;
    s2 += a[i + 2]! * b[i + 2]!;
    s3 += a[i + 3]! * b[i + 3]!;
  }
  for (; i < n; i++) s0 += a[i]! * b[i]!;
  return s0 + s1 + (s2 + s3);
}

export function norm2(a: Float64Array): number {
  return Math.sqrt(dot(a, a));
}

/** Thrown inside a line search; the minimizer resets its history once, then gives up. */
export class LineSearchFailed extends Error {}
