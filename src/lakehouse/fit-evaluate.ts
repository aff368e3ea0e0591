import type { Table } from "apache-arrow";
import { LakelabError } from "../errors";
import {
  BinaryClassificationEvaluator,
  HashingTF,
  LogisticRegression,
  MulticlassClassificationEvaluator,
  Pipeline,
  type PipelineModel,
  randomSplit,
  Tokenizer,
} from "../ml";
import { Frame, type MlData } from "../ml/frame";

/** Everything that decides a training result; all of it is logged as run params. */
export interface TrainParams {
  readonly maxIter: number;
  readonly regParam: number;
  readonly numFeatures: number;
  /** Seed of the train/test split. */
  readonly seed: number;
  /** Share of rows held out for evaluation. */
  readonly testFraction: number;
}

export const DEFAULT_TRAIN_PARAMS = { numFeatures: 1 << 18, seed: 42, testFraction: 0.2 } as const;

export interface TrainMetrics {
  readonly areaUnderROC: number;
  readonly accuracy: number;
  readonly train_row_count: number;
  readonly test_row_count: number;
}

export interface FitResult {
  readonly model: PipelineModel;
  readonly metrics: TrainMetrics;
}

/**
 * The seed's pipeline (Tokenizer → HashingTF → LogisticRegression) fitted on a seeded split of
 * `data` ({ text, label }), scored on the held-out rows. Deterministic: same data and params,
 * same model and metrics.
 */
export function fitAndEvaluate(data: Table, params: TrainParams, onStep?: (step: string) => void): FitResult {
  const [train, test] = randomSplit(data, [1 - params.testFraction, params.testFraction], params.seed);
  if (train.numRows === 0 || test.numRows === 0) {
    throw new LakelabError(
      "INVALID_ARGUMENT",
      `a ${params.testFraction} test split of ${data.numRows} rows leaves ${train.numRows} to train on and ${test.numRows} to test; use more rows`,
      { context: { rows: data.numRows, testFraction: params.testFraction } },
    );
  }
  onStep?.(`fitting on ${train.numRows} rows`);
  const pipeline = new Pipeline({
    stages: [
      new Tokenizer({ inputCol: "text", outputCol: "words" }),
      new HashingTF({ inputCol: "words", outputCol: "features", numFeatures: params.numFeatures }),
      new LogisticRegression({ maxIter: params.maxIter, regParam: params.regParam }),
    ],
  });
  const model = pipeline.fit(train);
  onStep?.(`scoring ${test.numRows} held-out rows`);
  // The evaluators read the columnar frame directly: converting predictions back to Arrow
  // vectors would cost more than the scoring itself.
  const scored = model.transformFrame(Frame.of(test)) as unknown as MlData;
  return {
    model,
    metrics: {
      areaUnderROC: new BinaryClassificationEvaluator({ metricName: "areaUnderROC" }).evaluate(scored),
      accuracy: new MulticlassClassificationEvaluator({ metricName: "accuracy" }).evaluate(scored),
      train_row_count: train.numRows,
      test_row_count: test.numRows,
    },
  };
}

/** Params as MLflow stores them (strings), and back; unknown keys are ignored on the way back. */
export function paramsToStrings(p: TrainParams): Record<string, string> {
  return {
    maxIter: String(p.maxIter),
    regParam: String(p.regParam),
    numFeatures: String(p.numFeatures),
    seed: String(p.seed),
    testFraction: String(p.testFraction),
  };
}

export function paramsFromStrings(logged: Readonly<Record<string, string>>, runId: string): TrainParams {
  const num = (key: keyof TrainParams, fallback?: number): number => {
    const text = logged[key];
    const value = text === undefined ? fallback : Number(text);
    if (value === undefined || !Number.isFinite(value)) {
      throw new LakelabError(
        "LINEAGE_MISSING",
        `run ${runId} has no usable param '${key}' (got ${text ?? "none"})`,
        {
          context: { runId, param: key },
        },
      );
    }
    return value;
  };
  return {
    maxIter: num("maxIter"),
    regParam: num("regParam"),
    numFeatures: num("numFeatures", DEFAULT_TRAIN_PARAMS.numFeatures),
    seed: num("seed", DEFAULT_TRAIN_PARAMS.seed),
    testFraction: num("testFraction", DEFAULT_TRAIN_PARAMS.testFraction),
  };
}
