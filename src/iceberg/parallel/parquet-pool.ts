/**
 * The process-wide pool of Parquet workers. Sized to the machine's cores (`LAKELAB_WORKERS`
 * overrides; 0 runs everything on the calling thread). Workers load the compiled
 * `parquet-worker.js`; where it is missing (lakelab run from its TypeScript sources without a
 * build) tasks run on the calling thread, with the same results.
 */
import { existsSync } from "node:fs";
import { availableParallelism } from "node:os";
import * as path from "node:path";
import { LakelabError } from "../../errors";
import {
  type DecodeResult,
  type DecodeTask,
  type EncodeResult,
  type EncodeTask,
  runParquetTask,
} from "./parquet-tasks";
import { WorkerPool } from "./worker-pool";

let shared: WorkerPool | null | undefined;

/** Worker threads to use: `LAKELAB_WORKERS` if set, else one per core (at most 8). */
export function workerCount(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.LAKELAB_WORKERS;
  if (raw === undefined || raw === "") return Math.min(8, availableParallelism());
  const n = Number(raw);
  if (!/^\s*\d+\s*$/.test(raw) || !Number.isSafeInteger(n)) {
    throw new LakelabError(
      "CONFIG_INVALID",
      `LAKELAB_WORKERS must be a whole number of worker threads (0 for none), not '${raw}'`,
      { context: { variable: "LAKELAB_WORKERS" } },
    );
  }
  return n;
}

/** The compiled worker script beside this module, else in the package's build folder. */
export function workerScript(): string | undefined {
  const candidates = [
    path.join(__dirname, "parquet-worker.js"),
    path.resolve(__dirname, "../../../dist/src/iceberg/parallel/parquet-worker.js"),
  ];
  return candidates.find((c) => existsSync(c));
}

/** The shared pool, started on first use; undefined when tasks run on the calling thread. */
export function parquetPool(): WorkerPool | undefined {
  if (shared === undefined) {
    const size = workerCount();
    const script = size > 0 ? workerScript() : undefined;
    shared = script ? new WorkerPool(script, size) : null;
  }
  return shared ?? undefined;
}

/** Stops the shared pool's workers (the next task starts a new pool). */
export async function closeParquetPool(): Promise<void> {
  const pool = shared;
  shared = undefined;
  await pool?.close();
}

/**
 * Bytes whose whole buffer may be moved to a worker: a view into a larger buffer (Node's pooled
 * small Buffers, a slice) is copied first, since moving its buffer would empty the other views.
 */
export function movable(bytes: Uint8Array): Uint8Array {
  const whole = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength;
  // new Uint8Array(view) copies; a Buffer's slice() would be another view of the same memory
  return whole && !(bytes.buffer instanceof SharedArrayBuffer) ? bytes : new Uint8Array(bytes);
}

/** Encodes on a worker (the task's table should be shared: see `shareTable`). */
export function encodeOnPool(task: EncodeTask): Promise<EncodeResult> {
  const pool = parquetPool();
  if (!pool) return runParquetTask(task) as Promise<EncodeResult>;
  return pool.run<EncodeResult>(task);
}

/**
 * Decodes on a worker. Bytes in a SharedArrayBuffer are shared (several row-group tasks of one
 * file read the same copy); other bytes are moved to the worker.
 */
export function decodeOnPool(task: DecodeTask): Promise<DecodeResult> {
  const pool = parquetPool();
  if (!pool) return runParquetTask(task) as Promise<DecodeResult>;
  if (task.bytes.buffer instanceof SharedArrayBuffer) return pool.run<DecodeResult>(task);
  const bytes = movable(task.bytes);
  return pool.run<DecodeResult>({ ...task, bytes }, [bytes.buffer as ArrayBuffer]);
}
