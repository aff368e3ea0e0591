import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { MulticlassClassificationEvaluator, type MulticlassMetricName } from "../../../src/ml/evaluation";
import { DenseVector } from "../../../src/ml/sparse-vector";

const fixture = JSON.parse(readFileSync(join(__dirname, "..", "fixtures", "sklearn-metrics.json"), "utf8"))
  .multiclass as Record<MulticlassMetricName, number> & {
  labels: number[];
  probability: number[][];
  prediction: number[];
};

describe("MulticlassClassificationEvaluator (Spark metric names)", () => {
  const rows = fixture.labels.map((label, i) => ({
    label,
    prediction: fixture.prediction[i]!,
    probability: new DenseVector(Float64Array.from(fixture.probability[i]!)),
  }));

  for (const metricName of ["accuracy", "f1", "weightedPrecision", "weightedRecall", "logLoss"] as const) {
    it(`${metricName} equals scikit-learn's value`, () => {
      const value = new MulticlassClassificationEvaluator({ metricName }).evaluate(rows);
      expect(value).toBeCloseTo(fixture[metricName], 12);
    });
  }

  it("defaults to f1, clips probabilities for logLoss, and names bad parameters", () => {
    expect(new MulticlassClassificationEvaluator().metricName).toBe("f1");
    const certainWrong = [{ label: 0, prediction: 1, probability: [0, 1] }];
    const loss = new MulticlassClassificationEvaluator({ metricName: "logLoss" }).evaluate(certainWrong);
    expect(loss).toBeCloseTo(-Math.log(1e-15), 9);
    expect(() => new MulticlassClassificationEvaluator({ metricName: "auc" as never })).toThrow(
      expect.objectContaining({
        code: "INVALID_PARAMETER_VALUE",
        context: expect.objectContaining({ param: "metricName" }),
      }),
    );
    expect(() =>
      new MulticlassClassificationEvaluator().evaluate([{ label: Number.NaN, prediction: 0 }]),
    ).toThrow(expect.objectContaining({ code: "INVALID_LABEL" }));
  });
});
