import type { WriteData } from "../iceberg/table/table-writer";
import { readSnapshot } from "../lakehouse/snapshot-reader";
import { showData, showHistory } from "../notebook/iceberg-views";
import { progress } from "../notebook/progress";
import {
  connectionOf,
  type ExperimentOptions,
  type ExperimentResult,
  resultOf,
  TABLE,
  trainRun,
} from "./experiment";

/**
 * The seed's exp1: `createOrReplace` default.training with `df`, show it, its history and
 * snapshots, and train (maxIter 8, regParam 0.01) on the rows read back at the new snapshot.
 */
export async function exp1(df: WriteData, options: ExperimentOptions = {}): Promise<ExperimentResult> {
  const conn = await connectionOf(options);
  await conn.catalog.createNamespaceIfNotExists("default");
  const writing = options.progress === false ? undefined : progress(`writing ${TABLE}`, 1);
  const snapshot = await conn.catalog.writeTo(TABLE).createOrReplace(df);
  writing?.finish(`${snapshot.operation}, snapshot ${snapshot.snapshotId}`);
  const table = await conn.catalog.loadTable(TABLE);
  showData(table, snapshot.snapshotId, await readSnapshot(table, snapshot.snapshotId), options);
  await showHistory(table, options);
  const run = await trainRun(conn, snapshot.snapshotId, "exp1", { maxIter: 8, regParam: 0.01 }, options);
  return resultOf(conn, run);
}
