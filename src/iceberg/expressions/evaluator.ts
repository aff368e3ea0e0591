/**
 * Evaluates bound expressions three ways: exactly on a row (or partition tuple), and inclusively
 * ("might any row match?") on column statistics: file metrics or manifest partition summaries.
 */
import type { BoundExpression, BoundPredicate } from "./bound-expression";
import { compareValues, type IcebergValue } from "./literal";

/** Exact evaluation; `get` returns the value of a field id. Comparisons with null are false. */
export function evaluate(
  e: BoundExpression,
  get: (fieldId: number) => IcebergValue | null | undefined,
): boolean {
  switch (e.op) {
    case "true":
      return true;
    case "false":
      return false;
    case "and":
      return e.children.every((c) => evaluate(c, get));
    case "or":
      return e.children.some((c) => evaluate(c, get));
    default:
      return test(e, get(e.fieldId) ?? null);
  }
}

/** One predicate on one value. */
export function test(p: BoundPredicate, v: IcebergValue | null): boolean {
  if (p.op === "isNull") return v === null;
  if (p.op === "notNull") return v !== null;
  if (v === null) return false;
  if (typeof v === "number" && Number.isNaN(v)) return false;
  if (p.op === "in") return p.values.some((x) => compareValues(v, x) === 0);
  const c = compareValues(v, p.values[0]!);
  switch (p.op) {
    case "eq":
      return c === 0;
    case "lt":
      return c < 0;
    case "lte":
      return c <= 0;
    case "gt":
      return c > 0;
    case "gte":
      return c >= 0;
    default: {
      const never: never = p.op;
      return never;
    }
  }
}

/** What is known of one column (or partition field) across a file or manifest. */
export interface ColumnStats {
  readonly lower?: IcebergValue;
  readonly upper?: IcebergValue;
  /** False only when it is known there is no null. */
  readonly mayHaveNull: boolean;
  /** True only when it is known every value is null. */
  readonly allNull: boolean;
}

/** Inclusive evaluation: false only when no row can match. Unknown stats never prune. */
export function mightMatch(e: BoundExpression, stats: (fieldId: number) => ColumnStats | undefined): boolean {
  switch (e.op) {
    case "true":
      return true;
    case "false":
      return false;
    case "and":
      return e.children.every((c) => mightMatch(c, stats));
    case "or":
      return e.children.some((c) => mightMatch(c, stats));
    default: {
      const s = stats(e.fieldId);
      if (!s) return true;
      if (e.op === "isNull") return s.mayHaveNull;
      if (e.op === "notNull") return !s.allNull;
      if (s.allNull) return false;
      const { lower, upper } = s;
      const v = e.values;
      if (v.some((x) => typeof x === "number" && Number.isNaN(x))) return true;
      switch (e.op) {
        case "eq":
          return !(
            (lower !== undefined && compareValues(lower, v[0]!) > 0) ||
            (upper !== undefined && compareValues(upper, v[0]!) < 0)
          );
        case "lt":
          return lower === undefined || compareValues(lower, v[0]!) < 0;
        case "lte":
          return lower === undefined || compareValues(lower, v[0]!) <= 0;
        case "gt":
          return upper === undefined || compareValues(upper, v[0]!) > 0;
        case "gte":
          return upper === undefined || compareValues(upper, v[0]!) >= 0;
        case "in":
          return v.some(
            (x) =>
              (lower === undefined || compareValues(lower, x) <= 0) &&
              (upper === undefined || compareValues(upper, x) >= 0),
          );
        default: {
          const never: never = e.op;
          return never;
        }
      }
    }
  }
}
