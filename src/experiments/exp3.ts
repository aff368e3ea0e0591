import { reproduceRun } from "../lakehouse/reproduce";
import { readSnapshot } from "../lakehouse/snapshot-reader";
import { trainOnSnapshot } from "../lakehouse/train";
import { showData } from "../notebook/iceberg-views";
import {
  connectionOf,
  EXPERIMENT,
  type ExperimentOptions,
  type ExperimentResult,
  firstRunOn,
  parseSnapshotId,
  resultOf,
  TABLE,
} from "./experiment";

/**
 * The seed's exp3: time travel to `snapshotId` (bigint or decimal string) and re-train
 * (maxIter 7, regParam 0.005) on exactly that data. When an earlier run trained on the snapshot,
 * this goes through `reproduceRun` of that run, so its digest and row count are checked first.
 */
export async function exp3(
  snapshotId: bigint | string,
  options: ExperimentOptions = {},
): Promise<ExperimentResult> {
  const conn = await connectionOf(options);
  const id = parseSnapshotId(snapshotId);
  const table = await conn.catalog.loadTable(TABLE);
  showData(table, id, await readSnapshot(table, id), options);
  const params = { maxIter: 7, regParam: 0.005 };
  const quiet = options.progress === false ? { progress: false } : {};
  const earlier = await firstRunOn(conn, id);
  const run =
    earlier === undefined
      ? await trainOnSnapshot(TABLE, id, {
          ...params,
          experimentName: EXPERIMENT,
          runName: "exp3",
          connection: conn,
          ...quiet,
        })
      : (await reproduceRun(earlier.info.runId, { params, runName: "exp3", connection: conn, ...quiet }))
          .reproduced;
  return resultOf(conn, run);
}
