import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { LakelabError } from "../../../src/errors";
import { serializeError, WorkerPool } from "../../../src/iceberg/parallel/worker-pool";

const DIST = path.resolve(__dirname, "../../../dist/src");
const POOL_JS = path.join(DIST, "iceberg/parallel/worker-pool.js");

/**
 * A worker speaking the pool's protocol (replies are WorkerReply), in plain CommonJS so it runs
 * without a build. `seen` counts the tasks this thread received, in order.
 */
const TASKS_WORKER = `
const { parentPort, threadId } = require("node:worker_threads");
let seen = 0;
parentPort.on("message", (m) => {
  seen++;
  switch (m.op) {
    case "double":
      parentPort.postMessage({ ok: true, value: { n: m.n * 2, threadId, seen } });
      return;
    case "fail":
      parentPort.postMessage({ ok: false, error: m.error });
      return;
    case "exit":
      process.exit(3);
      return;
    case "throw":
      throw new Error("worker blew up: " + m.why);
    case "later":
      setTimeout(() => parentPort.postMessage({ ok: true, value: { n: m.n, threadId, seen } }), m.ms);
      return;
    case "hold": {
      // Replies once the test stores 1 in gate[0]: a task that is surely still running.
      const reply = () => parentPort.postMessage({ ok: true, value: { n: m.n, threadId, seen } });
      const wait = Atomics.waitAsync(m.gate, 0, 0);
      if (wait.async) wait.value.then(reply);
      else reply();
      return;
    }
  }
});
`;

/** A worker that throws a real LakelabError and replies with the real serializeError (from dist/). */
const LAKELAB_ERROR_WORKER = `
const { parentPort } = require("node:worker_threads");
const { LakelabError } = require(${JSON.stringify(path.join(DIST, "errors.js"))});
const { serializeError } = require(${JSON.stringify(POOL_JS)});
parentPort.on("message", (m) => {
  try {
    throw new LakelabError("COMMIT_CONFLICT", "snapshot of " + m.table + " moved", {
      context: { table: m.table, expected: 5n, found: [6, 7] },
      retryable: true,
    });
  } catch (err) {
    parentPort.postMessage({ ok: false, error: serializeError(err) });
  }
});
`;

interface Reply {
  readonly n: number;
  readonly threadId: number;
  readonly seen: number;
}

function gate(): Int32Array {
  return new Int32Array(new SharedArrayBuffer(4));
}

function open(g: Int32Array): void {
  Atomics.store(g, 0, 1);
  Atomics.notify(g, 0);
}

/** How a promise has settled once pending callbacks and I/O events have run: "pending" if it has not. */
async function settled(p: Promise<unknown>): Promise<unknown> {
  const later = new Promise((resolve) => setImmediate(() => setImmediate(() => resolve("pending"))));
  return Promise.race([
    p.then(
      (value) => ({ value }),
      (error: unknown) => ({ error }),
    ),
    later,
  ]);
}

