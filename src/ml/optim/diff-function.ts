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

export function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

export function norm2(a: Float64Array): number {
  return Math.sqrt(dot(a, a));
}

/** Thrown inside a line search; the minimizer resets its history once, then gives up. */
export class LineSearchFailed extends Error {}
