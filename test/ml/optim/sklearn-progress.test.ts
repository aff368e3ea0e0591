import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { Frame } from "../../../src/ml/frame";
import { HashingTF } from "../../../src/ml/hashing-tf";
import { LogisticRegression } from "../../../src/ml/logistic-regression";
import { Tokenizer } from "../../../src/ml/tokenizer";
import { parityCorpus } from "../parity-corpus";

interface Progress {
  readonly every: number;
  readonly maxChars: number;
  readonly numFeatures: number;
  readonly regParam: number;
  readonly points: readonly { maxIter: number; iterations: number; objective: number }[];
}

// written by scripts/sklearn/gen_lbfgs_reference.py (scikit-learn's lbfgs stopped at maxIter)
const reference = JSON.parse(
  readFileSync(join(__dirname, "fixtures", "sklearn-lbfgs-progress.json"), "utf8"),
) as Progress;

describe("L-BFGS progress per iteration against scikit-learn's lbfgs (binomial, standardization off)", () => {
  const rows = parityCorpus(reference.every, reference.maxChars).map((r) => ({
    text: r.text,
    label: r.group.startsWith("spam") ? 1 : 0,
  }));
  const words = new Tokenizer({ inputCol: "text", outputCol: "words" }).transformFrame(Frame.of(rows));
  const features = new HashingTF({
    inputCol: "words",
    outputCol: "features",
    numFeatures: reference.numFeatures,
  }).transformFrame(words);
  const fit = new LogisticRegression({
    regParam: reference.regParam,
    standardization: false,
    maxIter: Math.max(...reference.points.map((p) => p.maxIter)),
    tol: 0,
  }).fitFrame(features);

  it.each(reference.points)(
    "after $maxIter iterations the objective is no higher than scikit-learn's",
    (p) => {
      expect(p.iterations).toBe(p.maxIter);
      expect(fit.objectiveHistory[p.maxIter]!).toBeLessThanOrEqual(p.objective * (1 + 1e-6));
    },
  );

  it("reports Spark's bookkeeping: one objective per iteration plus the start, never increasing", () => {
    expect(fit.numIterations).toBe(fit.objectiveHistory.length - 1);
    for (let i = 1; i < fit.objectiveHistory.length; i++) {
      expect(fit.objectiveHistory[i]!).toBeLessThanOrEqual(fit.objectiveHistory[i - 1]!);
    }
  });
});
