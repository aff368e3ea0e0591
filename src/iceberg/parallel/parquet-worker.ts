/** Entry point of a lakelab worker thread: runs Parquet tasks posted by parquet-pool.ts. */
import { parentPort } from "node:worker_threads";
import { type DecodeResult, type EncodeResult, type ParquetTask, runParquetTask } from "./parquet-tasks";
import { serializeError, type WorkerReply } from "./worker-pool";

/** Buffers of a result that move back to the caller instead of being copied. */
function transferables(result: EncodeResult | DecodeResult): ArrayBuffer[] {
  const bytes = "ipc" in result ? result.ipc : [result.bytes];
  return bytes.map((b) => b.buffer as ArrayBuffer);
}

parentPort?.on("message", async (task: ParquetTask) => {
  let reply: WorkerReply;
  let transfer: ArrayBuffer[] = [];
  let poisoned = false;
  try {
    const value = await runParquetTask(task);
    reply = { ok: true, value };
    transfer = transferables(value);
  } catch (err) {
    reply = { ok: false, error: serializeError(err) };
    // After a wasm trap the module's memory may be inconsistent: this worker is not reused.
    poisoned = (err as Error)?.name === "RuntimeError";
  }
  parentPort!.postMessage(poisoned ? { ...reply, retire: true } : reply, transfer);
  if (poisoned) process.exit(1);
});
