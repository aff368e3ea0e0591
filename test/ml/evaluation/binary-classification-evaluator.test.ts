import { readFileSync } from "node:fs";
import { join } from "node:path";
import { tableFromArrays } from "apache-arrow";
import { describe, expect, it } from "vitest";
import { BinaryClassificationEvaluator } from "../../../src/ml/evaluation";
import { DenseVector } from "../../../src/ml/sparse-vector";

const fixture = JSON.parse(readFileSync(join(__dirname, "..", "fixtures", "sklearn-metrics.json"), "utf8"))
  .binary as {
  labels: number[];
  scores: number[];
  areaUnderROC: number;
  areaUnderPR: number;
};

describe("BinaryClassificationEvaluator", () => {
  const rows = fixture.scores.map((s, i) => ({
    rawPrediction: new DenseVector(Float64Array.of(-s, s)),
    label: fixture.labels[i]!,
  }));

  it("areaUnderROC equals scikit-learn's roc_auc_score (ties included, no binning)", () => {
    const auc = new BinaryClassificationEvaluator({ numBins: 0 }).evaluate(rows);
    expect(auc).toBeCloseTo(fixture.areaUnderROC, 12);
  });

  it("areaUnderPR is the trapezoidal area of Spark's PR curve (starting at recall 0)", () => {
    const pr = new BinaryClassificationEvaluator({ metricName: "areaUnderPR", numBins: 0 }).evaluate(rows);
    expect(pr).toBeCloseTo(fixture.areaUnderPR, 12);
  });

  it("accepts a double score column and Arrow input; default binning only applies past 2× numBins scores", () => {
    const table = tableFromArrays({
      score: Float64Array.from(fixture.scores),
      label: Float64Array.from(fixture.labels),
    });
    const auc = new BinaryClassificationEvaluator({ rawPredictionCol: "score" }).evaluate(table);
    expect(auc).toBeCloseTo(fixture.areaUnderROC, 12);
    // 10 bins over a few hundred distinct scores: a coarser curve, a different (close) area
    const coarse = new BinaryClassificationEvaluator({ rawPredictionCol: "score", numBins: 10 }).evaluate(
      table,
    );
    expect(coarse).not.toBe(auc);
    expect(Math.abs(coarse - auc)).toBeLessThan(0.05);
  });

  it("gives 1 for a perfect ranking and 0.5 for constant scores", () => {
    const perfect = [0.1, 0.2, 0.8, 0.9].map((s, i) => ({ rawPrediction: s, label: i >= 2 ? 1 : 0 }));
    expect(new BinaryClassificationEvaluator().evaluate(perfect)).toBe(1);
    expect(new BinaryClassificationEvaluator({ metricName: "areaUnderPR" }).evaluate(perfect)).toBe(1);
    const flat = perfect.map((r) => ({ ...r, rawPrediction: 0.5 }));
    expect(new BinaryClassificationEvaluator().evaluate(flat)).toBe(0.5);
  });

  it("rejects an unknown metric and a missing column by parameter name", () => {
    expect(() => new BinaryClassificationEvaluator({ metricName: "f1" as never })).toThrow(
      expect.objectContaining({
        code: "INVALID_PARAMETER_VALUE",
        context: expect.objectContaining({ param: "metricName" }),
      }),
    );
    expect(() => new BinaryClassificationEvaluator().evaluate([{ label: 1 }])).toThrow(
      expect.objectContaining({
        code: "COLUMN_NOT_FOUND",
        context: expect.objectContaining({ param: "rawPredictionCol" }),
      }),
    );
  });
});
