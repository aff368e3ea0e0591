import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import * as path from "node:path";
import * as arrow from "apache-arrow";
import * as parquet from "parquet-wasm/node";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { isLakelabError } from "../../../src/errors";
import { conformToSchema } from "../../../src/iceberg/arrow";
import { type FileIO, LocalFileIO, toFileUri, toLocalPath } from "../../../src/iceberg/io";
import { closeParquetPool, parquetPool } from "../../../src/iceberg/parallel";
import { readDataFile } from "../../../src/iceberg/scan/read-data-file";
import type { PartitionSpec, Schema } from "../../../src/iceberg/spec";
import { ParquetWriter } from "../../../src/iceberg/writer/parquet-writer";
import { writeDataFiles, writerOptionsFor } from "../../../src/iceberg/writer/write-data-files";
import { tempCatalog } from "../table/fixture";

const schema: Schema = {
  type: "struct",
  schemaId: 0,
  fields: [
    { id: 1, name: "id", required: true, type: "long" },
    { id: 2, name: "text", required: false, type: "string" },
  ],
};

function table(n: number): arrow.Table {
  const ids = new BigInt64Array(n).map((_, i) => BigInt(i));
  const texts = Array.from({ length: n }, (_, i) => (i % 5 === 0 ? null : `row ${i}`));
  const t = new arrow.Table({
    id: arrow.makeVector(ids),
    text: arrow.vectorFromArray(texts, new arrow.Utf8()),
  });
  return conformToSchema(t, schema, "t");
}

/** Local files, except that the `failAt`-th write (1-based) fails after the others started. */
class FailingIO extends LocalFileIO {
  writes = 0;
  constructor(private readonly failAt: number) {
    super();
  }
  override async write(location: string, data: Uint8Array): Promise<void> {
    if (++this.writes === this.failAt) throw new Error("disk full (test)");
    return super.write(location, data);
  }
}

describe("a large write on two worker threads", () => {
  let dir: string;
  const saved = process.env.LAKELAB_WORKERS;
  beforeAll(async () => {
    process.env.LAKELAB_WORKERS = "2";
    await closeParquetPool();
  });
  afterAll(async () => {
    if (saved === undefined) delete process.env.LAKELAB_WORKERS;
    else process.env.LAKELAB_WORKERS = saved;
    await closeParquetPool();
  });
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), "lakelab-parallel-write-"));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("is one file per worker, each with its own rows and bounds, every row once and in order", async () => {
    expect(parquetPool()?.size).toBe(2);
    const data = table(300_000);
    const writer = new ParquetWriter(new LocalFileIO(), `${toFileUri(dir)}/data`, schema);
    const files = await writer.write(data, new Map());
    expect(files.map((f) => f.recordCount)).toEqual([150_000, 150_000]);
    expect(files.map((f) => [f.stats.get(1)?.lower, f.stats.get(1)?.upper])).toEqual([
      [0n, 149_999n],
      [150_000n, 299_999n],
    ]);
    expect(files.map((f) => f.stats.get(2)?.nullCount)).toEqual([30_000, 30_000]);
    const ids: bigint[] = [];
    const texts: (string | null)[] = [];
    for (const f of files) {
      const t = await readDataFile(new LocalFileIO(), f.location, schema.fields);
      for (const id of t.getChild("id")!.toArray() as BigInt64Array) ids.push(id);
      for (const text of t.getChild("text")!) texts.push(text);
    }
    const expectedTexts: (string | null)[] = [];
    for (const text of data.getChild("text")!) expectedTexts.push(text);
    expect(new BigInt64Array(ids)).toEqual(data.getChild("id")!.toArray());
    expect(texts).toEqual(expectedTexts);
  });

  it("makes a spread write's files at most one row group each", async () => {
    const writer = new ParquetWriter(new LocalFileIO(), `${toFileUri(dir)}/data`, schema, {
      rowGroupRows: 100_000,
    });
    const files = await writer.write(table(300_000), new Map());
    expect(files.map((f) => f.recordCount)).toEqual([100_000, 100_000, 100_000]);
    expect(files.map((f) => f.stats.get(1)?.upper)).toEqual([99_999n, 199_999n, 299_999n]);
  });

  it("keeps a small write in one file, as without workers", async () => {
    const writer = new ParquetWriter(new LocalFileIO(), `${toFileUri(dir)}/data`, schema);
    const files = await writer.write(table(200_000), new Map());
    expect(files.map((f) => f.recordCount)).toEqual([200_000]);
  });

  it("deletes the files it stored when another file of the write fails, and throws that failure", async () => {
    const io = new FailingIO(2);
    const writer = new ParquetWriter(io, `${toFileUri(dir)}/data`, schema);
    await expect(writer.write(table(300_000), new Map())).rejects.toThrow("disk full (test)");
    expect(io.writes).toBe(2);
    expect(readdirSync(path.join(dir, "data"), { recursive: true })).toEqual([]);
  });
});

