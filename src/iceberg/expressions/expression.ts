/**
 * A small filter language as plain data, e.g. `and(eq("label", 1), gte("ts", "2024-01-01"))`.
 * Values are plain JS (number, bigint, string, Date, Uint8Array) and are converted to the
 * column's Iceberg type when the expression is bound to a schema.
 */
export type ComparisonOp = "eq" | "lt" | "lte" | "gt" | "gte";

export type Expression =
  | { readonly op: ComparisonOp; readonly column: string; readonly value: unknown }
  | { readonly op: "in"; readonly column: string; readonly values: readonly unknown[] }
  | { readonly op: "isNull" | "notNull"; readonly column: string }
  | { readonly op: "and" | "or"; readonly children: readonly Expression[] }
  | { readonly op: "true" | "false" };

export const eq = (column: string, value: unknown): Expression => ({ op: "eq", column, value });
export const lt = (column: string, value: unknown): Expression => ({ op: "lt", column, value });
export const lte = (column: string, value: unknown): Expression => ({ op: "lte", column, value });
export const gt = (column: string, value: unknown): Expression => ({ op: "gt", column, value });
export const gte = (column: string, value: unknown): Expression => ({ op: "gte", column, value });
export const isIn = (column: string, values: readonly unknown[]): Expression => ({
  op: "in",
  column,
  values,
});
export const isNull = (column: string): Expression => ({ op: "isNull", column });
export const notNull = (column: string): Expression => ({ op: "notNull", column });
export const and = (...children: Expression[]): Expression => ({ op: "and", children });
export const or = (...children: Expression[]): Expression => ({ op: "or", children });
export const alwaysTrue = (): Expression => ({ op: "true" });
