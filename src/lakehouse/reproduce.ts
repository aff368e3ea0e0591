import type { Connection } from "./connection";
import { currentConnection } from "./connection";
import { paramsFromStrings, type TrainParams } from "./fit-evaluate";
import { verifySnapshot } from "./lineage";
import { type RunLineage, readRunLineage } from "./run-lineage";
import { LineageTag } from "./snapshot-lineage";
import { type TrainedRun, trainOnSnapshot } from "./train";

export interface ReproduceOptions {
  readonly connection?: Connection;
  readonly runName?: string;
  /** Params to change (a re-train on the same data); none = an exact reproduction. */
  readonly params?: Partial<TrainParams>;
  readonly progress?: boolean;
}

/** One metric of the original run next to the new run's. */
export interface MetricComparison {
  readonly metric: string;
  readonly original: number;
  readonly reproduced: number;
  readonly equal: boolean;
}

export interface ReproduceResult {
  readonly original: { readonly runId: string; readonly metrics: Readonly<Record<string, number>> };
  readonly lineage: RunLineage;
  readonly reproduced: TrainedRun;
  readonly comparison: readonly MetricComparison[];
  /** True when every metric of the original run came out identical. */
  readonly identical: boolean;
}

/** Tag on a run re-trained from another run's snapshot with changed params. */
export const DERIVED_FROM_TAG = "lakelab.derived_from";

/**
 * Re-runs a run on the data it trained on: reads its lineage, checks the snapshot is still there
 * and unchanged (SNAPSHOT_NOT_FOUND / LINEAGE_MISMATCH), reads exactly that snapshot, checks
 * the row count, re-trains with the logged params (plus `params` overrides) and logs a new run
 * tagged `lakelab.reproduces=<runId>` (or `lakelab.derived_from` when params changed).
 * @example const { comparison } = await reproduceRun(runId); show(comparison);
 */
export async function reproduceRun(runId: string, options: ReproduceOptions = {}): Promise<ReproduceResult> {
  const conn = options.connection ?? (await currentConnection());
  const run = await conn.tracking.getRun(runId);
  const lineage = readRunLineage(run);
  const table = await conn.catalog.loadTable(lineage.table);
  verifySnapshot(lineage, table);
  const logged = paramsFromStrings(lineage.params, runId);
  const params: TrainParams = { ...logged, ...options.params };
  const changed = (Object.keys(params) as (keyof TrainParams)[]).some((k) => params[k] !== logged[k]);
  const experiment = await conn.tracking.getExperiment(run.info.experimentId);
  const reproduced = await trainOnSnapshot(lineage.table, lineage.snapshotId, {
    ...params,
    experimentName: experiment.name,
    runName: options.runName ?? `${changed ? "retrain" : "reproduce"}-${run.info.runName}`,
    tags: { [changed ? DERIVED_FROM_TAG : LineageTag.REPRODUCES]: runId },
    connection: conn,
    checkData: (rows) => verifySnapshot(lineage, table, rows),
    ...(options.progress !== undefined ? { progress: options.progress } : {}),
  });
  const comparison = Object.entries(reproduced.metrics).map(([metric, value]) => {
    const original = run.data.metrics[metric] ?? Number.NaN;
    return { metric, original, reproduced: value, equal: original === value };
  });
  return {
    original: { runId, metrics: run.data.metrics },
    lineage,
    reproduced,
    comparison,
    identical: comparison.every((c) => c.equal),
  };
}