describe("writeDataFiles over several partitions", () => {
  it("deletes every partition's stored files when one partition's file fails, and throws that failure", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "lakelab-parallel-write-"));
    try {
      const io = new FailingIO(3);
      const spec: PartitionSpec = {
        specId: 0,
        fields: [{ sourceId: 1, fieldId: 1000, name: "id_bucket", transform: "bucket[4]" }],
      };
      const err = await writeDataFiles(io, toFileUri(dir), schema, spec, table(400)).catch((e: unknown) => e);
      expect(String((err as Error).message)).toBe("disk full (test)");
      expect(io.writes).toBeGreaterThanOrEqual(3);
      const left = readdirSync(path.join(dir, "data"), { recursive: true, withFileTypes: true });
      expect(left.filter((e) => e.isFile()).map((e) => e.name)).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("writer options from table properties", () => {
  it("takes codec, target size and row-group limit from the properties; the call's options win", () => {
    const properties = {
      "write.parquet.compression-codec": "SNAPPY",
      "write.target-file-size-bytes": "1048576",
      "write.parquet.row-group-limit": "5000",
    };
    expect(writerOptionsFor(properties)).toEqual({
      compression: "snappy",
      targetFileSizeBytes: 1_048_576,
      rowGroupRows: 5000,
    });
    expect(writerOptionsFor(properties, { compression: "gzip", rowGroupRows: undefined })).toEqual({
      compression: "gzip",
      targetFileSizeBytes: 1_048_576,
      rowGroupRows: 5000,
    });
  });

  it("leaves the defaults for codecs lakelab cannot write and for sizes that are not positive integers", () => {
    const properties = {
      "write.parquet.compression-codec": "lz4",
      "write.target-file-size-bytes": "-1",
      "write.parquet.row-group-limit": "many",
    };
    expect(writerOptionsFor(properties)).toEqual({});
  });

  it("an append to a table whose properties ask for snappy and 1,000-row groups writes exactly that", async () => {
    const { catalog, close } = await tempCatalog();
    try {
      const props = { "write.parquet.compression-codec": "snappy", "write.parquet.row-group-limit": "1000" };
      const rows = new arrow.Table({
        id: arrow.makeVector(new BigInt64Array(2500).map((_, i) => BigInt(i))),
      });
      await catalog.writeTo("default.t", { properties: props }).createOrReplace(rows);
      const snap = await catalog.writeTo("default.t").append(rows);
      const t = await catalog.loadTable("default.t");
      const paths = (await t.files(snap.snapshotId)).getChild("file_path")!.toArray() as string[];
      expect(paths).toHaveLength(2);
      for (const p of paths) {
        const file = await parquet.ParquetFile.fromFile(new Blob([await readFile(toLocalPath(p))]));
        try {
          const groups = file.metadata().rowGroups();
          expect(groups.map((g) => g.numRows())).toEqual([1000, 1000, 500]);
          for (const g of groups)
            for (const c of g.columns()) expect(c.compression()).toBe(parquet.Compression.SNAPPY);
        } finally {
          file.free();
        }
      }
    } finally {
      close();
    }
  });
});

describe("a write with a bad codec", () => {
  it("fails with INVALID_PARAMETER_VALUE before any file is stored", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "lakelab-parallel-write-"));
    try {
      const io: FileIO = new LocalFileIO();
      const writer = new ParquetWriter(io, `${toFileUri(dir)}/data`, schema, { compression: "lz4" as never });
      const err = await writer.write(table(10), new Map()).catch((e: unknown) => e);
      expect(isLakelabError(err, "INVALID_PARAMETER_VALUE")).toBe(true);
      expect(String((err as Error).message)).toContain("'lz4'");
      expect(readdirSync(dir)).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
