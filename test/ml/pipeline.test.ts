import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Table, tableFromArrays } from "apache-arrow";
import { afterAll, describe, expect, it } from "vitest";
import { BinaryClassificationEvaluator, MulticlassClassificationEvaluator } from "../../src/ml/evaluation";
import { HashingTF } from "../../src/ml/hashing-tf";
import { LogisticRegression } from "../../src/ml/logistic-regression";
import { LogisticRegressionModel } from "../../src/ml/logistic-regression-model";
import { Pipeline } from "../../src/ml/pipeline";
import { PipelineModel } from "../../src/ml/pipeline-model";
import { RegexTokenizer } from "../../src/ml/regex-tokenizer";
import type { DenseVector } from "../../src/ml/sparse-vector";
import { Tokenizer } from "../../src/ml/tokenizer";

const training = [
  { id: 0, text: "a b c d e spark", label: 1 },
  { id: 1, text: "b d", label: 0 },
  { id: 2, text: "spark f g h", label: 1 },
  { id: 3, text: "hadoop mapreduce", label: 0 },
];
const test = [
  { id: 4, text: "spark i j k" },
  { id: 5, text: "l m n" },
  { id: 6, text: "spark hadoop spark" },
  { id: 7, text: "apache hadoop" },
];

function seedPipeline(): Pipeline {
  // the seed notebook's pipeline (pyspark.ml docs example)
  return new Pipeline({
    stages: [
      new Tokenizer({ inputCol: "text", outputCol: "words" }),
      new HashingTF({ inputCol: "words", outputCol: "features" }),
      new LogisticRegression({ maxIter: 10, regParam: 0.001 }),
    ],
  });
}

