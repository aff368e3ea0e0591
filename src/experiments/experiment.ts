import type { SnapshotInfo } from "../iceberg/table/snapshot-info";
import { type Connection, currentConnection } from "../lakehouse/connection";
import type { TrainMetrics } from "../lakehouse/fit-evaluate";
import { LineageTag } from "../lakehouse/snapshot-lineage";
import { type TrainedRun, trainOnSnapshot } from "../lakehouse/train";
import type { Display } from "../notebook/display";
import type { Run } from "../tracking/entities";
import { RunTable } from "../tracking/run-table";

/** The seed's experiment and table names. */
export const EXPERIMENT = "sparkml-experiment";
export const TABLE = "default.training";

export interface ExperimentOptions {
  /** Default: the connection of the last `getConnection` (else "local"). */
  readonly connection?: Connection;
  /** Where tables are shown; default the running kernel's display, else standard output. */
  readonly display?: Display;
  /** Live progress while writing and training; default true. */
  readonly progress?: boolean;
}

/** What each experiment cell gets back, to display or to pass on (`exp3(r1.snapshot.snapshotId)`). */
export interface ExperimentResult {
  readonly runId: string;
  readonly runName: string;
  readonly snapshot: SnapshotInfo;
  readonly metrics: TrainMetrics;
  /** `searchRuns` of the experiment, newest first, as MLflow returns them. */
  readonly runs: RunTable;
}

export async function connectionOf(options: ExperimentOptions): Promise<Connection> {
  return options.connection ?? (await currentConnection());
}

/** The first run of the experiment that trained on `snapshotId`, if any. */
export async function firstRunOn(conn: Connection, snapshotId: bigint): Promise<Run | undefined> {
  const experiment = await conn.tracking.getExperimentByName(EXPERIMENT);
  if (experiment === null) return undefined;
  const page = await conn.tracking.store.searchRuns({
    experimentIds: [experiment.experimentId],
    filterString: `tags.${LineageTag.SNAPSHOT_ID} = '${snapshotId}'`,
    orderBy: ["attributes.start_time ASC"],
  });
  return page.items[0];
}

/** The run's result plus every active run of the experiment (the seed's `mlflow.search_runs`). */
export async function resultOf(conn: Connection, run: TrainedRun): Promise<ExperimentResult> {
  const page = await conn.tracking.store.searchRuns({ experimentIds: [run.experimentId], runViewType: 1 });
  return {
    runId: run.runId,
    runName: run.runName,
    snapshot: run.snapshot,
    metrics: run.metrics,
    runs: new RunTable(page.items),
  };
}

/** Trains the seed's pipeline with `params` on `snapshotId` of the seed's table and logs the run. */
export function trainRun(
  conn: Connection,
  snapshotId: bigint,
  runName: string,
  params: { readonly maxIter: number; readonly regParam: number },
  options: ExperimentOptions,
): Promise<TrainedRun> {
  return trainOnSnapshot(TABLE, snapshotId, {
    ...params,
    experimentName: EXPERIMENT,
    runName,
    connection: conn,
    ...quietIf(options),
  });
}

/** `{ progress: false }` when the caller turned progress off, so defaults stay with the layer below. */
export function quietIf(options: ExperimentOptions): { progress?: false } {
  return options.progress === false ? { progress: false } : {};
}
