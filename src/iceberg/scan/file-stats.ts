/** Column statistics for inclusive evaluation: from data-file metrics and from manifest partition summaries. */
import type { ColumnStats } from "../expressions/evaluator";
import type { DataFile, FieldSummary } from "../spec/manifest";
import type { PrimitiveType } from "../spec/schema";
import { fromSingleValue } from "../spec/single-value.serde";

/** Stats of field `id` of a data file; undefined when the file has no metrics for it. */
export function dataFileStats(f: DataFile, id: number, type: PrimitiveType): ColumnStats | undefined {
  const lo = f.lowerBounds?.get(id);
  const hi = f.upperBounds?.get(id);
  const nulls = f.nullValueCounts?.get(id);
  const values = f.valueCounts?.get(id);
  if (lo === undefined && hi === undefined && nulls === undefined) return undefined;
  return {
    ...(lo !== undefined ? { lower: fromSingleValue(type, lo) } : {}),
    ...(hi !== undefined ? { upper: fromSingleValue(type, hi) } : {}),
    mayHaveNull: nulls === undefined || nulls > 0n,
    allNull: nulls !== undefined && values !== undefined && nulls === values,
  };
}

/** Stats of one partition field across a manifest, from its field summary. */
export function summaryStats(s: FieldSummary | undefined, type: PrimitiveType): ColumnStats | undefined {
  if (!s) return undefined;
  return {
    ...(s.lowerBound !== undefined ? { lower: fromSingleValue(type, s.lowerBound) } : {}),
    ...(s.upperBound !== undefined ? { upper: fromSingleValue(type, s.upperBound) } : {}),
    mayHaveNull: s.containsNull,
    allNull: s.containsNull && s.lowerBound === undefined && s.containsNan !== true,
  };
}
