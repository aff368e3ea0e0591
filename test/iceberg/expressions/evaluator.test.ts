import { describe, expect, it } from "vitest";
import { bindExpression } from "../../../src/iceberg/expressions/bound-expression";
import { evaluate, mightMatch } from "../../../src/iceberg/expressions/evaluator";
import {
  and,
  eq,
  gt,
  gte,
  isIn,
  isNull,
  lt,
  lte,
  notNull,
  or,
} from "../../../src/iceberg/expressions/expression";
import type { IcebergValue } from "../../../src/iceberg/expressions/literal";
import type { PartitionSpec } from "../../../src/iceberg/spec/partition-spec";
import type { Schema } from "../../../src/iceberg/spec/schema";
import { projectToPartition } from "../../../src/iceberg/transforms/project-predicate";
import { bindTransform } from "../../../src/iceberg/transforms/transform";

const schema: Schema = {
  type: "struct",
  schemaId: 0,
  fields: [
    { id: 1, name: "id", required: true, type: "long" },
    { id: 2, name: "name", required: false, type: "string" },
    { id: 3, name: "ts", required: false, type: "timestamptz" },
    { id: 4, name: "n", required: false, type: "int" },
  ],
};

const spec: PartitionSpec = {
  specId: 0,
  fields: [
    { sourceId: 1, fieldId: 1000, name: "id_bucket", transform: "bucket[4]" },
    { sourceId: 2, fieldId: 1001, name: "name_trunc", transform: "truncate[2]" },
    { sourceId: 3, fieldId: 1002, name: "ts_month", transform: "month" },
    { sourceId: 4, fieldId: 1003, name: "n_void", transform: "void" },
  ],
};

/** Random-ish rows covering nulls and boundaries. */
const rows: Record<number, IcebergValue | null>[] = [];
for (let i = 0; i < 200; i++) {
  rows.push({
    1: BigInt(i * 37 - 3000),
    2: i % 11 === 0 ? null : ["ab", "abc", "b", "ba", "zz", "é", "😀x"][i % 7]!,
    3: i % 13 === 0 ? null : BigInt(Date.UTC(2023, i % 24, (i % 27) + 1)) * 1000n + BigInt(i),
    4: i % 5 === 0 ? null : i - 100,
  });
}

const filters = [
  eq("id", 37 * 50 - 3000),
  isIn("id", [-3000, 37 * 199 - 3000, 5]),
  lt("name", "b"),
  gte("name", "ba"),
  eq("name", "abc"),
  isNull("name"),
  notNull("ts"),
  gt("ts", "2023-06-15T00:00:00Z"),
  lte("ts", new Date(Date.UTC(2024, 2, 1))),
  and(gt("n", 0), lt("n", 50)),
  or(eq("name", "é"), lt("id", -2000)),
];

describe("inclusive projection onto partitions", () => {
  it("never excludes a partition that holds a matching row", () => {
    const transforms = spec.fields.map((pf) => ({
      pf,
      t: bindTransform(pf.transform, schema.fields.find((f) => f.id === pf.sourceId)!.type),
    }));
    for (const f of filters) {
      const bound = bindExpression(f, schema);
      const projected = projectToPartition(bound, spec, schema);
      let matched = 0;
      for (const r of rows) {
        if (!evaluate(bound, (id) => r[id])) continue;
        matched++;
        const partition = new Map(transforms.map(({ pf, t }) => [pf.fieldId, t.apply(r[pf.sourceId])]));
        expect(
          evaluate(projected, (id) => partition.get(id) ?? null),
          JSON.stringify(f),
        ).toBe(true);
      }
      expect(matched, JSON.stringify(f)).toBeGreaterThan(0);
    }
  });

  it("projects ranges through order-preserving transforms and only = / in through bucket", () => {
    const p = projectToPartition(
      bindExpression(and(lt("ts", "2023-03-10T00:00:00Z"), eq("id", 7)), schema),
      spec,
      schema,
    );
    expect(p).toEqual({
      op: "and",
      children: [
        { op: "lte", fieldId: 1002, column: "ts_month", type: "int", values: [53 * 12 + 2] },
        {
          op: "eq",
          fieldId: 1000,
          column: "id_bucket",
          type: "int",
          values: [bindTransform("bucket[4]", "long").apply(7n)],
        },
      ],
    });
    expect(projectToPartition(bindExpression(gt("id", 7), schema), spec, schema)).toEqual({ op: "true" });
    expect(projectToPartition(bindExpression(eq("n", 7), schema), spec, schema)).toEqual({ op: "true" });
  });
});

describe("metrics evaluation", () => {
  it("never prunes a file whose rows match, and prunes what bounds exclude", () => {
    const chunks = [rows.slice(0, 50), rows.slice(50, 120), rows.slice(120)];
    for (const f of filters) {
      const bound = bindExpression(f, schema);
      for (const chunk of chunks) {
        const stats = (id: number) => {
          const vals = chunk.map((r) => r[id] ?? null);
          const present = vals.filter((v): v is IcebergValue => v !== null);
          const sorted = [...present].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
          return {
            ...(sorted.length ? { lower: sorted[0]!, upper: sorted[sorted.length - 1]! } : {}),
            mayHaveNull: present.length < vals.length,
            allNull: present.length === 0,
          };
        };
        const any = chunk.some((r) => evaluate(bound, (id) => r[id]));
        if (any) expect(mightMatch(bound, stats), JSON.stringify(f)).toBe(true);
      }
    }
    const s = () => ({ lower: 10n, upper: 20n, mayHaveNull: false, allNull: false });
    for (const [f, expected] of [
      [eq("id", 5), false],
      [eq("id", 15), true],
      [lt("id", 10), false],
      [lte("id", 10), true],
      [gt("id", 20), false],
      [gte("id", 20), true],
      [isIn("id", [1, 25]), false],
      [isNull("id"), false],
      [notNull("id"), true],
    ] as const) {
      expect(mightMatch(bindExpression(f, schema), s), JSON.stringify(f)).toBe(expected);
    }
    expect(
      mightMatch(bindExpression(notNull("name"), schema), () => ({ mayHaveNull: true, allNull: true })),
    ).toBe(false);
  });
});
