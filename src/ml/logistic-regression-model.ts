import { LakelabError } from "../errors";
import { Frame, type MlData } from "./frame";
import { toOutput } from "./frame-output";
import { DenseVector } from "./sparse-vector";
import type { StageDocument, Transformer } from "./stage";
import { makeUid } from "./stage";
import { readFeatures } from "./training-data";

/** Column names and threshold a LogisticRegressionModel uses (Spark's defaults). */
export interface LogisticRegressionColumns {
  readonly featuresCol: string;
  readonly labelCol: string;
  readonly predictionCol: string;
  readonly rawPredictionCol: string;
  readonly probabilityCol: string;
  readonly threshold: number;
}

export interface LogisticRegressionModelData {
  readonly numClasses: number;
  readonly numFeatures: number;
  readonly isMultinomial: boolean;
  /** Row-major: numCoefficientSets (1 for binomial, K for multinomial) × numFeatures. */
  readonly coefficientMatrix: Float64Array;
  readonly interceptVector: Float64Array;
  readonly numIterations: number;
  readonly objectiveHistory: readonly number[];
}

/**
 * A fitted logistic regression. `transform` adds rawPrediction (margins; binomial [−m, m]),
 * probability and prediction (binomial: 1 when P(1) > threshold; multinomial: argmax).
 */
export class LogisticRegressionModel implements Transformer {
  readonly uid: string;

  constructor(
    readonly columns: LogisticRegressionColumns,
    readonly data: LogisticRegressionModelData,
    uid = makeUid("LogisticRegressionModel"),
  ) {
    this.uid = uid;
  }

  get numClasses(): number {
    return this.data.numClasses;
  }

  get numFeatures(): number {
    return this.data.numFeatures;
  }

  get numIterations(): number {
    return this.data.numIterations;
  }

  get objectiveHistory(): readonly number[] {
    return this.data.objectiveHistory;
  }

  /** Binomial coefficients in the original feature scale (Spark throws for multinomial too). */
  get coefficients(): DenseVector {
    this.requireBinomial("coefficients");
    return new DenseVector(this.data.coefficientMatrix.slice());
  }

  get intercept(): number {
    this.requireBinomial("intercept");
    return this.data.interceptVector[0]!;
  }

  /** K × numFeatures (1 × numFeatures for binomial) as rows of coefficients. */
  get coefficientMatrix(): Float64Array[] {
    const p = this.data.numFeatures;
    const sets = this.data.interceptVector.length;
    return Array.from({ length: sets }, (_, k) => this.data.coefficientMatrix.slice(k * p, (k + 1) * p));
  }

  get interceptVector(): DenseVector {
    return new DenseVector(this.data.interceptVector.slice());
  }

  transform(data: MlData): MlData {
    return toOutput(this.transformFrame(Frame.of(data)));
  }

  transformFrame(frame: Frame): Frame {
    const x = readFeatures(frame, this.columns.featuresCol);
    const p = this.data.numFeatures;
    if (x.numCols !== p && x.numRows > 0) {
      throw new LakelabError(
        "FEATURE_SIZE_MISMATCH",
        `featuresCol '${this.columns.featuresCol}' has vectors of size ${x.numCols} but the model was trained on ${p} features; use the same numFeatures in HashingTF`,
        { context: { param: "featuresCol", numFeatures: x.numCols, expected: p } },
      );
    }
    const sets = this.data.interceptVector.length;
    const K = this.data.numClasses;
    const n = x.numRows;
    const raw = new Float64Array(n * K);
    const prob = new Float64Array(n * K);
    const prediction = new Float64Array(n);
    const coef = this.data.coefficientMatrix;
    const rawThreshold = Math.log(this.columns.threshold / (1 - this.columns.threshold));
    for (let i = 0; i < n; i++) {
      const o = i * K;
      for (let k = 0; k < sets; k++) {
        let m = this.data.interceptVector[k]!;
        for (let t = x.indptr[i]!; t < x.indptr[i + 1]!; t++)
          m += x.values[t]! * coef[k * p + x.indices[t]!]!;
        if (this.data.isMultinomial) raw[o + k] = m;
        else {
          raw[o] = -m;
          raw[o + 1] = m;
        }
      }
      if (this.data.isMultinomial) prediction[i] = softmaxInto(raw, prob, o, K);
      else {
        const m = raw[o + 1]!;
        prob[o + 1] = 1 / (1 + Math.exp(-m));
        prob[o] = 1 - prob[o + 1]!;
        prediction[i] = m > rawThreshold ? 1 : 0;
      }
    }
    const c = this.columns;
    return frame
      .withColumn(c.rawPredictionCol, { kind: "dense", numRows: n, numCols: K, values: raw })
      .withColumn(c.probabilityCol, { kind: "dense", numRows: n, numCols: K, values: prob })
      .withColumn(c.predictionCol, prediction);
  }

  toJSON(): StageDocument {
    const d = this.data;
    return {
      class: "LogisticRegressionModel",
      uid: this.uid,
      params: { ...this.columns },
      data: {
        numClasses: d.numClasses,
        numFeatures: d.numFeatures,
        isMultinomial: d.isMultinomial,
        coefficientMatrix: encodeCoefficients(d.coefficientMatrix),
        interceptVector: [...d.interceptVector],
        numIterations: d.numIterations,
        objectiveHistory: [...d.objectiveHistory],
      },
    };
  }

  private requireBinomial(what: string): void {
    if (this.data.isMultinomial) {
      throw new LakelabError(
        "INVALID_STATE",
        `${what} is only defined for a binomial model; this one is multinomial: use coefficientMatrix / interceptVector`,
      );
    }
  }
}

/** Softmax of raw[o..o+K) into prob; returns the argmax (first on ties, as Spark). */
function softmaxInto(raw: Float64Array, prob: Float64Array, o: number, K: number): number {
  let best = 0;
  for (let k = 1; k < K; k++) if (raw[o + k]! > raw[o + best]!) best = k;
  const max = raw[o + best]!;
  let sum = 0;
  for (let k = 0; k < K; k++) {
    prob[o + k] = Math.exp(raw[o + k]! - max);
    sum += prob[o + k]!;
  }
  for (let k = 0; k < K; k++) prob[o + k]! /= sum;
  return best;
}

/** Dense array, or {size, indices, values} when fewer than half the entries are non-zero. */
export function encodeCoefficients(
  c: Float64Array,
): number[] | { size: number; indices: number[]; values: number[] } {
  const indices: number[] = [];
  for (let i = 0; i < c.length; i++) if (c[i] !== 0) indices.push(i);
  if (indices.length * 2 >= c.length) return [...c];
  return { size: c.length, indices, values: indices.map((i) => c[i]!) };
}
