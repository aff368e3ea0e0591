import { readFileSync } from "node:fs";
import { join } from "node:path";
import { type Struct, type Table, Type, tableFromArrays } from "apache-arrow";
import { describe, expect, it } from "vitest";
import type { CsrMatrix } from "../../src/ml/csr-matrix";
import { Frame } from "../../src/ml/frame";
import { HashingTF } from "../../src/ml/hashing-tf";
import { SparseVector } from "../../src/ml/sparse-vector";
import { sparkTokenize, Tokenizer } from "../../src/ml/tokenizer";
import { murmur3x86_32, murmur3x86_32Ascii } from "../../src/util/murmur3";
import { parityCorpus } from "./parity-corpus";

const fixtures = join(__dirname, "fixtures");
const table = JSON.parse(readFileSync(join(fixtures, "murmur3-terms.json"), "utf8")) as {
  terms: string[];
  hash: number[];
  index262144: number[];
  index1000: number[];
};

describe("HashingTF (Spark 3.x: murmur3_x86_32 seed 42, nonNegativeMod)", () => {
  it("reproduces pyspark's doctest: a, b, c → {5, 7, 8} with 10 features ({0, 2, 3} with 5), indexOf(b) = 5", () => {
    const ten = new HashingTF({ inputCol: "w", outputCol: "f", numFeatures: 10 });
    const [row] = ten.transform([{ w: ["a", "b", "c"] }]) as { f: SparseVector }[];
    expect([...row!.f.indices]).toEqual([5, 7, 8]);
    expect([...row!.f.values]).toEqual([1, 1, 1]);
    expect(ten.indexOf("b")).toBe(5);
    const five = new HashingTF({ inputCol: "w", outputCol: "f", numFeatures: 5 });
    expect(["a", "b", "c"].map((t) => five.indexOf(t)).sort()).toEqual([0, 2, 3]);
  });

  it(`matches scikit-learn's C MurmurHash3 on ${table.terms.length} terms (ASCII, accented, CJK, emoji, empty, 1 KB)`, () => {
    expect(table.terms.length).toBeGreaterThanOrEqual(200);
    expect(table.terms).toContain("");
    expect(table.terms.some((t) => new TextEncoder().encode(t).length >= 1000)).toBe(true);
    const big = new HashingTF({ inputCol: "w", outputCol: "f" });
    const thousand = new HashingTF({ inputCol: "w", outputCol: "f", numFeatures: 1000 });
    const enc = new TextEncoder();
    table.terms.forEach((term, i) => {
      expect(murmur3x86_32(enc.encode(term), 42), term).toBe(table.hash[i]);
      if (isAscii(term)) {
        expect(murmur3x86_32Ascii(term, 0, term.length, 42), term).toBe(table.hash[i]);
        // in place inside a longer string, as the fused Tokenizer → HashingTF scan hashes it
        const padded = `ab ${term} cd`;
        expect(murmur3x86_32Ascii(padded, 3, 3 + term.length, 42), term).toBe(table.hash[i]);
      } else {
        // not ASCII: no answer rather than a hash of the wrong bytes
        expect(murmur3x86_32Ascii(term, 0, term.length, 42), term).toBeUndefined();
        expect(murmur3x86_32Ascii(`ab ${term}`, 3, 3 + term.length, 42), term).toBeUndefined();
      }
      expect(big.indexOf(term), term).toBe(table.index262144[i]);
      expect(thousand.indexOf(term), term).toBe(table.index1000[i]);
    });
    expect(table.terms.filter((t) => !isAscii(t)).length).toBeGreaterThan(20);
    expect(table.terms.filter(isAscii).length).toBeGreaterThan(80);
  });

  it("counts terms into sorted sparse vectors; binary records presence", () => {
    const rows = [{ w: ["a", "b", "a", "c", "a"] }, { w: [] }];
    const counts = new HashingTF({ inputCol: "w", outputCol: "f", numFeatures: 10 }).transform(rows) as {
      f: SparseVector;
    }[];
    expect(counts[0]!.f).toBeInstanceOf(SparseVector);
    // a → 7, b → 5, c → 8
    expect([...counts[0]!.f.indices]).toEqual([5, 7, 8]);
    expect([...counts[0]!.f.values]).toEqual([1, 3, 1]);
    expect(counts[1]!.f.size).toBe(10);
    expect(counts[1]!.f.indices.length).toBe(0);
    const binary = new HashingTF({ inputCol: "w", outputCol: "f", numFeatures: 10, binary: true }).transform(
      rows,
    ) as { f: SparseVector }[];
    expect([...binary[0]!.f.values]).toEqual([1, 1, 1]);
  });

  it("writes Spark's VectorUDT struct to Arrow and reads it back", () => {
    const rows = [{ w: ["x", "y", "x"] }, { w: ["z"] }];
    const tf = new HashingTF({ inputCol: "w", outputCol: "f", numFeatures: 16 });
    const expected = tf.transform(rows) as { f: SparseVector }[];
    const arrow = tableFromArrays({ text: ["x y x", "z"] });
    const out = tf.transform(new Tokenizer({ inputCol: "text", outputCol: "w" }).transform(arrow)) as Table;
    expect(out.schema.fields.map((f) => f.name)).toEqual(["text", "w", "f"]);
    const struct = out.schema.fields[2]!.type as Struct;
    expect(struct.typeId).toBe(Type.Struct);
    expect(struct.children.map((c) => `${c.name}:${c.type}`)).toEqual([
      "type:Int8",
      "size:Int32",
      "indices:List<Int32>",
      "values:List<Float64>",
    ]);
    const first = out.getChild("f")!.get(0)!.toJSON() as {
      type: number;
      size: number;
      indices: { toArray(): Int32Array };
      values: { toArray(): Float64Array };
    };
    expect(first.type).toBe(0);
    expect(first.size).toBe(16);
    expect([...first.indices.toArray()]).toEqual([...expected[0]!.f.indices]);
    expect([...first.values.toArray()]).toEqual([...expected[0]!.f.values]);
  });

  it("hashes the parity corpus exactly as scikit-learn's script does (nnz and checksums)", () => {
    const parity = JSON.parse(readFileSync(join(fixtures, "sklearn-parity.json"), "utf8")) as {
      every: number;
      maxChars: number;
      corpus: { rows: number; nnz4096: number; sumValues4096: number; weightedIndexSum4096: number };
    };
    const rows = parityCorpus(parity.every, parity.maxChars).map((r) => ({ words: sparkTokenize(r.text) }));
    const x = new HashingTF({ inputCol: "words", outputCol: "f", numFeatures: 4096 })
      .transformFrame(Frame.of(rows))
      .column("f", "outputCol") as CsrMatrix;
    expect(x.numRows).toBe(parity.corpus.rows);
    expect(x.indices.length).toBe(parity.corpus.nnz4096);
    let sum = 0;
    let weighted = 0;
    for (let k = 0; k < x.indices.length; k++) {
      sum += x.values[k]!;
      weighted += (x.indices[k]! + 1) * x.values[k]!;
    }
    expect(sum).toBe(parity.corpus.sumValues4096);
    expect(weighted).toBe(parity.corpus.weightedIndexSum4096);
  });

  it("Tokenizer → HashingTF (texts hashed in one scan, no token strings) equals hashing the token lists", () => {
    const parity = JSON.parse(readFileSync(join(fixtures, "sklearn-parity.json"), "utf8")) as {
      every: number;
      maxChars: number;
      corpus: { rows: number; nnz4096: number; sumValues4096: number; weightedIndexSum4096: number };
    };
    const edge = [
      "",
      " ",
      "a  b",
      " a",
      "\ta b  \t\n",
      "x\u000by\fz\rw",
      "ÉCOLE Straße straße",
      "日本 語 日本\u00a0語",
      "İstanbul ΣΟΦΟΣ",
      "lone \ud800 surrogate",
      "😀 😀 😀x",
      `${"k".repeat(1500)} ${"é".repeat(700)}`,
    ];
    const texts = [...edge, ...parityCorpus(parity.every, parity.maxChars).map((r) => r.text)];
    const rows = texts.map((text) => ({ text }));
    const tokenizer = new Tokenizer({ inputCol: "text", outputCol: "words" });
    for (const [numFeatures, binary] of [
      [4096, false],
      [1 << 18, true],
      [7, false],
    ] as const) {
      const tf = new HashingTF({ inputCol: "words", outputCol: "f", numFeatures, binary });
      const fused = tf.transformFrame(tokenizer.transformFrame(Frame.of(rows))).column("f", "f") as CsrMatrix;
      const lists = tf.hashDocuments(texts.map(sparkTokenize));
      expect(fused.numRows).toBe(texts.length);
      expect(fused.indptr).toEqual(lists.indptr);
      expect(fused.indices).toEqual(lists.indices);
      expect(fused.values).toEqual(lists.values);
    }
    // and through the fused path the parity corpus still gives scikit-learn's checksums
    const x = new HashingTF({ inputCol: "words", outputCol: "f", numFeatures: 4096 })
      .transformFrame(tokenizer.transformFrame(Frame.of(rows.slice(edge.length))))
      .column("f", "outputCol") as CsrMatrix;
    expect(x.numRows).toBe(parity.corpus.rows);
    expect(x.indices.length).toBe(parity.corpus.nnz4096);
    let sum = 0;
    for (let k = 0; k < x.values.length; k++) sum += x.values[k]!;
    expect(sum).toBe(parity.corpus.sumValues4096);
  });

  it("a Tokenizer column another stage reads is materialized as Spark's token lists", () => {
    const words = new Tokenizer({ inputCol: "text", outputCol: "words" }).transformFrame(
      Frame.of([{ text: " A  b\t" }, { text: "" }]),
    );
    expect(words.column("words", "inputCol")).toEqual([["", "a", "", "b"], [""]]);
    const tf = new HashingTF({ inputCol: "words", outputCol: "f", numFeatures: 10 });
    const out = tf.transformFrame(words).column("f", "f") as CsrMatrix;
    const [empty, a, b] = ["", "a", "b"].map((t) => tf.indexOf(t)) as [number, number, number];
    expect(new Set([empty, a, b]).size).toBe(3);
    const row0 = [
      [empty, 2],
      [a, 1],
      [b, 1],
    ].sort((p, q) => p[0]! - q[0]!);
    expect([...out.indptr]).toEqual([0, 3, 4]);
    expect([...out.indices]).toEqual([...row0.map((p) => p[0]), empty]);
    expect([...out.values]).toEqual([...row0.map((p) => p[1]), 1]);
  });

  it("rejects numFeatures that is not a positive integer, naming it", () => {
    for (const numFeatures of [0, -3, 1.5, Number.NaN]) {
      expect(() => new HashingTF({ inputCol: "w", outputCol: "f", numFeatures })).toThrow(
        expect.objectContaining({
          code: "INVALID_PARAMETER_VALUE",
          context: expect.objectContaining({ param: "numFeatures" }),
        }),
      );
    }
    expect(() => new HashingTF({ inputCol: "w", outputCol: "f" }).transform([{ w: "not a list" }])).toThrow(
      expect.objectContaining({ code: "SCHEMA_MISMATCH" }),
    );
  });
});

function isAscii(s: string): boolean {
  return [...s].every((ch) => ch.charCodeAt(0) < 0x80);
}
