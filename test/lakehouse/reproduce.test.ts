import { existsSync, mkdtempSync, rmSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isLakelabError } from "../../src/errors";
import { expireSnapshots } from "../../src/iceberg/maintenance/expire-snapshots";
import type { SnapshotInfo } from "../../src/iceberg/table/snapshot-info";
import { type Connection, closeConnections, getConnection } from "../../src/lakehouse/connection";
import { labeledTextToArrow, spamCorpus } from "../../src/lakehouse/corpus";
import { reproduceRun } from "../../src/lakehouse/reproduce";
import { MODEL_ARTIFACT, type TrainedRun, trainOnSnapshot } from "../../src/lakehouse/train";
import { MulticlassClassificationEvaluator, PipelineModel, randomSplit } from "../../src/ml";

let root: string;
let conn: Connection;
let first: SnapshotInfo;
let second: SnapshotInfo;
let trained: TrainedRun;
const rows = spamCorpus({ every: 10 });
const small = { numFeatures: 1 << 12, experimentName: "reproduce-test", progress: false } as const;

beforeAll(async () => {
  root = mkdtempSync(path.join(os.tmpdir(), "lakelab-reproduce-"));
  conn = await getConnection(undefined, { cwd: root, home: root, env: {} });
  await conn.catalog.createNamespace("default");
  first = await conn.catalog.writeTo("default.training").createOrReplace(labeledTextToArrow(rows));
  second = await conn.catalog.writeTo("default.training").append(labeledTextToArrow(rows));
  trained = await trainOnSnapshot("default.training", first.snapshotId, {
    ...small,
    maxIter: 6,
    regParam: 0.01,
  });
});
afterAll(() => {
  closeConnections();
  rmSync(root, { recursive: true, force: true });
});

describe("trainOnSnapshot", () => {
  it("trains on exactly the snapshot's rows, not the table's current ones", async () => {
    expect(trained.snapshot.snapshotId).toBe(first.snapshotId);
    expect(trained.metrics.train_row_count + trained.metrics.test_row_count).toBe(rows.length);
    const [train] = randomSplit(rows, [0.8, 0.2], 42);
    expect(trained.metrics.train_row_count).toBe(train.length);
    const run = await conn.tracking.getRun(trained.runId);
    expect(run.info.status).toBe("FINISHED");
    expect(run.data.params).toMatchObject({
      maxIter: "6",
      regParam: "0.01",
      numFeatures: "4096",
      seed: "42",
    });
    expect(run.data.metrics.areaUnderROC).toBe(trained.metrics.areaUnderROC);
    expect(run.data.tags.iceberg_snapshot_id).toBe(first.snapshotId.toString());
    expect(run.data.tags.row_count).toBe(String(rows.length));
    expect(run.inputs.datasetInputs[0].dataset.name).toBe(`default.training@${first.snapshotId}`);
  });

  it("logs the fitted PipelineModel: loaded back, it scores the held-out rows to the logged accuracy", async () => {
    const file = await conn.tracking.downloadArtifact(trained.runId, MODEL_ARTIFACT, path.join(root, "dl"));
    expect(existsSync(file)).toBe(true);
    const model = PipelineModel.load(file);
    const [, test] = randomSplit(rows, [0.8, 0.2], 42);
    const accuracy = new MulticlassClassificationEvaluator({ metricName: "accuracy" }).evaluate(
      model.transform(test),
    );
    expect(accuracy).toBe(trained.metrics.accuracy);
  });
});

describe("reproduceRun", () => {
  it("re-trains on the run's snapshot with its params and gets every metric exactly", async () => {
    const result = await reproduceRun(trained.runId, { connection: conn, progress: false });
    expect(result.identical).toBe(true);
    expect(result.comparison.map((c) => c.metric)).toEqual([
      "areaUnderROC",
      "accuracy",
      "train_row_count",
      "test_row_count",
    ]);
    expect(result.reproduced.snapshot.snapshotId).toBe(first.snapshotId);
    expect(result.reproduced.runId).not.toBe(trained.runId);
    const run = await conn.tracking.getRun(result.reproduced.runId);
    expect(run.data.tags["lakelab.reproduces"]).toBe(trained.runId);
    expect(run.data.metrics).toEqual((await conn.tracking.getRun(trained.runId)).data.metrics);
  });

  it("with changed params re-trains the same data and says where it came from", async () => {
    const result = await reproduceRun(trained.runId, {
      connection: conn,
      progress: false,
      params: { maxIter: 2 },
    });
    const run = await conn.tracking.getRun(result.reproduced.runId);
    expect(run.data.params.maxIter).toBe("2");
    expect(run.data.tags["lakelab.derived_from"]).toBe(trained.runId);
    expect(run.data.tags["lakelab.reproduces"]).toBeUndefined();
    expect(result.reproduced.metrics.train_row_count).toBe(trained.metrics.train_row_count);
  });

  it("refuses with SNAPSHOT_NOT_FOUND once the snapshot was expired", async () => {
    const table = await conn.catalog.loadTable("default.training");
    for (const name of Object.keys(table.metadata.refs))
      if (name.startsWith("mlflow-run-")) await table.removeTag(name);
    const expired = await expireSnapshots(table, { olderThanMs: Date.now() + 60_000, retainLast: 1 });
    expect(expired.expiredSnapshotIds).toEqual([first.snapshotId]);
    expect(table.currentSnapshot()?.snapshotId).toBe(second.snapshotId);
    const err = await reproduceRun(trained.runId, { connection: conn, progress: false }).catch((e) => e);
    expect(isLakelabError(err, "SNAPSHOT_NOT_FOUND")).toBe(true);
  });
});
