/**
 * Inclusive projection of a row filter onto a partition spec: the projected expression is true
 * for every partition that may hold a matching row, so files and manifests where it is false
 * can be skipped. Order-preserving transforms project ranges; bucket projects only = and in.
 */
import type { BoundExpression, BoundPredicate } from "../expressions/bound-expression";
import type { IcebergValue } from "../expressions/literal";
import type { PartitionSpec } from "../spec/partition-spec";
import type { Schema } from "../spec/schema";
import { indexFieldsById } from "../spec/schema.serde";
import { type BoundTransform, bindTransform } from "./transform";

const TRUE: BoundExpression = { op: "true" };

function projectOne(p: BoundPredicate, t: BoundTransform, fieldId: number, name: string): BoundExpression {
  const base = { fieldId, column: name, type: t.resultType };
  if (t.name === "void") return TRUE;
  if (p.op === "isNull" || p.op === "notNull") return { ...base, op: p.op, values: [] };
  const apply = (v: IcebergValue): IcebergValue => t.apply(v) as IcebergValue;
  if (p.op === "eq" || p.op === "in") return { ...base, op: p.op, values: p.values.map(apply) };
  if (!t.monotonic) return TRUE;
  if (t.name === "identity") return { ...base, op: p.op, values: p.values };
  // t(x) is non-decreasing: x < v ⇒ t(x) ≤ t(v), x > v ⇒ t(x) ≥ t(v).
  const op = p.op === "lt" || p.op === "lte" ? "lte" : "gte";
  return { ...base, op, values: [apply(p.values[0]!)] };
}

/** Projects `e` (bound to `schema`) onto partition values keyed by partition field id. */
export function projectToPartition(e: BoundExpression, spec: PartitionSpec, schema: Schema): BoundExpression {
  const fields = indexFieldsById(schema.fields);
  const visit = (x: BoundExpression): BoundExpression => {
    switch (x.op) {
      case "true":
      case "false":
        return x;
      case "and":
      case "or":
        return { op: x.op, children: x.children.map(visit) };
      default: {
        const parts: BoundExpression[] = [];
        for (const pf of spec.fields) {
          if (pf.sourceId !== x.fieldId) continue;
          const source = fields.get(pf.sourceId);
          if (!source) continue;
          parts.push(projectOne(x, bindTransform(pf.transform, source.type), pf.fieldId, pf.name));
        }
        const useful = parts.filter((p) => p.op !== "true");
        if (useful.length === 0) return TRUE;
        return useful.length === 1 ? useful[0]! : { op: "and", children: useful };
      }
    }
  };
  return visit(e);
}