describe("WorkerPool", () => {
  let dir: string;
  let script: string;
  let pools: WorkerPool[] = [];
  const pool = (size: number, file = script) => {
    const p = new WorkerPool(file, size);
    pools.push(p);
    return p;
  };

  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), "lakelab-worker-pool-"));
    script = path.join(dir, "tasks-worker.js");
    writeFileSync(script, TASKS_WORKER);
    writeFileSync(path.join(dir, "lakelab-error-worker.js"), LAKELAB_ERROR_WORKER);
  });
  afterEach(async () => {
    await Promise.all(pools.map((p) => p.close()));
    pools = [];
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("starts no worker before the first task", () => {
    const p = pool(4);
    expect(p.started).toBe(0);
    expect(p.size).toBe(4);
    expect(p.script).toBe(script);
  });

  it("runs queued tasks in FIFO order on one worker and returns each result to its caller", async () => {
    const p = pool(1);
    const results = await Promise.all([1, 2, 3, 4, 5].map((n) => p.run<Reply>({ op: "double", n })));
    expect(results.map((r) => r.n)).toEqual([2, 4, 6, 8, 10]);
    // One thread received the tasks in the order they were queued.
    expect(results.map((r) => r.seen)).toEqual([1, 2, 3, 4, 5]);
    expect(new Set(results.map((r) => r.threadId)).size).toBe(1);
    expect(p.started).toBe(1);
  });

  it("starts at most `size` workers for more tasks than workers, each result going to its caller", async () => {
    const p = pool(3);
    const inputs = Array.from({ length: 20 }, (_, i) => i * 7 + 1);
    const pending = inputs.map((n) => p.run<Reply>({ op: "double", n }));
    expect(p.started).toBe(3);
    const results = await Promise.all(pending);
    expect(results.map((r) => r.n)).toEqual(inputs.map((n) => n * 2));
    expect(p.started).toBe(3);
    const threads = new Set(results.map((r) => r.threadId));
    expect(threads.size).toBe(3);
    // Each worker takes the oldest queued task when it frees up: what one thread served is in queue order.
    for (const thread of threads) {
      const served = results.filter((r) => r.threadId === thread);
      expect(served.map((r) => r.seen)).toEqual(served.map((_, i) => i + 1));
      const order = served.map((r) => r.n);
      expect(order).toEqual([...order].sort((a, b) => a - b));
    }
  });

  it("reuses its workers for later tasks", async () => {
    const p = pool(2);
    const first = await p.run<Reply>({ op: "double", n: 1 });
    const second = await p.run<Reply>({ op: "double", n: 2 });
    expect(second.threadId).toBe(first.threadId);
    expect(second.seen).toBe(2);
    expect(p.started).toBe(1);
  });

  it("rejects with a LakelabError carrying the code, context and retryable flag the worker sent", async () => {
    const p = pool(1);
    const error = {
      message: "table 'db.t' does not exist",
      code: "TABLE_NOT_FOUND",
      context: { table: "db.t", attempt: 2, ids: [1n, 2n] },
      retryable: true,
    };
    const err = await p.run({ op: "fail", error }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LakelabError);
    expect(err).toMatchObject({
      name: "LakelabError",
      code: "TABLE_NOT_FOUND",
      message: "table 'db.t' does not exist",
      retryable: true,
    });
    expect((err as LakelabError).context).toEqual({ table: "db.t", attempt: 2, ids: [1n, 2n] });
    // An error reply is an ordinary outcome: the same worker serves the next task.
    const before = await p.run<Reply>({ op: "double", n: 4 });
    expect(before).toMatchObject({ n: 8, seen: 2 });
    expect(p.started).toBe(1);
  });

  it("defaults context to {} and retryable to false when the worker sends a code only", async () => {
    const p = pool(1);
    const err = await p.run({ op: "fail", error: { message: "bad", code: "FILE_CORRUPT" } }).catch((e) => e);
    expect(err).toBeInstanceOf(LakelabError);
    expect(err).toMatchObject({ code: "FILE_CORRUPT", message: "bad", context: {}, retryable: false });
  });

  it("rejects with a plain Error (not a LakelabError) when the worker sends no code", async () => {
    const p = pool(1);
    const err = await p.run({ op: "fail", error: { message: "Parquet error: EOF" } }).catch((e) => e);
    expect(err).toBeInstanceOf(Error);
    expect(err).not.toBeInstanceOf(LakelabError);
    expect((err as Error).message).toBe("Parquet error: EOF");
  });

  it("keeps a real LakelabError's code, context and retryable across the thread (serializeError)", async () => {
    const p = pool(1, path.join(dir, "lakelab-error-worker.js"));
    const err = await p.run({ table: "db.events" }).catch((e) => e);
    expect(err).toBeInstanceOf(LakelabError);
    expect(err).toMatchObject({
      code: "COMMIT_CONFLICT",
      message: "snapshot of db.events moved",
      retryable: true,
    });
    expect((err as LakelabError).context).toEqual({ table: "db.events", expected: 5n, found: [6, 7] });
  });

  it("fails a task whose worker exits with INTERNAL, and runs the queued tasks on a replacement", async () => {
    const p = pool(1);
    const first = await p.run<Reply>({ op: "double", n: 1 });
    const dying = p.run({ op: "exit" });
    const after = [p.run<Reply>({ op: "double", n: 2 }), p.run<Reply>({ op: "double", n: 3 })];
    const err = await dying.catch((e) => e);
    expect(err).toBeInstanceOf(LakelabError);
    expect(err).toMatchObject({ code: "INTERNAL" });
    expect((err as Error).message).toContain("exit code 3");
    const results = await Promise.all(after);
    expect(results.map((r) => r.n)).toEqual([4, 6]);
    // A new thread, which has seen only these two tasks.
    expect(results.map((r) => r.seen)).toEqual([1, 2]);
    expect(results[0]!.threadId).not.toBe(first.threadId);
    expect(p.started).toBe(1);
  });

  it("fails only the dead worker's task while another worker is busy", async () => {
    const p = pool(2);
    const g = gate();
    const held = p.run<Reply>({ op: "hold", gate: g, n: 10 });
    const dying = p.run({ op: "exit" });
    const queued = p.run<Reply>({ op: "double", n: 5 });
    await expect(dying).rejects.toMatchObject({ code: "INTERNAL" });
    await expect(queued).resolves.toMatchObject({ n: 10, seen: 1 });
    open(g);
    await expect(held).resolves.toMatchObject({ n: 10 });
    expect(p.started).toBe(2);
  });

  it("fails a task whose worker throws an uncaught error with INTERNAL naming the error", async () => {
    const p = pool(1);
    const err = await p.run({ op: "throw", why: "bad input" }).catch((e) => e);
    expect(err).toBeInstanceOf(LakelabError);
    expect(err).toMatchObject({ code: "INTERNAL" });
    expect((err as Error).message).toContain("worker blew up: bad input");
    await expect(p.run<Reply>({ op: "double", n: 21 })).resolves.toMatchObject({ n: 42 });
  });

  it("fails tasks with INTERNAL when the worker script does not exist", async () => {
    const p = pool(1, path.join(dir, "missing-worker.js"));
    const err = await p.run({ op: "double", n: 1 }).catch((e) => e);
    expect(err).toBeInstanceOf(LakelabError);
    expect(err).toMatchObject({ code: "INTERNAL" });
    expect((err as Error).message).toContain("missing-worker.js");
  });

  it("rejects a message that cannot be cloned without breaking the pool", async () => {
    const p = pool(1);
    await expect(p.run({ op: "double", n: 1, f: () => 1 })).rejects.toThrow(/could not be cloned/);
    await expect(p.run<Reply>({ op: "double", n: 2 })).resolves.toMatchObject({ n: 4 });
  });

  it("close() rejects queued tasks with INVALID_STATE, and run() after close rejects", async () => {
    const p = pool(1);
    const g = gate();
    const running = p.run({ op: "hold", gate: g, n: 1 });
    running.catch(() => undefined);
    const queued = [p.run({ op: "double", n: 2 }), p.run({ op: "double", n: 3 })].map((q) =>
      q.catch((e: unknown) => e),
    );
    await p.close();
    for (const q of queued) {
      const err = await q;
      expect(err).toBeInstanceOf(LakelabError);
      expect(err).toMatchObject({ code: "INVALID_STATE" });
    }
    expect(p.started).toBe(0);
    const late = await p.run({ op: "double", n: 4 }).catch((e) => e);
    expect(late).toBeInstanceOf(LakelabError);
    expect(late).toMatchObject({ code: "INVALID_STATE", message: "the worker pool is closed" });
    expect(p.started).toBe(0);
  });

  it("close() settles the task that is running (it must not stay pending forever)", async () => {
    const p = pool(1);
    const running = p.run({ op: "hold", gate: gate(), n: 1 });
    running.catch(() => undefined);
    await p.close();
    const outcome = await settled(running);
    expect(outcome).not.toBe("pending");
    expect((outcome as { error?: unknown }).error).toBeInstanceOf(LakelabError);
  });

  describe("in a child process (built dist/)", () => {
    beforeAll(() => {
      if (!existsSync(POOL_JS))
        throw new Error(`${POOL_JS} is missing: run 'npx tsc -p tsconfig.json' first`);
    });

    const runChild = (body: string) =>
      spawnSync(
        process.execPath,
        [
          "-e",
          `const { WorkerPool } = require(${JSON.stringify(POOL_JS)});
           const pool = new WorkerPool(${JSON.stringify(script)}, 2);
           ${body}`,
        ],
        // A guard against a hang only: a child still running then is killed and the test fails.
        { encoding: "utf8", timeout: 60_000 },
      );

    it("exits on its own after its tasks are done: idle workers do not keep it alive", () => {
      const child = runChild(
        `Promise.all([1, 2, 3].map((n) => pool.run({ op: "double", n })))
           .then((r) => console.log("results " + r.map((x) => x.n).join(",") + " started " + pool.started));`,
      );
      expect(child.error).toBeUndefined();
      expect(child.signal).toBeNull();
      expect(child.stderr).toBe("");
      expect(child.stdout.trim()).toBe("results 2,4,6 started 2");
      expect(child.status).toBe(0);
    });

    it("stays alive while a task runs, so its reply arrives", () => {
      const child = runChild(
        `pool.run({ op: "later", n: 7, ms: 300 }).then((r) => console.log("reply " + r.n));`,
      );
      expect(child.error).toBeUndefined();
      expect(child.signal).toBeNull();
      expect(child.stdout.trim()).toBe("reply 7");
      expect(child.status).toBe(0);
    });
  });
});

describe("serializeError", () => {
  it("keeps a LakelabError's code, context and retryable flag in clonable form", () => {
    const err = new LakelabError("FILE_CORRUPT", "not a Parquet file", {
      context: { location: "s3://b/f.parquet" },
      retryable: false,
      cause: new Error("inner"),
    });
    const s = structuredClone(serializeError(err));
    expect(s).toEqual({
      message: "not a Parquet file",
      code: "FILE_CORRUPT",
      context: { location: "s3://b/f.parquet" },
      retryable: false,
    });
  });

  it("keeps the message of other errors and of thrown non-errors", () => {
    expect(serializeError(new TypeError("boom"))).toEqual({ message: "boom" });
    expect(serializeError("a string")).toEqual({ message: "a string" });
    expect(serializeError(undefined)).toEqual({ message: "undefined" });
  });
});
