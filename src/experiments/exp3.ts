import { reproduceRun } from "../lakehouse/reproduce";
import { readSnapshot } from "../lakehouse/snapshot-reader";
import { showData } from "../notebook/iceberg-views";
import {
  connectionOf,
  type ExperimentOptions,
  type ExperimentResult,
  firstRunOn,
  parseSnapshotId,
  quietIf,
  resultOf,
  TABLE,
  trainRun,
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
  const earlier = await firstRunOn(conn, id);
  const run =
    earlier === undefined
      ? await trainRun(conn, id, "exp3", params, options)
      : (
          await reproduceRun(earlier.info.runId, {
            params,
            runName: "exp3",
            connection: conn,
            ...quietIf(options),
          })
        ).reproduced;
  return resultOf(conn, run);
}
