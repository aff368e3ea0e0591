import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import * as arrow from "apache-arrow";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LakelabError } from "../../../src/errors";
import { conformToSchema } from "../../../src/iceberg/arrow";
import { toFileUri } from "../../../src/iceberg/io";
import {
  closeParquetPool,
  decodeOnPool,
  encodeOnPool,
  movable,
  parquetPool,
  workerCount,
  workerScript,
} from "../../../src/iceberg/parallel/parquet-pool";
import {
  type DecodeResult,
  decodedTable,
  type EncodeResult,
  type EncodeTask,
  rowGroupCount,
  runParquetTask,
} from "../../../src/iceberg/parallel/parquet-tasks";
import { sharedBytes, shareTable } from "../../../src/iceberg/parallel/shared-table";
import type { Schema } from "../../../src/iceberg/spec";
import { duckdbRead } from "../writer/duckdb-check";
import { rowsOf } from "./plain-rows";

const schema: Schema = {
  type: "struct",
  schemaId: 0,
  fields: [
    { id: 1, name: "id", required: true, type: "long" },
    { id: 2, name: "text", required: false, type: "string" },
    { id: 3, name: "score", required: false, type: "double" },
    { id: 4, name: "ok", required: false, type: "boolean" },
  ],
};

/** Rows as lakelab's writer gets them: conformed to the table schema (exact types, field ids). */
function table(n: number): arrow.Table {
  const rows = Array.from({ length: n }, (_, i) => ({
    id: BigInt(i),
    text: i % 7 === 0 ? null : `text ${String(i).padStart(5, "0")} ${"é".repeat(i % 5)}`,
    score: i % 11 === 0 ? Number.NaN : i / 10,
    ok: i % 3 === 0 ? null : i % 2 === 0,
  }));
  return conformToSchema(arrow.tableFromJSON(rows), schema, "db.t");
}

function encodeTask(t: arrow.Table, rowGroupRows: number, start = 0, end = t.numRows): EncodeTask {
  return {
    op: "encode",
    data: shareTable(t, new SharedArrayBuffer(Math.max(8, sharedBytes(t)))),
    start,
    end,
    encoding: { compression: "zstd", rowGroupRows },
    fields: schema.fields,
  };
}

const decoded = (r: DecodeResult) => decodedTable(r);

function inShared(bytes: Uint8Array): Uint8Array {
  const shared = new Uint8Array(new SharedArrayBuffer(bytes.byteLength));
  shared.set(bytes);
  return shared;
}

/** Starts and ends with PAR1 and has a footer length that fits, but the footer is zeros. */
function garbageParquet(): Uint8Array {
  const out = new Uint8Array(4 + 64 + 4 + 4);
  out.set(Buffer.from("PAR1"), 0);
  new DataView(out.buffer).setUint32(4 + 64, 32, true);
  out.set(Buffer.from("PAR1"), out.length - 4);
  return out;
}

