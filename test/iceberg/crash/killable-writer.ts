/**
 * Child process of the crash test: runs a seeded sequence of createOrReplace and append
 * commits, announcing each ("begin") before it starts and confirming it ("done") after it
 * returned. When `killAt` ≥ 0 it kills itself with SIGKILL right before or after its N-th step:
 * a file-system call (data file, manifest, manifest list, metadata file, temp-file rename) and,
 * with `countSql`, also a SQLite write (the catalog's pointer swap among them). N comes from the
 * test's seed, so where a writer dies never depends on the machine's speed. With
 * `killAfterBatch` > 0 it dies right after that batch committed, before it could report it.
 * argv = warehouse, table, seed, killAt, killAfter (0|1), maxOps, killAfterBatch, countSql (0|1).
 */
import { promises as fsp } from "node:fs";
import Database from "better-sqlite3";
import { openCatalog } from "../../../src/iceberg/table";
import { seededRandom } from "../concurrency/bundle-worker";
import { batchRows } from "./batches";

const [warehouse, table, seedArg, killAtArg, afterArg, maxOpsArg, afterBatchArg, sqlArg] = process.argv.slice(
  2,
) as string[];
const killAfterBatch = Number(afterBatchArg ?? 0);
const killAt = Number(killAtArg);
const killAfter = afterArg === "1";
const maxOps = Number(maxOpsArg);
const countSql = sqlArg === "1";

let steps = 0;
function armIoKill(): void {
  const fns = ["writeFile", "link", "rename", "rm", "unlink", "mkdir"] as const;
  const target = fsp as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>;
  for (const name of fns) {
    const original = target[name]!.bind(fsp);
    target[name] = async (...args: unknown[]) => {
      if (!killAfter && steps++ === killAt) process.kill(process.pid, "SIGKILL");
      const result = await original(...args);
      if (killAfter && steps++ === killAt) process.kill(process.pid, "SIGKILL");
      return result;
    };
  }
}

/** Counts every SQLite statement run (inserts, the commit's UPDATE, deletes) as a step too. */
function armSqlKill(): void {
  const probe = new Database(":memory:");
  const statement = Object.getPrototypeOf(probe.prepare("SELECT 1")) as { run: (...a: unknown[]) => unknown };
  probe.close();
  const original = statement.run;
  statement.run = function (this: unknown, ...args: unknown[]) {
    if (!killAfter && steps++ === killAt) process.kill(process.pid, "SIGKILL");
    const result = original.apply(this, args);
    if (killAfter && steps++ === killAt) process.kill(process.pid, "SIGKILL");
    return result;
  };
}

async function run(): Promise<void> {
  const random = seededRandom(Number(seedArg));
  const catalog = await openCatalog({ warehouse });
  if (killAt >= 0) armIoKill();
  if (killAt >= 0 && countSql) armSqlKill();
  for (let batch = 1; batch <= maxOps; batch++) {
    // The first op may have to create the table; later ones replace it now and then.
    const op = batch === 1 || random() < 0.25 ? "createOrReplace" : "append";
    process.send!({ type: "begin", batch, op });
    const writer = catalog.writeTo(table);
    const rows = batchRows(batch);
    const s = op === "append" ? await writer.append(rows) : await writer.createOrReplace(rows);
    if (batch === killAfterBatch) process.kill(process.pid, "SIGKILL");
    process.send!({ type: "done", batch, snapshotId: s.snapshotId.toString() });
  }
  catalog.close();
}

run().then(
  () => process.disconnect(),
  (err: { code?: string; message?: string }) => {
    process.send!({ type: "error", code: err.code, message: err.message }, () => process.exit(1));
  },
);
