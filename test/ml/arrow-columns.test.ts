import { type Struct, Table, tableFromIPC, tableToIPC, type Vector } from "apache-arrow";
import { describe, expect, it } from "vitest";
import { csrToArrow, denseToArrow, sparkTokensToArrow } from "../../src/ml/arrow-columns";
import { csrRow } from "../../src/ml/csr-matrix";
import { type DenseRows, TOKENS_ARROW_TYPE, vectorArrowType } from "../../src/ml/frame";
import { HashingTF } from "../../src/ml/hashing-tf";
import { sparkTokenize } from "../../src/ml/spark-tokenize";
import { parityCorpus } from "./parity-corpus";

const EDGE = [
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

/** Through Arrow IPC and back, so the column is read by Arrow's own reader, not by our arrays. */
function roundTrip(name: string, column: Vector): Vector {
  const table = tableFromIPC(tableToIPC(new Table({ [name]: column })));
  return table.getChild(name)!;
}

describe("Arrow output columns built from typed arrays", () => {
  it("token lists: the UTF-8 split of each lowercased text equals sparkTokenize, through IPC", () => {
    const texts = [...EDGE, ...parityCorpus(10, 5000).map((r) => r.text)];
    const column = roundTrip("words", sparkTokensToArrow(texts, TOKENS_ARROW_TYPE));
    expect(String(column.type)).toBe("List<Utf8>");
    expect(column.length).toBe(texts.length);
    // utf8 cannot hold a lone surrogate: it is stored as U+FFFD (as Arrow's row builder did too)
    const asUtf8 = (t: string) => new TextDecoder().decode(new TextEncoder().encode(t));
    expect(asUtf8("\ud800")).toBe("\ufffd");
    texts.forEach((text, i) => {
      expect([...(column.get(i) as Vector)], JSON.stringify(text.slice(0, 40))).toEqual(
        sparkTokenize(text).map(asUtf8),
      );
    });
  });

  it("sparse vectors: Spark's VectorUDT struct with each row's indices and values, through IPC", () => {
    const tf = new HashingTF({ inputCol: "w", outputCol: "f", numFeatures: 64 });
    const m = tf.hashDocuments([["a", "b", "a"], [], ["c"], ["d", "e", "f", "g", "d"]]);
    const column = roundTrip("f", csrToArrow(m, vectorArrowType()));
    expect(column.nullCount).toBe(0);
    for (let i = 0; i < m.numRows; i++) {
      const row = (column.get(i) as { toJSON(): Record<string, unknown> }).toJSON() as {
        type: number;
        size: number;
        indices: Vector;
        values: Vector;
      };
      const expected = csrRow(m, i);
      expect(row.type).toBe(0);
      expect(row.size).toBe(64);
      expect([...row.indices.toArray()]).toEqual([...expected.indices]);
      expect([...row.values.toArray()]).toEqual([...expected.values]);
    }
  });

  it("dense vectors: type 1, size and indices null, values per row, through IPC", () => {
    const m: DenseRows = {
      kind: "dense",
      numRows: 3,
      numCols: 2,
      values: Float64Array.from([1, 2, 3, 4, 5, 6]),
    };
    const column = roundTrip("p", denseToArrow(m, vectorArrowType()));
    const children = (column.type as Struct).children.map((c) => c.name);
    expect(children).toEqual(["type", "size", "indices", "values"]);
    for (let i = 0; i < 3; i++) {
      const row = (column.get(i) as { toJSON(): Record<string, unknown> }).toJSON() as {
        type: number;
        size: number | null;
        indices: Vector | null;
        values: Vector;
      };
      expect(row.type).toBe(1);
      expect(row.size).toBeNull();
      expect(row.indices).toBeNull();
      expect([...row.values.toArray()]).toEqual([2 * i + 1, 2 * i + 2]);
    }
  });
});
