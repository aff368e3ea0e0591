import { type Table, tableFromArrays } from "apache-arrow";
import { describe, expect, it } from "vitest";
import { Pipeline } from "../../src/ml/pipeline";
import { randomSplit } from "../../src/ml/random-split";
import { Tokenizer } from "../../src/ml/tokenizer";

/** A user's record type: an interface has no index signature, so it is not a Record<string, unknown>. */
interface LabeledText {
  readonly text: string;
  readonly label: number;
}

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

  it("takes records of an interface type and returns that type (the same row objects)", () => {
    const typed: readonly LabeledText[] = rows.map((r) => ({ text: `t${r.id}`, label: r.id % 2 }));
    const [train, held] = randomSplit(typed, [0.8, 0.2], 42);
    const heldLabels: number[] = held!.map((r) => r.label);
    expect(heldLabels.length + train!.length).toBe(2000);
    expect(held![0]).toBe(typed[Number(held![0]!.text.slice(1))]);
    const [, heldIds] = randomSplit(rows, [0.8, 0.2], 42);
    expect(held!.map((r) => r.text)).toEqual(heldIds!.map((r) => `t${r.id}`));
    const model = new Pipeline({ stages: [new Tokenizer({ inputCol: "text", outputCol: "words" })] }).fit(
      train!,
    );
    const out = model.transform(held!) as readonly { words: string[]; label: number }[];
    expect(out[0]!.words).toEqual([held![0]!.text]);
    expect(out.map((r) => r.label)).toEqual(heldLabels);
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
