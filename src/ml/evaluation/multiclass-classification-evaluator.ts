import { LakelabError } from "../../errors";
import { asVector } from "../csr-matrix";
import { Frame, type MlData } from "../frame";
import { isDense } from "../frame-output";
import { checkColumnName, checkNumber, checkParam } from "../params";
import { readScores } from "./columns";

const METRICS = ["f1", "accuracy", "weightedPrecision", "weightedRecall", "logLoss"] as const;
export type MulticlassMetricName = (typeof METRICS)[number];

export interface MulticlassClassificationEvaluatorParams {
  readonly metricName?: MulticlassMetricName;
  readonly predictionCol?: string;
  readonly labelCol?: string;
  readonly probabilityCol?: string;
  /** logLoss clips probabilities to [eps, 1 − eps]; Spark's default 1e-15. */
  readonly eps?: number;
}

/**
 * Spark's MulticlassClassificationEvaluator: accuracy, f1 / weightedPrecision / weightedRecall
 * (per-class metrics weighted by the class's share of true labels), logLoss (mean −log p[label]).
 * @example new MulticlassClassificationEvaluator({ metricName: "accuracy" }).evaluate(predictions)
 */
export class MulticlassClassificationEvaluator {
  readonly metricName: MulticlassMetricName;
  readonly predictionCol: string;
  readonly labelCol: string;
  readonly probabilityCol: string;
  readonly eps: number;

  constructor(params: MulticlassClassificationEvaluatorParams = {}) {
    this.metricName = params.metricName ?? "f1";
    checkParam(
      METRICS.includes(this.metricName),
      "metricName",
      this.metricName,
      `one of ${METRICS.join(", ")}`,
    );
    this.predictionCol = checkColumnName("predictionCol", params.predictionCol ?? "prediction");
    this.labelCol = checkColumnName("labelCol", params.labelCol ?? "label");
    this.probabilityCol = checkColumnName("probabilityCol", params.probabilityCol ?? "probability");
    this.eps = checkNumber("eps", params.eps ?? 1e-15, 0, 0.5);
  }

  /** Metric of `data` (records, Arrow, danfojs, or the Frame a `transformFrame` returned). */
  evaluate(data: MlData | Frame): number {
    const frame = Frame.of(data);
    const labels = readScores(frame, this.labelCol, "labelCol");
    if (labels.length === 0) {
      throw new LakelabError("INVALID_ARGUMENT", "cannot evaluate an empty dataset", {
        context: { param: "labelCol" },
      });
    }
    if (this.metricName === "logLoss") return this.logLoss(frame, labels);
    const predictions = readScores(frame, this.predictionCol, "predictionCol");
    const count = new Map<number, number>();
    const tp = new Map<number, number>();
    const predicted = new Map<number, number>();
    let correct = 0;
    for (let i = 0; i < labels.length; i++) {
      const y = labels[i]!;
      const p = predictions[i]!;
      count.set(y, (count.get(y) ?? 0) + 1);
      predicted.set(p, (predicted.get(p) ?? 0) + 1);
      if (y === p) {
        tp.set(y, (tp.get(y) ?? 0) + 1);
        correct++;
      }
    }
    const n = labels.length;
    if (this.metricName === "accuracy") return correct / n;
    let total = 0;
    for (const [label, c] of count) {
      const t = tp.get(label) ?? 0;
      const pp = predicted.get(label) ?? 0;
      const precision = pp === 0 ? 0 : t / pp;
      const recall = t / c;
      const value =
        this.metricName === "weightedPrecision"
          ? precision
          : this.metricName === "weightedRecall"
            ? recall
            : precision + recall === 0
              ? 0
              : (2 * precision * recall) / (precision + recall);
      total += (value * c) / n;
    }
    return total;
  }

  private logLoss(frame: Frame, labels: Float64Array): number {
    const prob = frame.column(this.probabilityCol, "probabilityCol");
    let sum = 0;
    for (let i = 0; i < labels.length; i++) {
      const y = labels[i]!;
      let p: number;
      if (isDense(prob)) p = prob.values[i * prob.numCols + y]!;
      else {
        const v = (prob as readonly unknown[])[i];
        const parsed = typeof v === "string" && frame.source.kind === "danfo" ? JSON.parse(v) : v;
        p = asVector(parsed, this.probabilityCol, i).get(y);
      }
      sum -= Math.log(Math.min(Math.max(p, this.eps), 1 - this.eps));
    }
    return sum / labels.length;
  }
}
