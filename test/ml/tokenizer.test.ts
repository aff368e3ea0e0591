import { Table, tableFromArrays } from "apache-arrow";
import { describe, expect, it } from "vitest";
import { LakelabError } from "../../src/errors";
import { sparkTokenize, Tokenizer } from "../../src/ml/tokenizer";

describe("Tokenizer (Spark semantics)", () => {
  it('lowercases and splits on single ASCII whitespace characters, as Java\'s split("\\\\s")', () => {
    expect(sparkTokenize("Hi I heard about Spark")).toEqual(["hi", "i", "heard", "about", "spark"]);
    expect(sparkTokenize("a  b")).toEqual(["a", "", "b"]);
    expect(sparkTokenize(" a")).toEqual(["", "a"]);
    expect(sparkTokenize("a b  \t\n")).toEqual(["a", "b"]);
    expect(sparkTokenize("")).toEqual([""]);
    expect(sparkTokenize(" ")).toEqual([]);
    expect(sparkTokenize("x\u000by\fz\rw")).toEqual(["x", "y", "z", "w"]);
  });

  it("does not split on non-ASCII whitespace (Java's \\s is ASCII only)", () => {
    expect(sparkTokenize("a\u00a0b\u2003c")).toEqual(["a\u00a0b\u2003c"]);
    expect(sparkTokenize("ÉCOLE Straße")).toEqual(["école", "straße"]);
  });

  it("adds the tokens column to records, keeping the input columns", () => {
    const out = new Tokenizer({ inputCol: "text", outputCol: "words" }).transform([
      { id: 1, text: "A b" },
      { id: 2, text: "" },
    ]) as Record<string, unknown>[];
    expect(out).toEqual([
      { id: 1, text: "A b", words: ["a", "b"] },
      { id: 2, text: "", words: [""] },
    ]);
  });

  it("adds a list<utf8> column to an Arrow table", () => {
    const table = tableFromArrays({ text: ["Hello World", "x"], label: Float64Array.from([1, 0]) });
    const out = new Tokenizer({ inputCol: "text", outputCol: "words" }).transform(table) as Table;
    expect(out).toBeInstanceOf(Table);
    expect(out.schema.fields.map((f) => f.name)).toEqual(["text", "label", "words"]);
    expect(String(out.schema.fields[2]!.type)).toBe("List<Utf8>");
    expect([...out.getChild("words")!.get(0)!]).toEqual(["hello", "world"]);
    expect(out.getChild("label")!.get(1)).toBe(0);
  });

  it("adds a column to a danfojs DataFrame (token lists as JSON strings)", () => {
    const dfd = require("danfojs") as typeof import("danfojs");
    const df = new dfd.DataFrame({ text: ["Hello World", "x y"] });
    const out = new Tokenizer({ inputCol: "text", outputCol: "words" }).transform(
      df as never,
    ) as InstanceType<typeof dfd.DataFrame>;
    expect(out.columns).toEqual(["text", "words"]);
    expect(out.column("words").values.map((v) => JSON.parse(String(v)))).toEqual([
      ["hello", "world"],
      ["x", "y"],
    ]);
  });

  it("names the parameter when the input column is missing or not text", () => {
    const t = new Tokenizer({ inputCol: "text", outputCol: "words" });
    expect(() => t.transform([{ body: "x" }])).toThrow(
      expect.objectContaining({
        code: "COLUMN_NOT_FOUND",
        context: expect.objectContaining({ param: "inputCol" }),
      }),
    );
    try {
      t.transform([{ text: "ok" }, { text: 3 }]);
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(LakelabError);
      expect((err as LakelabError).code).toBe("SCHEMA_MISMATCH");
      expect((err as LakelabError).message).toContain("inputCol 'text'");
      expect((err as LakelabError).message).toContain("row 1");
    }
    expect(() => new Tokenizer({ inputCol: "", outputCol: "w" })).toThrow(
      expect.objectContaining({ code: "INVALID_PARAMETER_VALUE" }),
    );
    expect(() => t.transform([{ text: "a", words: [] }])).toThrow(
      expect.objectContaining({
        code: "INVALID_PARAMETER_VALUE",
        context: expect.objectContaining({ param: "outputCol" }),
      }),
    );
  });
});
