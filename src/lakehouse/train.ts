import * as os from "node:os";
import type { Table as ArrowTable } from "apache-arrow";
import type { SnapshotIdInput } from "../iceberg/spec/snapshot-id";
import type { SnapshotInfo } from "../iceberg/table/snapshot-info";
import type { Table } from "../iceberg/table/table";
import { progress } from "../notebook/progress";
import type { Metric } from "../tracking/entities";
import { type Connection, currentConnection } from "./connection";
import {
  DEFAULT_TRAIN_PARAMS,
  type FitResult,
  fitAndEvaluate,
  paramsToStrings,
  type TrainMetrics,
  type TrainParams,
} from "./fit-evaluate";
import { recordLineage, snapshotLineage } from "./lineage";
import { readSnapshot } from "./snapshot-reader";

export interface TrainOptions extends Partial<TrainParams> {
  readonly maxIter: number;
  readonly regParam: number;
  /** MLflow experiment of the run (created when missing). */
  readonly experimentName: string;
  readonly runName?: string;
  /** Extra run tags, e.g. `lakelab.reproduces`. */
  readonly tags?: Readonly<Record<string, string>>;
  readonly connection?: Connection;
  /** Show live progress (default true): an updating bar in tslab, lines elsewhere. */
  readonly progress?: boolean;
  /** Called with the rows read, before any run is created: throw to refuse the data. */
  readonly checkData?: (rowsRead: number) => void;
}

/** A finished training run and what it trained on. */
export interface TrainedRun {
  readonly runId: string;
  readonly runName: string;
  readonly experimentId: string;
  readonly snapshot: SnapshotInfo;
  readonly params: TrainParams;
  readonly metrics: TrainMetrics;
}

/** Where the fitted PipelineModel goes among the run's artifacts. */
export const MODEL_ARTIFACT = "model/pipeline-model.json";

/**
 * Trains the seed's pipeline on exactly the rows of `table` at `snapshotId` and logs one MLflow
 * run: params, metrics (areaUnderROC, accuracy on a seeded held-out split, train row count),
 * lineage (tags, dataset input, Iceberg tag) and the PipelineModel artifact.
 * @example await trainOnSnapshot("default.training", snap.snapshotId, { maxIter: 8, regParam: 0.01, experimentName: "e" })
 */
export async function trainOnSnapshot(
  tableName: string,
  snapshotId: SnapshotIdInput,
  options: TrainOptions,
): Promise<TrainedRun> {
  const conn = options.connection ?? (await currentConnection());
  const table = await conn.catalog.loadTable(tableName);
  const snapshot = table.snapshot(snapshotId);
  const params: TrainParams = {
    ...DEFAULT_TRAIN_PARAMS,
    ...definedOnly(options),
    maxIter: options.maxIter,
    regParam: options.regParam,
  };
  const shown =
    options.progress === false ? undefined : progress(`training on ${table.name}@${snapshot.snapshotId}`, 4);
  shown?.update(0, "reading the snapshot");
  const data = await readSnapshot(table, snapshot.snapshotId);
  options.checkData?.(data.numRows);
  const experimentId = await experimentIdFor(conn, options.experimentName);
  const run = await conn.tracking.createRun(experimentId, {
    tags: {
      "mlflow.user": userName(),
      "mlflow.source.type": "NOTEBOOK",
      "mlflow.source.name": "lakelab",
      ...options.tags,
    },
    ...(options.runName !== undefined ? { runName: options.runName } : {}),
  });
  const runId = run.info.runId;
  try {
    let step = 1;
    const fitted = fitAndEvaluate(data, params, (note) => shown?.update(step++, note));
    const metrics = fitted.metrics;
    shown?.update(3, "logging the run");
    await logRun(conn, runId, table, snapshot.snapshotId, data, params, fitted);
    await conn.tracking.setTerminated(runId, "FINISHED");
    shown?.finish(`run ${run.info.runName}, areaUnderROC ${metrics.areaUnderROC.toFixed(4)}`);
    return { runId, runName: run.info.runName, experimentId, snapshot, params, metrics };
  } catch (err) {
    await conn.tracking.setTerminated(runId, "FAILED");
    throw err;
  }
}

async function logRun(
  conn: Connection,
  runId: string,
  table: Table,
  snapshotId: bigint,
  data: ArrowTable,
  params: TrainParams,
  { model, metrics }: FitResult,
): Promise<void> {
  const now = Date.now();
  const logged: Metric[] = Object.entries(metrics).map(([key, value]) => ({
    key,
    value,
    timestamp: now,
    step: 0,
  }));
  const paramList = Object.entries(paramsToStrings(params)).map(([key, value]) => ({ key, value }));
  await conn.tracking.logBatch(runId, { params: paramList, metrics: logged });
  await recordLineage(conn, runId, table, snapshotLineage(conn, table, snapshotId, data));
  await conn.tracking.logText(runId, `${JSON.stringify(model.save())}\n`, MODEL_ARTIFACT);
}

async function experimentIdFor(conn: Connection, name: string): Promise<string> {
  const existing = await conn.tracking.getExperimentByName(name);
  return existing?.experimentId ?? (await conn.tracking.createExperiment(name));
}

function definedOnly(o: Partial<TrainParams>): Partial<TrainParams> {
  const keys = ["maxIter", "regParam", "numFeatures", "seed", "testFraction"] as const;
  return Object.fromEntries(keys.filter((k) => o[k] !== undefined).map((k) => [k, o[k]]));
}

function userName(): string {
  try {
    return os.userInfo().username;
  } catch {
    return process.env.USER ?? "unknown";
  }
}
