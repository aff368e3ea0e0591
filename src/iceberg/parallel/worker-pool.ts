/**
 * A fixed set of worker threads, started on first use and reused: each takes one task at a time
 * from a FIFO queue. Idle workers are unref'd, so a pool never keeps a script or a notebook
 * kernel's process alive; a worker that dies (a wasm trap, out of memory) fails its task and is
 * replaced by the next task that needs one.
 */
import { type TransferListItem, Worker } from "node:worker_threads";
import { LakelabError, type LakelabErrorCode } from "../../errors";

/** What a worker posts back: the task's value, or the error it threw, in clonable form. */
export type WorkerReply = (
  | { readonly ok: true; readonly value: unknown }
  | { readonly ok: false; readonly error: SerializedError }
) & {
  /** The worker stops after this reply (its state is unsafe to reuse): give it no more tasks. */
  readonly retire?: boolean;
};

export interface SerializedError {
  readonly message: string;
  readonly code?: LakelabErrorCode;
  readonly context?: Readonly<Record<string, unknown>>;
  readonly retryable?: boolean;
}

interface Job {
  readonly message: unknown;
  readonly transfer: readonly TransferListItem[];
  resolve(value: unknown): void;
  reject(err: unknown): void;
}

interface Slot {
  readonly worker: Worker;
  job: Job | undefined;
}

export class WorkerPool {
  private readonly slots: Slot[] = [];
  private readonly queue: Job[] = [];
  private closed = false;

  constructor(
    /** The worker's script (compiled JavaScript). */
    readonly script: string,
    /** How many workers run at once. */
    readonly size: number,
  ) {}

  /** Runs one task on a worker; `transfer` lists buffers moved (not copied) to it. */
  run<T>(message: unknown, transfer: readonly TransferListItem[] = []): Promise<T> {
    if (this.closed) {
      return Promise.reject(new LakelabError("INVALID_STATE", "the worker pool is closed"));
    }
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ message, transfer, resolve: resolve as (v: unknown) => void, reject });
      this.dispatch();
    });
  }

  /** Stops every worker; queued and running tasks fail with INVALID_STATE. */
  async close(): Promise<void> {
    this.closed = true;
    const closed = () => new LakelabError("INVALID_STATE", "the worker pool is closed");
    for (const job of this.queue.splice(0)) job.reject(closed());
    const slots = this.slots.splice(0);
    for (const slot of slots) {
      slot.job?.reject(closed());
      slot.job = undefined;
    }
    await Promise.all(slots.map((s) => s.worker.terminate()));
  }

  /** Workers started so far (at most `size`). */
  get started(): number {
    return this.slots.length;
  }

  private dispatch(): void {
    while (this.queue.length > 0) {
      let slot = this.slots.find((s) => s.job === undefined);
      if (!slot && this.slots.length < this.size) {
        try {
          slot = this.start();
        } catch (err) {
          const job = this.queue.shift()!;
          job.reject(
            new LakelabError(
              "INTERNAL",
              `cannot start a lakelab worker thread: ${String((err as Error)?.message ?? err)}`,
              { cause: err },
            ),
          );
          continue;
        }
      }
      if (!slot) return;
      const job = this.queue.shift()!;
      slot.job = job;
      slot.worker.ref();
      try {
        slot.worker.postMessage(job.message, job.transfer as TransferListItem[]);
      } catch (err) {
        slot.job = undefined;
        slot.worker.unref();
        job.reject(err);
      }
    }
  }

  private start(): Slot {
    const worker = new Worker(this.script);
    const slot: Slot = { worker, job: undefined };
    worker.unref();
    worker.on("message", (reply: WorkerReply) => {
      const job = slot.job;
      slot.job = undefined;
      worker.unref();
      if (reply.retire) {
        const index = this.slots.indexOf(slot);
        if (index >= 0) this.slots.splice(index, 1);
      }
      if (job) {
        if (reply.ok) job.resolve(reply.value);
        else job.reject(deserializeError(reply.error));
      }
      this.dispatch();
    });
    const fail = (err: unknown) => {
      const index = this.slots.indexOf(slot);
      if (index < 0) return;
      this.slots.splice(index, 1);
      const job = slot.job;
      slot.job = undefined;
      job?.reject(
        new LakelabError(
          "INTERNAL",
          `a lakelab worker thread stopped: ${String((err as Error)?.message ?? err)}`,
          {
            cause: err,
          },
        ),
      );
      if (!this.closed) this.dispatch();
    };
    worker.on("error", fail);
    worker.on("exit", (code) => fail(new Error(`exit code ${code}`)));
    this.slots.push(slot);
    return slot;
  }
}

/** An error in the form a worker can post (codes and context survive; the stack stays behind). */
export function serializeError(err: unknown): SerializedError {
  if (err instanceof LakelabError) {
    return { message: err.message, code: err.code, context: err.context, retryable: err.retryable };
  }
  return { message: String((err as Error)?.message ?? err) };
}

function deserializeError(e: SerializedError): Error {
  if (e.code)
    return new LakelabError(e.code, e.message, { context: e.context ?? {}, retryable: e.retryable ?? false });
  return new Error(e.message);
}
