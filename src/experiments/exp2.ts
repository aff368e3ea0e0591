import { LakelabError } from "../errors";
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
 * The seed's exp2: append default.training to itself (doubling it), show it before and after,
 * its history and snapshots, and train (maxIter 10, regParam 0.002) on the new snapshot's rows.
 */
export async function exp2(options: ExperimentOptions = {}): Promise<ExperimentResult> {
  const conn = await connectionOf(options);
  const before = await conn.catalog.loadTable(TABLE);
  const current = before.currentSnapshot()?.snapshotId;
  if (current === undefined) {
    throw new LakelabError("SNAPSHOT_NOT_FOUND", `${TABLE} has no snapshot to append to yet; run exp1 first`);
  }
  const rows = await readSnapshot(before, current);
  showData(before, current, rows, options);
  const writing = options.progress === false ? undefined : progress(`appending ${TABLE} to itself`, 1);
  const snapshot = await conn.catalog.writeTo(TABLE).append(rows);
  writing?.finish(`${snapshot.operation}, snapshot ${snapshot.snapshotId}`);
  const table = await conn.catalog.loadTable(TABLE);
  showData(table, snapshot.snapshotId, await readSnapshot(table, snapshot.snapshotId), options);
  await showHistory(table, options);
  const run = await trainRun(conn, snapshot.snapshotId, "exp2", { maxIter: 10, regParam: 0.002 }, options);
  return resultOf(conn, run);
}
