import { type Table, tableFromArrays } from "apache-arrow";
import { describe, expect, it } from "vitest";
import { randomSplit } from "../../src/ml/random-split";

describe("randomSplit", () => {
  const rows = Array.from({ length: 2000 }, (_, id) => ({ id }));

  it("splits records by weight, deterministically for a seed, covering each row once", () => {
    const [train, held] = randomSplit(rows, [0.8, 0.2], 42);
    expect(train!.length + held!.length).toBe(2000);
    expect(train!.length / 2000).toBeGreaterThan(0.76);
    expect(train!.length / 2000).toBeLessThan(0.84);
    const ids = new Set([...train!, ...held!].map((r) => r.id));
    expect(ids.size).toBe(2000);
    const again = randomSplit(rows, [0.8, 0.2], 42);
    expect(again[1]!.map((r) => r.id)).toEqual(held!.map((r) => r.id));
    const other = randomSplit(rows, [0.8, 0.2], 7);
    expect(other[1]!.map((r) => r.id)).not.toEqual(held!.map((r) => r.id));
    const [a, b, c] = randomSplit(rows, [1, 1, 2], 1);
    expect(a!.length + b!.length + c!.length).toBe(2000);
    expect(c!.length).toBeGreaterThan(a!.length);
  });

  it("splits Arrow tables into Arrow tables with the same schema", () => {
    const table = tableFromArrays({
      id: Int32Array.from(rows, (r) => r.id),
      text: rows.map((r) => `t${r.id}`),
    });
    const [train, held] = randomSplit(table, [0.8, 0.2], 42) as Table[];
    expect(train!.numRows + held!.numRows).toBe(2000);
    expect(held!.schema.fields.map((f) => f.name)).toEqual(["id", "text"]);
    const recordsHeld = randomSplit(rows, [0.8, 0.2], 42)[1]!;
    expect([...held!.getChild("id")!.toArray()]).toEqual(recordsHeld.map((r) => r.id));
    expect(held!.getChild("text")!.get(0)).toBe(`t${recordsHeld[0]!.id}`);
  });

  it("rejects bad weights naming the parameter", () => {
    for (const w of [[], [-1, 2], [0, 0], [Number.NaN]]) {
      expect(() => randomSplit(rows, w, 1)).toThrow(
        expect.objectContaining({
          code: "INVALID_PARAMETER_VALUE",
          context: expect.objectContaining({ param: "weights" }),
        }),
      );
    }
  });
});
