import { describe, expect, it } from "vitest";
import { labeledTextToArrow, spamCorpus } from "../../src/lakehouse/corpus";
import {
  fitAndEvaluate,
  paramsFromStrings,
  paramsToStrings,
  type TrainParams,
} from "../../src/lakehouse/fit-evaluate";
import { randomSplit } from "../../src/ml";

const params: TrainParams = { maxIter: 8, regParam: 0.01, numFeatures: 1 << 12, seed: 7, testFraction: 0.25 };
const rows = spamCorpus({ every: 8 });

/** AUC as the Mann–Whitney statistic: the share of (spam, ham) pairs the score orders right. */
function mannWhitneyAuc(scores: number[], labels: number[]): number {
  let right = 0;
  let pairs = 0;
  scores.forEach((s, i) => {
    if (labels[i] !== 1) return;
    scores.forEach((t, j) => {
      if (labels[j] !== 0) return;
      pairs++;
      right += s > t ? 1 : s === t ? 0.5 : 0;
    });
  });
  return right / pairs;
}

describe("fitAndEvaluate", () => {
  it("scores the held-out rows: metrics match an independent count over the model's predictions", () => {
    const { model, metrics } = fitAndEvaluate(labeledTextToArrow(rows), params);
    const [train, test] = randomSplit(rows, [0.75, 0.25], 7);
    expect(metrics.train_row_count).toBe(train.length);
    expect(metrics.test_row_count).toBe(test.length);
    const predicted = model.transform(test) as Record<string, unknown>[];
    const labels = test.map((r) => r.label);
    const hits = predicted.filter((p, i) => p.prediction === labels[i]).length;
    expect(metrics.accuracy).toBeCloseTo(hits / test.length, 12);
    const scores = predicted.map((p) => (p.rawPrediction as { get(i: number): number }).get(1));
    expect(metrics.areaUnderROC).toBeCloseTo(mannWhitneyAuc(scores, labels), 9);
    // a spam filter that learned something
    expect(metrics.areaUnderROC).toBeGreaterThan(0.8);
  });

  it("is deterministic: same data and params, same metrics and coefficients", () => {
    const a = fitAndEvaluate(labeledTextToArrow(rows), params);
    const b = fitAndEvaluate(labeledTextToArrow(rows), params);
    expect(b.metrics).toEqual(a.metrics);
    expect(a.model.save().stages.at(-1)?.data).toHaveProperty("coefficientMatrix");
    expect(JSON.stringify(b.model.save().stages.at(-1)?.data)).toBe(
      JSON.stringify(a.model.save().stages.at(-1)?.data),
    );
  });
});

describe("params as strings", () => {
  it("round-trips, and names a missing param", () => {
    expect(paramsFromStrings(paramsToStrings(params), "r")).toEqual(params);
    expect(paramsFromStrings({ maxIter: "8", regParam: "0.01" }, "r")).toEqual({
      maxIter: 8,
      regParam: 0.01,
      numFeatures: 262144,
      seed: 42,
      testFraction: 0.2,
    });
    expect(() => paramsFromStrings({ maxIter: "8" }, "r9")).toThrow(
      "run r9 has no usable param 'regParam' (got none)",
    );
  });
});
