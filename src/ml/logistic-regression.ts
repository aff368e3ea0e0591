import { LakelabError } from "../errors";
import { Frame, type MlData } from "./frame";
import { type LogisticRegressionColumns, LogisticRegressionModel } from "./logistic-regression-model";
import { BinaryLogisticLoss } from "./optim/binary-logistic-loss";
import { jacobiScaling } from "./optim/diagonal-scaling";
import type { DiffFunction, MinimizerResult } from "./optim/diff-function";
import { minimizeLbfgs } from "./optim/lbfgs";
import { MultinomialLogisticLoss } from "./optim/multinomial-logistic-loss";
import { minimizeOwlqn } from "./optim/owlqn";
import { checkColumnName, checkInteger, checkNumber, checkParam } from "./params";
import { type Estimator, makeUid } from "./stage";
import { activeColumns, columnStd, readFeatures, readLabels } from "./training-data";

export interface LogisticRegressionParams extends Partial<LogisticRegressionColumns> {
  readonly maxIter?: number;
  readonly regParam?: number;
  readonly elasticNetParam?: number;
  readonly tol?: number;
  readonly fitIntercept?: boolean;
  readonly standardization?: boolean;
  readonly family?: "auto" | "binomial" | "multinomial";
}

type Resolved = Required<LogisticRegressionParams>;

/**
 * Spark's LogisticRegression on sparse features: L-BFGS (history 10), OWL-QN when
 * regParam > 0 and elasticNetParam > 0; penalty on standardized coefficients, intercept not
 * penalized, coefficients reported in the original scale. Deterministic.
 * @example new LogisticRegression({ maxIter: 10, regParam: 0.001 }).fit(featurized)
 */
export class LogisticRegression implements Estimator {
  readonly uid: string;
  readonly params: Resolved;

  constructor(params: LogisticRegressionParams = {}, uid = makeUid("LogisticRegression")) {
    const p: Resolved = {
      featuresCol: params.featuresCol ?? "features",
      labelCol: params.labelCol ?? "label",
      predictionCol: params.predictionCol ?? "prediction",
      rawPredictionCol: params.rawPredictionCol ?? "rawPrediction",
      probabilityCol: params.probabilityCol ?? "probability",
      threshold: params.threshold ?? 0.5,
      maxIter: params.maxIter ?? 100,
      regParam: params.regParam ?? 0,
      elasticNetParam: params.elasticNetParam ?? 0,
      tol: params.tol ?? 1e-6,
      fitIntercept: params.fitIntercept ?? true,
      standardization: params.standardization ?? true,
      family: params.family ?? "auto",
    };
    for (const c of [
      "featuresCol",
      "labelCol",
      "predictionCol",
      "rawPredictionCol",
      "probabilityCol",
    ] as const) {
      checkColumnName(c, p[c]);
    }
    checkInteger("maxIter", p.maxIter, 0);
    checkNumber("regParam", p.regParam, 0);
    checkNumber("elasticNetParam", p.elasticNetParam, 0, 1);
    checkNumber("tol", p.tol, 0);
    checkNumber("threshold", p.threshold, 0, 1);
    const families = ["auto", "binomial", "multinomial"];
    checkParam(families.includes(p.family), "family", p.family, `one of ${families.join(", ")}`);
    this.params = p;
    this.uid = uid;
  }

  fit(data: MlData): LogisticRegressionModel {
    return this.fitFrame(Frame.of(data));
  }

