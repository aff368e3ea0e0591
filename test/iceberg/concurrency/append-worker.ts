/**
 * Child process of the concurrency test: waits for "go", then appends `count` small batches to
 * one table through the shared catalog.db, reporting each committed snapshot id to the parent,
 * with how many times that commit lost the race and was retried.
 * Run as a bundled CommonJS file (see bundle-worker.ts): argv = warehouse, table, writer, count.
 */
import { subscribe } from "node:diagnostics_channel";
import { openCatalog } from "../../../src/iceberg/table";

const [warehouse, table, writerArg, countArg] = process.argv.slice(2) as [string, string, string, string];
const writer = Number(writerArg);
const count = Number(countArg);

let retries = 0;
subscribe("lakelab:commit-retry", () => {
  retries++;
});

async function run(): Promise<void> {
  const catalog = await openCatalog({ warehouse });
  for (let seq = 0; seq < count; seq++) {
    const rows = [0, 1, 2].map((row) => ({
      writer: BigInt(writer),
      seq: BigInt(seq),
      row: BigInt(row),
      text: `writer ${writer} batch ${seq} row ${row}`,
    }));
    retries = 0;
    const snapshot = await catalog.writeTo(table).append(rows);
    process.send!({ type: "committed", seq, snapshotId: snapshot.snapshotId.toString(), retries });
  }
  catalog.close();
}

process.on("message", (m: { type: string }) => {
  if (m.type !== "go") return;
  run().then(
    () => process.disconnect(),
    (err: { code?: string; message?: string }) => {
      process.send!({ type: "error", code: err.code, message: err.message }, () => process.exit(1));
    },
  );
});
process.send!({ type: "ready" });
