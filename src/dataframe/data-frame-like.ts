import type { DataFrame } from "danfojs";

/**
 * What lakelab reads from a danfojs DataFrame. Kept as a small interface so that checking a value
 * never needs danfojs itself to be loaded (it pulls in TensorFlow.js).
 */
export interface DataFrameLike {
  readonly columns: string[];
  readonly shape: number[];
  column(name: string): { readonly values: readonly unknown[] };
}

/** The danfojs DataFrame class, re-exported as a type only (danfojs loads lazily). */
export type { DataFrame };

/** True when `x` looks like a danfojs DataFrame (duck-typed: danfojs is not loaded to check). */
export function isDataFrame(x: unknown): x is DataFrameLike {
  if (typeof x !== "object" || x === null) return false;
  const candidate = x as Partial<DataFrameLike> & { $isSeries?: unknown };
  return (
    Array.isArray(candidate.columns) &&
    Array.isArray(candidate.shape) &&
    typeof candidate.column === "function" &&
    candidate.$isSeries !== true
  );
}
