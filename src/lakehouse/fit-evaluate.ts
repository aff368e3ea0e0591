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
import { Frame } from "../ml/frame";

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
  // Records share the strings; an Arrow split would re-encode every text. randomSplit assigns rows
  // from the row count and seed alone, so the split is the same either way.
  const [train, test] = randomSplit(
    textRecords(data),
    [1 - params.testFraction, params.testFraction],
    params.seed,
  );
  if (train.length === 0 || test.length === 0) {
    throw new LakelabError(
      "INVALID_ARGUMENT",
      `a ${params.testFraction} test split of ${data.numRows} rows leaves ${train.length} to train on and ${test.length} to test; use more rows`,
      { context: { rows: data.numRows, testFraction: params.testFraction } },
    );
  }
  onStep?.(`fitting on ${train.length} rows`);
  const pipeline = new Pipeline({
    stages: [
      new Tokenizer({ inputCol: "text", outputCol: "words" }),
      new HashingTF({ inputCol: "words", outputCol: "features", numFeatures: params.numFeatures }),
      new LogisticRegression({ maxIter: params.maxIter, regParam: params.regParam }),
    ],
  });
  const model = pipeline.fit(train);
  onStep?.(`scoring ${test.length} held-out rows`);
  // The evaluators read the columnar frame directly: converting predictions back to Arrow
  // vectors would cost more than the scoring itself.
  const scored = model.transformFrame(Frame.of(test));
  return {
    model,
    metrics: {
      areaUnderROC: new BinaryClassificationEvaluator({ metricName: "areaUnderROC" }).evaluate(scored),
      accuracy: new MulticlassClassificationEvaluator({ metricName: "accuracy" }).evaluate(scored),
      train_row_count: train.length,
      test_row_count: test.length,
    },
  };
}

/** The `text` and `label` columns as records. */
function textRecords(data: Table): { text: unknown; label: unknown }[] {
  const column = (name: string) => {
    const child = data.getChild(name);
    if (child === null) {
      const found = data.schema.fields.map((f) => f.name).join(", ");
      throw new LakelabError("COLUMN_NOT_FOUND", `training data needs a '${name}' column; it has: ${found}`, {
        context: { column: name },
      });
    }
    return child.toArray() as ArrayLike<unknown>;
  };
  const texts = column("text");
  const labels = column("label");
  return Array.from({ length: data.numRows }, (_, i) => ({ text: texts[i], label: labels[i] }));
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
