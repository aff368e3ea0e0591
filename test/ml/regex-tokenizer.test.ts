import { describe, expect, it } from "vitest";
import { RegexTokenizer } from "../../src/ml/regex-tokenizer";

const tokens = (params: Partial<ConstructorParameters<typeof RegexTokenizer>[0]>, text: string) =>
  new RegexTokenizer({ inputCol: "t", outputCol: "w", ...params }).tokenize(text);

describe("RegexTokenizer (Spark defaults: pattern \\s+, gaps, minTokenLength 1, lowercase)", () => {
  it("splits on runs of whitespace and drops empty tokens by default", () => {
    expect(tokens({}, "  Hi  I heard\tabout Spark ")).toEqual(["hi", "i", "heard", "about", "spark"]);
    expect(tokens({}, "")).toEqual([]);
  });

  it("matches tokens when gaps is false", () => {
    expect(tokens({ pattern: "\\w+", gaps: false }, "Logistic,regression models are neat")).toEqual([
      "logistic",
      "regression",
      "models",
      "are",
      "neat",
    ]);
  });

  it("applies minTokenLength and toLowercase", () => {
    expect(tokens({ pattern: "\\W", minTokenLength: 3 }, "I am Spark, ok?")).toEqual(["spark"]);
    expect(tokens({ toLowercase: false }, "Hello World")).toEqual(["Hello", "World"]);
    expect(tokens({ pattern: ",", minTokenLength: 0 }, ",a,,b,,")).toEqual(["", "a", "", "b"]);
  });

  it("transforms records and rejects bad parameters by name", () => {
    const out = new RegexTokenizer({ inputCol: "t", outputCol: "w" }).transform([{ t: "A B" }]);
    expect(out).toEqual([{ t: "A B", w: ["a", "b"] }]);
    expect(() => tokens({ minTokenLength: -1 }, "x")).toThrow(
      expect.objectContaining({
        code: "INVALID_PARAMETER_VALUE",
        context: expect.objectContaining({ param: "minTokenLength" }),
      }),
    );
    expect(() => tokens({ pattern: "(" }, "x")).toThrow(
      expect.objectContaining({
        code: "INVALID_PARAMETER_VALUE",
        context: expect.objectContaining({ param: "pattern" }),
      }),
    );
  });
});
