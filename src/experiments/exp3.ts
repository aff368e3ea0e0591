import type { SnapshotIdInput } from "../iceberg/spec/snapshot-id";
import { reproduceRun } from "../lakehouse/reproduce";
import { readSnapshot } from "../lakehouse/snapshot-reader";
import { showData } from "../notebook/iceberg-views";
import {
  connectionOf,
  type ExperimentOptions,
  type ExperimentResult,
  firstRunOn,
  quietIf,
  resultOf,
  TABLE,
  trainRun,
} from "./experiment";

/**
 * The seed's exp3: time travel to `snapshotId` (a bigint or the exact decimal string; a JS number
 * only while it is a safe integer, since 64-bit ids lose digits as numbers) and re-train
 * (maxIter 7, regParam 0.005) on exactly that data. When an earlier run trained on the snapshot,
 * this goes through `reproduceRun` of that run, so its digest and row count are checked first.
 */
export async function exp3(
  snapshotId: SnapshotIdInput,
  options: ExperimentOptions = {},
): Promise<ExperimentResult> {
  const conn = await connectionOf(options);
  const table = await conn.catalog.loadTable(TABLE);
  const id = table.snapshot(snapshotId).snapshotId; // resolved here, once: checked to be in the table
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
