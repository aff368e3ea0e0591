import { asVector } from "../csr-matrix";
import { Frame, type MlData } from "../frame";
import { isDense } from "../frame-output";
import { checkColumnName, checkInteger, checkParam } from "../params";
import { readScores } from "./columns";

export type BinaryMetricName = "areaUnderROC" | "areaUnderPR";

export interface BinaryClassificationEvaluatorParams {
  readonly metricName?: BinaryMetricName;
  readonly rawPredictionCol?: string;
  readonly labelCol?: string;
  /** Down-sample the curves to about this many points when there are ≥ 2× as many scores (Spark: 1000; 0 = exact). */
  readonly numBins?: number;
}

/**
 * Spark's BinaryClassificationEvaluator: area under the ROC or precision-recall curve of the score
 * rawPrediction[1] (or a double column), trapezoidal, with Spark's curve end points and binning.
 * @example new BinaryClassificationEvaluator({ metricName: "areaUnderPR" }).evaluate(predictions)
 */
export class BinaryClassificationEvaluator {
  readonly metricName: BinaryMetricName;
  readonly rawPredictionCol: string;
  readonly labelCol: string;
  readonly numBins: number;

  constructor(params: BinaryClassificationEvaluatorParams = {}) {
    this.metricName = params.metricName ?? "areaUnderROC";
    checkParam(
      this.metricName === "areaUnderROC" || this.metricName === "areaUnderPR",
      "metricName",
      this.metricName,
      "'areaUnderROC' or 'areaUnderPR'",
    );
    this.rawPredictionCol = checkColumnName("rawPredictionCol", params.rawPredictionCol ?? "rawPrediction");
    this.labelCol = checkColumnName("labelCol", params.labelCol ?? "label");
    this.numBins = checkInteger("numBins", params.numBins ?? 1000, 0);
  }

  /** Metric of `data` (records, Arrow, danfojs, or the Frame a `transformFrame` returned). */
  evaluate(data: MlData | Frame): number {
    const frame = Frame.of(data);
    const raw = frame.column(this.rawPredictionCol, "rawPredictionCol");
    let scores: Float64Array;
    if (isDense(raw))
      scores = Float64Array.from({ length: raw.numRows }, (_, i) => raw.values[i * raw.numCols + 1]!);
    else if (raw instanceof Float64Array) scores = raw;
    else {
      const values = raw as readonly unknown[];
      scores = Float64Array.from(values, (v, i) => {
        if (typeof v === "number") return v;
        const parsed = typeof v === "string" && frame.source.kind === "danfo" ? JSON.parse(v) : v;
        return asVector(parsed, this.rawPredictionCol, i).get(1);
      });
    }
    const labels = readScores(frame, this.labelCol, "labelCol");
    const points = cumulativeCounts(scores, labels, this.numBins);
    return this.metricName === "areaUnderROC" ? areaUnderROC(points) : areaUnderPR(points);
  }
}

interface Cumulative {
  readonly tp: Float64Array;
  readonly fp: Float64Array;
  readonly positives: number;
  readonly negatives: number;
}

/** Cumulative true/false positives at each distinct score, highest score first, binned as Spark. */
function cumulativeCounts(scores: Float64Array, labels: Float64Array, numBins: number): Cumulative {
  const order = Array.from(scores.keys()).sort((a, b) => scores[b]! - scores[a]!);
  const pos: number[] = [];
  const neg: number[] = [];
  for (let r = 0; r < order.length; r++) {
    const i = order[r]!;
    if (r === 0 || scores[i] !== scores[order[r - 1]!]) {
      pos.push(0);
      neg.push(0);
    }
    if (labels[i]! > 0.5) pos[pos.length - 1]!++;
    else neg[neg.length - 1]!++;
  }
  const grouping = numBins > 0 ? Math.floor(pos.length / numBins) : 0;
  const step = grouping >= 2 ? grouping : 1;
  const tp: number[] = [];
  const fp: number[] = [];
  let t = 0;
  let f = 0;
  for (let k = 0; k < pos.length; k++) {
    t += pos[k]!;
    f += neg[k]!;
    if ((k + 1) % step === 0 || k === pos.length - 1) {
      tp.push(t);
      fp.push(f);
    }
  }
  return { tp: Float64Array.from(tp), fp: Float64Array.from(fp), positives: t, negatives: f };
}

function areaUnderROC(c: Cumulative): number {
  let area = 0;
  let x0 = 0;
  let y0 = 0;
  const points = c.tp.length;
  for (let k = 0; k <= points; k++) {
    const x = k === points ? 1 : c.negatives === 0 ? 0 : c.fp[k]! / c.negatives;
    const y = k === points ? 1 : c.positives === 0 ? 0 : c.tp[k]! / c.positives;
    area += ((x - x0) * (y + y0)) / 2;
    x0 = x;
    y0 = y;
  }
  return area;
}

function areaUnderPR(c: Cumulative): number {
  const precision = (k: number) => (c.tp[k]! + c.fp[k]! === 0 ? 1 : c.tp[k]! / (c.tp[k]! + c.fp[k]!));
  let area = 0;
  let x0 = 0;
  let y0 = c.tp.length > 0 ? precision(0) : 1;
  for (let k = 0; k < c.tp.length; k++) {
    const x = c.positives === 0 ? 0 : c.tp[k]! / c.positives;
    const y = precision(k);
    area += ((x - x0) * (y + y0)) / 2;
    x0 = x;
    y0 = y;
  }
  return area;
}