describe("workerCount", () => {
  it("is one per core, at least 1 and at most 8, when LAKELAB_WORKERS is unset or empty", () => {
    for (const env of [{}, { LAKELAB_WORKERS: "" }]) {
      const n = workerCount(env);
      expect(Number.isInteger(n)).toBe(true);
      expect(n).toBeGreaterThanOrEqual(1);
      expect(n).toBeLessThanOrEqual(8);
    }
  });

  it("takes LAKELAB_WORKERS as a whole number, 0 included", () => {
    expect(workerCount({ LAKELAB_WORKERS: "0" })).toBe(0);
    expect(workerCount({ LAKELAB_WORKERS: "3" })).toBe(3);
    expect(workerCount({ LAKELAB_WORKERS: "16" })).toBe(16);
  });

  for (const raw of ["x", "-1", "1.5", "two", "NaN", "Infinity"]) {
    it(`rejects LAKELAB_WORKERS='${raw}' with CONFIG_INVALID naming the variable`, () => {
      let err: unknown;
      try {
        workerCount({ LAKELAB_WORKERS: raw });
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(LakelabError);
      expect(err).toMatchObject({ code: "CONFIG_INVALID", context: { variable: "LAKELAB_WORKERS" } });
      expect((err as Error).message).toContain("LAKELAB_WORKERS");
      expect((err as Error).message).toContain(`'${raw}'`);
    });
  }
});

describe("workerScript", () => {
  it("finds the compiled worker in the package's dist/ when run from the sources", () => {
    const script = workerScript();
    expect(script, "dist/ has no worker: run 'npx tsc -p tsconfig.json' first").toBeDefined();
    expect(existsSync(script!)).toBe(true);
    expect(path.isAbsolute(script!)).toBe(true);
    expect(script).toBe(path.resolve(__dirname, "../../../dist/src/iceberg/parallel/parquet-worker.js"));
  });
});

describe("movable", () => {
  it("returns bytes that own their whole buffer as they are", () => {
    const bytes = Uint8Array.of(1, 2, 3);
    expect(movable(bytes)).toBe(bytes);
  });

  it("copies a view into a larger Uint8Array's buffer", () => {
    const whole = Uint8Array.from({ length: 32 }, (_, i) => i);
    const view = whole.subarray(8, 12);
    const m = movable(view);
    expect(m.buffer).not.toBe(whole.buffer);
    expect([...m]).toEqual([8, 9, 10, 11]);
    expect(m.byteOffset).toBe(0);
    expect(m.byteLength).toBe(m.buffer.byteLength);
  });

  it("copies bytes in a SharedArrayBuffer into a buffer of their own", () => {
    const shared = inShared(Uint8Array.of(5, 6, 7));
    const m = movable(shared);
    expect(m.buffer).not.toBeInstanceOf(SharedArrayBuffer);
    expect([...m]).toEqual([5, 6, 7]);
  });

  it("copies a small pooled Buffer (different buffer, same bytes)", () => {
    const small = Buffer.from("abc");
    expect(small.buffer.byteLength).toBeGreaterThan(3); // Node's shared pool
    const m = movable(small);
    expect([...m]).toEqual([97, 98, 99]);
    expect(m.buffer).not.toBe(small.buffer);
    expect(m.byteLength).toBe(m.buffer.byteLength);
  });

  it("copies a Buffer view into a larger (unpooled) buffer", () => {
    const whole = Buffer.alloc(64, 1);
    const view = whole.subarray(16, 24);
    const m = movable(view);
    expect(m.buffer).not.toBe(whole.buffer);
    expect(m.byteLength).toBe(m.buffer.byteLength);
  });
});

describe("the shared Parquet pool", () => {
  const saved = process.env.LAKELAB_WORKERS;
  let dir: string;
  let t: arrow.Table;

  beforeAll(async () => {
    await closeParquetPool();
    process.env.LAKELAB_WORKERS = "2";
    dir = mkdtempSync(path.join(tmpdir(), "lakelab-parquet-pool-"));
    t = table(5_500);
  });
  afterAll(async () => {
    await closeParquetPool();
    if (saved === undefined) delete process.env.LAKELAB_WORKERS;
    else process.env.LAKELAB_WORKERS = saved;
    rmSync(dir, { recursive: true, force: true });
  });

  it("is one pool of LAKELAB_WORKERS workers running the built worker, started on first use", () => {
    const pool = parquetPool();
    expect(pool).toBeDefined();
    expect(pool!.size).toBe(2);
    expect(pool!.script).toBe(workerScript());
    expect(parquetPool()).toBe(pool);
  });

  it("encodes on a worker and decodes on a worker back to the same rows", async () => {
    const encoded = await encodeOnPool(encodeTask(t, 100_000));
    expect(parquetPool()!.started).toBeGreaterThanOrEqual(1);
    expect(encoded.bytes).toBeInstanceOf(Uint8Array);
    expect(Buffer.from(encoded.bytes.subarray(0, 4)).toString()).toBe("PAR1");
    const back = decoded(await decodeOnPool({ op: "decode", bytes: encoded.bytes, batchSize: 1024 }));
    expect(back.numRows).toBe(5_500);
    expect(back.schema.fields.map((f) => f.name)).toEqual(["id", "text", "score", "ok"]);
    expect(rowsOf(back)).toEqual(rowsOf(t));
  });

  it("encodes files an independent reader (DuckDB) reads with their field ids and metrics", async () => {
    const encoded = await encodeOnPool(encodeTask(t, 100_000));
    const file = path.join(dir, "pool.parquet");
    writeFileSync(file, encoded.bytes);
    const read = await duckdbRead(toFileUri(file));
    expect(read.fieldIds).toEqual({ id: 1, text: 2, score: 3, ok: 4 });
    expect(read.rows).toHaveLength(5_500);
    expect(read.rows.map((r) => [BigInt(r.id as number), r.text, r.ok])).toEqual(
      rowsOf(t).map((r) => [BigInt((r.id as string).slice(0, -1)), r.text, r.ok]),
    );
    expect(encoded.stats.get(1)).toEqual({ valueCount: 5_500, nullCount: 0, lower: 0n, upper: 5_499n });
    expect(encoded.stats.get(2)).toMatchObject({ valueCount: 5_500, nullCount: 786 });
    expect(encoded.stats.get(3)).toMatchObject({ valueCount: 5_500, nullCount: 0, nanCount: 500 });
    expect(encoded.stats.get(4)).toEqual({ valueCount: 5_500, nullCount: 1_834, lower: false, upper: true });
    expect([...encoded.columnSizes.keys()]).toEqual(["id", "text", "score", "ok"]);
    expect([...encoded.columnSizes.values()].every((s) => s > 0)).toBe(true);
  });

  it("encodes the same bytes and metrics on a worker as on the calling thread", async () => {
    for (const [start, end] of [
      [0, 5_500],
      [1_234, 4_321],
    ] as const) {
      const task = encodeTask(t, 1_000, start, end);
      const onPool = await encodeOnPool(task);
      const inline = (await runParquetTask({ ...task, data: shareTable(t) })) as EncodeResult;
      expect(onPool.bytes.byteLength).toBeGreaterThan(0);
      expect(onPool.bytes).toEqual(inline.bytes);
      expect(onPool.stats).toEqual(inline.stats);
      expect(onPool.columnSizes).toEqual(inline.columnSizes);
      expect(onPool.stats.get(1)).toMatchObject({ valueCount: end - start, lower: BigInt(start) });
      const back = decoded(await decodeOnPool({ op: "decode", bytes: onPool.bytes, batchSize: 500 }));
      expect(rowsOf(back)).toEqual(rowsOf(t.slice(start, end)));
    }
  });

  it("decodes each row group of a file on its own, together the whole file", async () => {
    const { bytes } = await encodeOnPool(encodeTask(t, 1_000));
    expect(await rowGroupCount(bytes)).toBe(6);
    const shared = inShared(bytes);
    const parts = await Promise.all(
      Array.from({ length: 6 }, (_, g) =>
        decodeOnPool({ op: "decode", bytes: shared, batchSize: 1024, rowGroups: [g] }),
      ),
    );
    const tables = parts.map(decoded);
    expect(tables.map((p) => p.numRows)).toEqual([1_000, 1_000, 1_000, 1_000, 1_000, 500]);
    // Shared bytes are read in place, not moved: the caller's copy is intact.
    expect(shared.byteLength).toBe(bytes.byteLength);
    expect(shared).toEqual(bytes);
    const whole = decoded(await decodeOnPool({ op: "decode", bytes: shared, batchSize: 1024 }));
    expect(tables.flatMap(rowsOf)).toEqual(rowsOf(whole));
    expect(rowsOf(whole)).toEqual(rowsOf(t));
    const some = decoded(
      await decodeOnPool({ op: "decode", bytes: shared, batchSize: 1024, rowGroups: [1, 5] }),
    );
    expect(rowsOf(some)).toEqual([...rowsOf(t).slice(1_000, 2_000), ...rowsOf(t).slice(5_000)]);
  });

  it("moves ordinary bytes to the worker rather than copying them", async () => {
    const { bytes } = await encodeOnPool(encodeTask(t.slice(0, 100), 1_000));
    const mine = bytes.slice();
    const back = decoded(await decodeOnPool({ op: "decode", bytes: mine, batchSize: 1024 }));
    expect(back.numRows).toBe(100);
    expect(mine.byteLength).toBe(0); // its buffer was transferred
  });

  it("leaves the caller's buffer whole when the bytes are a Buffer view into it", async () => {
    const { bytes } = await encodeOnPool(encodeTask(t.slice(0, 100), 1_000));
    const whole = Buffer.alloc(bytes.byteLength + 64);
    whole.set(bytes, 32);
    const view = whole.subarray(32, 32 + bytes.byteLength);
    const back = decoded(await decodeOnPool({ op: "decode", bytes: view, batchSize: 1024 }));
    expect(back.numRows).toBe(100);
    expect(whole.byteLength).toBe(bytes.byteLength + 64);
    expect(Buffer.compare(whole.subarray(32, 32 + bytes.byteLength), Buffer.from(bytes))).toBe(0);
  });

  it("passes a LakelabError from the worker with its code and context", async () => {
    const task = {
      ...encodeTask(t.slice(0, 10), 1_000),
      encoding: { compression: "lz4", rowGroupRows: 1_000 },
    };
    const err = await encodeOnPool(task as unknown as EncodeTask).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LakelabError);
    expect(err).toMatchObject({ code: "INVALID_PARAMETER_VALUE", context: { compression: "lz4" } });
    expect((err as Error).message).toContain("lz4");
  });

  it("rejects a decode of garbage bytes framed as Parquet, and serves the next task", async () => {
    const err = await decodeOnPool({ op: "decode", bytes: garbageParquet(), batchSize: 1024 }).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).message).toMatch(/Parquet error/);
    const { bytes } = await encodeOnPool(encodeTask(t.slice(0, 10), 1_000));
    const back = decoded(await decodeOnPool({ op: "decode", bytes, batchSize: 1024 }));
    expect(rowsOf(back)).toEqual(rowsOf(t.slice(0, 10)));
  });

  it("rejects a decode that traps in wasm (a missing row group), and serves the next task", async () => {
    const { bytes } = await encodeOnPool(encodeTask(t.slice(0, 3_000), 1_000));
    // parquet-wasm panics on a row group index past the end: a wasm trap, after which the worker exits.
    const err = await decodeOnPool({
      op: "decode",
      bytes: inShared(bytes),
      batchSize: 1024,
      rowGroups: [99],
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).message).toBe("unreachable");
    // The next task must not be handed to the worker that is about to exit.
    const next = await decodeOnPool({ op: "decode", bytes: inShared(bytes), batchSize: 1024 }).catch(
      (e: unknown) => e,
    );
    expect(next instanceof Error ? next.message : "decoded").toBe("decoded");
    expect(decoded(next as DecodeResult).numRows).toBe(3_000);
    expect(parquetPool()!.started).toBeLessThanOrEqual(2);
  });

  it("starts a new pool after closeParquetPool(); the old one refuses tasks", async () => {
    const old = parquetPool()!;
    await closeParquetPool();
    await expect(old.run({ op: "decode", bytes: garbageParquet(), batchSize: 1 })).rejects.toMatchObject({
      code: "INVALID_STATE",
    });
    const pool = parquetPool();
    expect(pool).toBeDefined();
    expect(pool).not.toBe(old);
    const { bytes } = await encodeOnPool(encodeTask(t.slice(0, 10), 1_000));
    expect(decoded(await decodeOnPool({ op: "decode", bytes, batchSize: 1024 })).numRows).toBe(10);
    expect(pool!.started).toBeGreaterThanOrEqual(1);
  });

  it("runs tasks on the calling thread, with the same results, when LAKELAB_WORKERS=0", async () => {
    const onPool = await encodeOnPool(encodeTask(t, 1_000));
    await closeParquetPool();
    process.env.LAKELAB_WORKERS = "0";
    try {
      expect(parquetPool()).toBeUndefined();
      const inline = await encodeOnPool(encodeTask(t, 1_000));
      expect(inline.bytes).toEqual(onPool.bytes);
      expect(inline.stats).toEqual(onPool.stats);
      const back = decoded(await decodeOnPool({ op: "decode", bytes: inline.bytes, batchSize: 1024 }));
      expect(rowsOf(back)).toEqual(rowsOf(t));
    } finally {
      await closeParquetPool();
      process.env.LAKELAB_WORKERS = "2";
    }
  });

  it("refuses to start with an invalid LAKELAB_WORKERS", async () => {
    await closeParquetPool();
    process.env.LAKELAB_WORKERS = "lots";
    try {
      expect(() => parquetPool()).toThrow(expect.objectContaining({ code: "CONFIG_INVALID" }));
    } finally {
      process.env.LAKELAB_WORKERS = "2";
    }
    expect(parquetPool()!.size).toBe(2);
  });
});