const dir = mkdtempSync(join(tmpdir(), "lakelab-ml-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("Pipeline", () => {
  it("fits Tokenizer → HashingTF → LogisticRegression and predicts the seed's example", () => {
    const model = seedPipeline().fit(training);
    expect(model.stages.map((s) => s.constructor.name)).toEqual([
      "Tokenizer",
      "HashingTF",
      "LogisticRegressionModel",
    ]);
    const out = model.transform(test) as {
      id: number;
      words: string[];
      prediction: number;
      probability: DenseVector;
    }[];
    expect(out.map((r) => r.id)).toEqual([4, 5, 6, 7]);
    expect(out[0]!.words).toEqual(["spark", "i", "j", "k"]);
    // rows with "spark" are the positive class in training, hadoop rows negative
    expect(out.map((r) => r.prediction)).toEqual([1, 0, 1, 0]);
    expect(out[0]!.probability.get(1)).toBeGreaterThan(0.5);
  });

  it("transforms Arrow input to an Arrow table with all the new columns", () => {
    const model = seedPipeline().fit(training);
    const table = tableFromArrays({ id: Int32Array.from([4, 5]), text: ["spark i j k", "l m n"] });
    const out = model.transform(table) as Table;
    expect(out.schema.fields.map((f) => f.name)).toEqual([
      "id",
      "text",
      "words",
      "features",
      "rawPrediction",
      "probability",
      "prediction",
    ]);
    expect([...out.getChild("prediction")!.toArray()]).toEqual([1, 0]);
  });

  it("transforms a danfojs DataFrame to a DataFrame (vectors as JSON strings) that evaluators read", () => {
    const dfd = require("danfojs") as typeof import("danfojs");
    const model = seedPipeline().fit(new dfd.DataFrame(training) as never);
    const out = model.transform(
      new dfd.DataFrame(test.map((r, i) => ({ ...r, label: i % 2 === 0 ? 1 : 0 }))) as never,
    ) as InstanceType<typeof dfd.DataFrame>;
    expect(out.columns).toEqual([
      "id",
      "text",
      "label",
      "words",
      "features",
      "rawPrediction",
      "probability",
      "prediction",
    ]);
    expect(out.column("prediction").values).toEqual([1, 0, 1, 0]);
    const probability = JSON.parse(String(out.column("probability").values[0])) as {
      type: string;
      values: number[];
    };
    expect(probability.type).toBe("dense");
    expect(probability.values[1]).toBeGreaterThan(0.5);
    expect(new MulticlassClassificationEvaluator({ metricName: "accuracy" }).evaluate(out as never)).toBe(1);
    expect(new BinaryClassificationEvaluator().evaluate(out as never)).toBe(1);
  });

  it("saves to a versioned JSON document and loads back a model with identical predictions", () => {
    const model = seedPipeline().fit(training);
    const doc = model.save();
    expect(doc.format).toBe("lakelab.ml.PipelineModel");
    expect(doc.formatVersion).toBe(1);
    expect(doc.stages.map((s) => s.class)).toEqual(["Tokenizer", "HashingTF", "LogisticRegressionModel"]);
    const text = JSON.stringify(doc);
    const loaded = PipelineModel.load(text);
    const a = model.transform(test) as { probability: DenseVector }[];
    const b = loaded.transform(test) as { probability: DenseVector }[];
    a.forEach((row, i) => {
      expect([...b[i]!.probability.values]).toEqual([...row.probability.values]);
    });
    const lr = loaded.stages[2] as LogisticRegressionModel;
    expect(lr).toBeInstanceOf(LogisticRegressionModel);
    expect(lr.objectiveHistory).toEqual((model.stages[2] as LogisticRegressionModel).objectiveHistory);
    // 2^18 coefficients, almost all zero: stored sparse
    const coef = doc.stages[2]!.data!.coefficientMatrix as { size: number; indices: number[] };
    expect(coef.size).toBe(1 << 18);
    expect(coef.indices.length).toBeLessThan(100);
    expect(text.length).toBeLessThan(20_000);
  });

  it("saves to and loads from a file path", () => {
    const model = new Pipeline({
      stages: [
        new RegexTokenizer({ inputCol: "text", outputCol: "words", pattern: "\\W+" }),
        new HashingTF({ inputCol: "words", outputCol: "features", numFeatures: 32, binary: true }),
        new LogisticRegression({ regParam: 0.1 }),
      ],
    }).fit(training);
    const path = join(dir, "model.json");
    model.save(path);
    expect(JSON.parse(readFileSync(path, "utf8")).formatVersion).toBe(1);
    const loaded = PipelineModel.load(path);
    const tf = loaded.stages[1] as HashingTF;
    expect([tf.numFeatures, tf.binary]).toEqual([32, true]);
    expect((loaded.stages[0] as RegexTokenizer).pattern).toBe("\\W+");
    const p1 = (model.transform(test) as { prediction: number }[]).map((r) => r.prediction);
    const p2 = (loaded.transform(test) as { prediction: number }[]).map((r) => r.prediction);
    expect(p2).toEqual(p1);
  });

  it("rejects documents of another format, version or class with typed errors", () => {
    const doc = seedPipeline().fit(training).save();
    expect(() => PipelineModel.load({ ...doc, formatVersion: 99 })).toThrow(
      expect.objectContaining({ code: "NOT_SUPPORTED" }),
    );
    expect(() => PipelineModel.load({ ...doc, format: "x" as never })).toThrow(
      expect.objectContaining({ code: "FILE_CORRUPT" }),
    );
    expect(() => PipelineModel.load({ ...doc, stages: [{ class: "Bogus", uid: "b", params: {} }] })).toThrow(
      expect.objectContaining({ code: "FILE_CORRUPT" }),
    );
    expect(() => PipelineModel.load(join(dir, "missing.json"))).toThrow(
      expect.objectContaining({ code: "FILE_NOT_FOUND" }),
    );
    const bad = join(dir, "bad.json");
    writeFileSync(bad, "{not json");
    expect(() => PipelineModel.load(bad)).toThrow(expect.objectContaining({ code: "FILE_CORRUPT" }));
  });

  it("fails with the stage's typed error when a model sees a different numFeatures", () => {
    const model = seedPipeline().fit(training);
    const lr = model.stages[2]!;
    const other = new HashingTF({ inputCol: "words", outputCol: "features", numFeatures: 100 }).transform(
      new Tokenizer({ inputCol: "text", outputCol: "words" }).transform(test),
    );
    expect(() => lr.transform(other)).toThrow(expect.objectContaining({ code: "FEATURE_SIZE_MISMATCH" }));
  });
});
