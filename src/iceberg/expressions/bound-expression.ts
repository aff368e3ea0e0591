/** Expressions bound to a schema: columns resolved to field ids, literals converted to the column type. */
import { LakelabError } from "../../errors";
import type { NestedField, PrimitiveType, Schema } from "../spec/schema";
import type { ComparisonOp, Expression } from "./expression";
import { type IcebergValue, toIcebergValue } from "./literal";

export interface BoundPredicate {
  readonly op: ComparisonOp | "in" | "isNull" | "notNull";
  readonly fieldId: number;
  readonly column: string;
  readonly type: PrimitiveType;
  /** One value for comparisons, the set for `in`, none for null checks. */
  readonly values: readonly IcebergValue[];
}

export type BoundExpression =
  | BoundPredicate
  | { readonly op: "and" | "or"; readonly children: readonly BoundExpression[] }
  | { readonly op: "true" | "false" };

/** Finds a column by name (dotted for struct fields); unknown → COLUMN_NOT_FOUND listing the columns. */
export function findColumn(schema: Schema, column: string): NestedField {
  let fields: readonly NestedField[] = schema.fields;
  let found: NestedField | undefined;
  for (const part of column.split(".")) {
    found = fields.find((f) => f.name === part);
    if (!found) break;
    fields = typeof found.type !== "string" && found.type.type === "struct" ? found.type.fields : [];
  }
  if (!found) {
    throw new LakelabError(
      "COLUMN_NOT_FOUND",
      `column '${column}' is not in the table schema; columns are ${schema.fields.map((f) => f.name).join(", ")}`,
      { context: { column } },
    );
  }
  return found;
}

export function bindExpression(e: Expression, schema: Schema): BoundExpression {
  switch (e.op) {
    case "true":
    case "false":
      return e;
    case "and":
    case "or": {
      const children = e.children.map((c) => bindExpression(c, schema));
      if (children.length === 0) return { op: e.op === "and" ? "true" : "false" };
      return children.length === 1 ? children[0]! : { op: e.op, children };
    }
    default: {
      const field = findColumn(schema, e.column);
      if (typeof field.type !== "string") {
        throw new LakelabError(
          "INVALID_ARGUMENT",
          `column '${e.column}' is a ${field.type.type}; filters apply to primitive columns`,
          {
            context: { column: e.column },
          },
        );
      }
      const type = field.type;
      const conv = (v: unknown): IcebergValue => {
        const x = toIcebergValue(type, v, e.column);
        if (x === null) {
          throw new LakelabError(
            "INVALID_ARGUMENT",
            `filter on '${e.column}' compares with null; use isNull("${e.column}")`,
            {
              context: { column: e.column },
            },
          );
        }
        return x;
      };
      let values: IcebergValue[] = [];
      if (e.op === "in") values = e.values.map(conv);
      else if ("value" in e) values = [conv(e.value)];
      return { op: e.op, fieldId: field.id, column: e.column, type, values };
    }
  }
}

/** Field ids an expression reads. */
export function referencedFieldIds(e: BoundExpression): Set<number> {
  const out = new Set<number>();
  const visit = (x: BoundExpression): void => {
    if (x.op === "and" || x.op === "or") x.children.forEach(visit);
    else if ("fieldId" in x) out.add(x.fieldId);
  };
  visit(e);
  return out;
}