  fitFrame(frame: Frame): LogisticRegressionModel {
    const params = this.params;
    const x = readFeatures(frame, params.featuresCol);
    const labels = readLabels(frame, params.labelCol);
    const histogram = classCounts(labels, params.labelCol);
    const numClasses = histogram.length;
    if (params.family === "binomial" && numClasses > 2) {
      throw new LakelabError(
        "INVALID_LABEL",
        `family 'binomial' needs labels 0 and 1, but labelCol '${params.labelCol}' has ${numClasses} classes; use family 'multinomial' or 'auto'`,
        { context: { param: "family", numClasses } },
      );
    }
    const multinomial = params.family === "multinomial" || numClasses > 2;
    const K = multinomial ? numClasses : 1;
    const numFeatures = x.numCols;
    const std = columnStd(x);
    // optimize over the columns with variance only; the others keep coefficient 0 (as in Spark)
    const { matrix: active, columns } = activeColumns(x, std);
    const p = active.numCols;
    const { fitIntercept, standardization, regParam, elasticNetParam } = params;
    // Spark optimizes over coefficients of standardized features even with standardization off
    // (then penalizing ‖w'/σ‖²): rare hashed terms get curvature λ/σ² and L-BFGS crawls. With
    // standardization off lakelab optimizes Jacobi-scaled coefficients (original ones under L1),
    // penalizing the original coefficients: same objective and optimum, a much shorter path (raw
    // counts unscaled need ~100 iterations for what the scaled run reaches in ~10; see
    // optim/diagonal-scaling.ts). With standardization on, the space is Spark's.
    const l1 = elasticNetParam * regParam;
    const l2 = (1 - elasticNetParam) * regParam;
    const scaled = !standardization && l1 === 0;
    const invStd = scaled
      ? jacobiScaling(active, l2)
      : Float64Array.from(columns, (j) => (standardization ? 1 / std[j]! : 1));
    const loss: DiffFunction = multinomial
      ? new MultinomialLogisticLoss(active, labels, K, invStd, fitIntercept, l2, !scaled)
      : new BinaryLogisticLoss(active, labels, invStd, fitIntercept, l2, !scaled);
    const x0 = new Float64Array(loss.dim);
    if (fitIntercept) initialIntercepts(x0, histogram, p, multinomial);
    const options = { maxIter: params.maxIter, tol: params.tol, memory: 10 };
    let result: MinimizerResult;
    if (l1 > 0) {
      const weights = new Float64Array(loss.dim);
      for (let j = 0; j < p; j++) {
        for (let k = 0; k < K; k++) weights[j * K + k] = l1;
      }
      result = minimizeOwlqn(loss, x0, weights, options);
    } else result = minimizeLbfgs(loss, x0, options);
    const coefficientMatrix = new Float64Array(K * numFeatures);
    for (let a = 0; a < p; a++) {
      const j = columns[a]!;
      for (let k = 0; k < K; k++) coefficientMatrix[k * numFeatures + j] = result.x[a * K + k]! * invStd[a]!;
    }
    const interceptVector = new Float64Array(K);
    if (fitIntercept) interceptVector.set(result.x.subarray(p * K));
    if (multinomial) center(coefficientMatrix, interceptVector, numFeatures, regParam === 0, fitIntercept);
    const { featuresCol, labelCol, predictionCol, rawPredictionCol, probabilityCol, threshold } = params;
    return new LogisticRegressionModel(
      { featuresCol, labelCol, predictionCol, rawPredictionCol, probabilityCol, threshold },
      {
        numClasses: Math.max(numClasses, 2),
        numFeatures,
        isMultinomial: multinomial,
        coefficientMatrix,
        interceptVector,
        numIterations: result.numIterations,
        objectiveHistory: result.objectiveHistory,
      },
    );
  }
}

/** Counts per class 0..max; fewer than two distinct classes is an INVALID_LABEL error. */
function classCounts(labels: Float64Array, labelCol: string): number[] {
  let max = 0;
  for (const v of labels) if (v > max) max = v;
  const counts = new Array<number>(max + 1).fill(0);
  for (const v of labels) counts[v]!++;
  const present = counts.filter((c) => c > 0).length;
  if (present < 2) {
    throw new LakelabError(
      "INVALID_LABEL",
      `labelCol '${labelCol}' has ${present === 0 ? "no rows" : `a single class (${max})`}; logistic regression needs at least two classes`,
      { context: { param: "labelCol", classes: present } },
    );
  }
  return counts;
}

/** Spark's start: binomial log(n1/n0); multinomial log1p(count) centered to mean 0. */
function initialIntercepts(x0: Float64Array, histogram: number[], p: number, multinomial: boolean): void {
  if (!multinomial) {
    x0[p] = Math.log(histogram[1]! / histogram[0]!);
    return;
  }
  const raw = histogram.map(Math.log1p);
  const mean = raw.reduce((a, b) => a + b, 0) / raw.length;
  raw.forEach((r, k) => {
    x0[p * histogram.length + k] = r - mean;
  });
}

/** Spark's identifiability fix: center each feature's coefficients across classes when unregularized,
 * and always center the intercepts. */
function center(
  coef: Float64Array,
  intercepts: Float64Array,
  p: number,
  coefficients: boolean,
  fit: boolean,
): void {
  const K = intercepts.length;
  if (coefficients) {
    for (let j = 0; j < p; j++) {
      let mean = 0;
      for (let k = 0; k < K; k++) mean += coef[k * p + j]!;
      mean /= K;
      for (let k = 0; k < K; k++) coef[k * p + j]! -= mean;
    }
  }
  if (fit) {
    const mean = intercepts.reduce((a, b) => a + b, 0) / K;
    for (let k = 0; k < K; k++) intercepts[k]! -= mean;
  }
}
