import { readFileSync, rmSync, writeFileSync } from "node:fs";
import * as arrow from "apache-arrow";
import { afterEach, describe, expect, it } from "vitest";
import { LakelabError } from "../../../src/errors";
import { icebergToArrowSchema } from "../../../src/iceberg/arrow/iceberg-to-arrow-schema";
import {
  and,
  eq,
  gt,
  gte,
  isIn,
  isNull,
  lt,
  lte,
  notNull,
  or,
} from "../../../src/iceberg/expressions/expression";
import { LocalFileIO, toLocalPath } from "../../../src/iceberg/io/local-file-io";
import { TableScan } from "../../../src/iceberg/scan/table-scan";
import type { Schema } from "../../../src/iceberg/spec/schema";
import { HandBuiltTable } from "./hand-built-table";

const io = new LocalFileIO();
const built: HandBuiltTable[] = [];
afterEach(() => {
  for (const t of built.splice(0)) t.cleanup();
});

function table(schemas: Schema[], spec?: HandBuiltTable["spec"]): HandBuiltTable {
  const t = new HandBuiltTable(schemas, spec);
  built.push(t);
  return t;
}

/** An Arrow table with the schema's field ids, from columns of plain values. */
function rows(schema: Schema, columns: Record<string, unknown[]>): arrow.Table {
  const s = icebergToArrowSchema(schema);
  const n = Object.values(columns)[0]!.length;
  const children = s.fields.map(
    (f) => arrow.vectorFromArray(columns[f.name] ?? new Array(n).fill(null), f.type).data[0]!,
  );
  const struct = arrow.makeData({ type: new arrow.Struct(s.fields), length: n, nullCount: 0, children });
  return new arrow.Table(s, [new arrow.RecordBatch(s, struct)]);
}

async function codeOf(p: Promise<unknown> | (() => unknown)): Promise<string> {
  try {
    await (typeof p === "function" ? p() : p);
  } catch (err) {
    return err instanceof LakelabError ? `${err.code}: ${err.message}` : `other: ${String(err)}`;
  }
  return "no error";
}

const S0: Schema = {
  type: "struct",
  schemaId: 0,
  fields: [
    { id: 1, name: "id", required: true, type: "long" },
    { id: 2, name: "name", required: false, type: "string" },
  ],
};

const POS_SCHEMA: Schema = {
  type: "struct",
  schemaId: 0,
  fields: [
    { id: 2147483546, name: "file_path", required: true, type: "string" },
    { id: 2147483545, name: "pos", required: true, type: "long" },
  ],
};

describe("row-level deletes by sequence number", () => {
  it("position deletes apply to data seq ≤ delete seq (paths normalised), equality deletes to seq <", async () => {
    const t = table([S0]);
    const d1 = t.parquet(rows(S0, { id: [1n, 2n, 3n, 4n, 5n], name: ["n1", "n2", "n3", "n4", "n5"] }));
    const m1 = t.commit([d1]);
    const d2 = t.parquet(rows(S0, { id: [6n, 7n, 8n], name: ["n6", "n7", "n8"] }));
    // The delete file spells d1's path the way a Hadoop writer would.
    const hdfsD1 = `hdfs://namenode:8020${toLocalPath(d1.filePath)}`;
    const pos = t.parquet(rows(POS_SCHEMA, { file_path: [hdfsD1, d2.filePath], pos: [0n, 0n] }), {
      content: "position-deletes",
    });
    const eqSchema: Schema = { ...S0, fields: [S0.fields[1]!] };
    const eqd = t.parquet(rows(eqSchema, { name: ["n3", "n7"] }), {
      content: "equality-deletes",
      equalityIds: [2],
    });
    const m2 = t.commit([d2, pos, eqd]);

    const first = await new TableScan(m2, io, { snapshotId: m1.currentSnapshotId }).toRecords();
    expect(first.map((r) => r.id)).toEqual([1n, 2n, 3n, 4n, 5n]);
    const scan = new TableScan(m2, io);
    const tasks = await scan.planFiles();
    expect(tasks.map((x) => x.deletes.length)).toEqual([2, 1]); // d2 (seq 2) does not get the seq-2 equality delete
    const now = await scan.toRecords();
    expect(now.map((r) => r.id).sort()).toEqual([2n, 4n, 5n, 7n, 8n]);
  });
});

describe("filters and pruning", () => {
  const S: Schema = {
    type: "struct",
    schemaId: 0,
    fields: [
      { id: 1, name: "id", required: true, type: "long" },
      { id: 2, name: "cat", required: false, type: "string" },
      { id: 3, name: "ts", required: false, type: "timestamp" },
      { id: 4, name: "score", required: false, type: "double" },
    ],
  };
  const spec = {
    specId: 0,
    fields: [
      { sourceId: 2, fieldId: 1000, name: "cat", transform: "identity" as const },
      { sourceId: 3, fieldId: 1001, name: "ts_day", transform: "day" as const },
    ],
  };

  async function build(): Promise<{ t: HandBuiltTable; all: Record<string, unknown>[] }> {
    const t = table([S], spec);
    const files = [];
    let id = 0n;
    for (const cat of ["a", "b", null]) {
      for (const day of [0, 1, 2]) {
        const n = 4;
        const ids = Array.from({ length: n }, () => ++id);
        const ts = ids.map((_, i) => new Date(Date.UTC(2024, 0, 1 + day, i * 5)));
        const score = ids.map((x) => (x % 3n === 0n ? null : Number(x) / 2));
        const data = rows(S, { id: ids, cat: ids.map(() => cat), ts, score });
        const days = 19723 + day;
        const micros = ts.map((d) => BigInt(d.getTime()) * 1000n);
        const enc = (v: bigint) => {
          const b = new Uint8Array(8);
          new DataView(b.buffer).setBigInt64(0, v, true);
          return b;
        };
        files.push(
          t.parquet(data, {
            partition: new Map<number, unknown>([
              [1000, cat],
              [1001, days],
            ]),
            valueCounts: new Map([[1, 4n]]),
            nullValueCounts: new Map([[1, 0n]]),
            lowerBounds: new Map([
              [1, enc(ids[0]!)],
              [3, enc(micros[0]!)],
            ]),
            upperBounds: new Map([
              [1, enc(ids[n - 1]!)],
              [3, enc(micros[n - 1]!)],
            ]),
          }),
        );
      }
    }
    t.commit(files);
    const all = await new TableScan(t.metadata(), io).toRecords();
    return { t, all };
  }

  it("prunes by partition values and bounds and returns exactly the rows a brute-force filter keeps", async () => {
    const { t, all } = await build();
    expect(all).toHaveLength(36);
    const cases = [
      { f: eq("cat", "a"), keep: (r: Record<string, unknown>) => r.cat === "a", skipped: 6 },
      { f: isNull("cat"), keep: (r: Record<string, unknown>) => r.cat === null, skipped: 6 },
      {
        f: gte("ts", "2024-01-03T00:00:00"),
        keep: (r: Record<string, unknown>) => (r.ts as Date) >= new Date("2024-01-03T00:00:00Z"),
        skipped: 6,
      },
      {
        f: lt("ts", new Date("2024-01-01T07:00:00Z")),
        keep: (r: Record<string, unknown>) => (r.ts as Date) < new Date("2024-01-01T07:00:00Z"),
        skipped: 6,
      },
      {
        f: and(gt("id", 10), lte("id", 14)),
        keep: (r: Record<string, unknown>) => (r.id as bigint) > 10n && (r.id as bigint) <= 14n,
        skipped: 7,
      },
      {
        f: or(eq("cat", "b"), isIn("id", [1, 36])),
        keep: (r: Record<string, unknown>) => r.cat === "b" || r.id === 1n || r.id === 36n,
        // cat has no column metrics and id is no partition source: neither side of the or can prune
        skipped: 0,
      },
      { f: notNull("score"), keep: (r: Record<string, unknown>) => r.score !== null, skipped: 0 },
      {
        f: and(eq("cat", "a"), gt("score", 3)),
        keep: (r: Record<string, unknown>) => r.cat === "a" && (r.score as number) > 3,
        skipped: 6,
      },
    ];
    for (const c of cases) {
      const scan = new TableScan(t.metadata(), io, { filter: c.f });
      const got = await scan.toRecords();
      expect(
        got.map((r) => r.id),
        JSON.stringify(c.f),
      ).toEqual(all.filter(c.keep).map((r) => r.id));
      expect(scan.stats.dataFilesSkipped, JSON.stringify(c.f)).toBe(c.skipped);
    }
  });

  it("selects columns in the order asked, even when the filter reads others", async () => {
    const { t, all } = await build();
    const got = await new TableScan(t.metadata(), io, {
      columns: ["score", "id"],
      filter: eq("cat", "b"),
    }).toArrow();
    expect(got.schema.fields.map((f) => f.name)).toEqual(["score", "id"]);
    expect(got.schema.fields.map((f) => f.metadata.get("PARQUET:field_id"))).toEqual(["4", "1"]);
    expect(got.numRows).toBe(all.filter((r) => r.cat === "b").length);
  });

  it("unknown column in columns or filter → COLUMN_NOT_FOUND listing the columns", async () => {
    const { t } = await build();
    expect(await codeOf(() => new TableScan(t.metadata(), io, { columns: ["nope"] }))).toMatch(
      /^COLUMN_NOT_FOUND: column 'nope' .* id, cat, ts, score/,
    );
    expect(await codeOf(() => new TableScan(t.metadata(), io, { filter: eq("nope", 1) }))).toMatch(
      /^COLUMN_NOT_FOUND/,
    );
    expect(await codeOf(() => new TableScan(t.metadata(), io, { filter: eq("id", "x") }))).toMatch(
      /^INVALID_ARGUMENT: value "x" for column 'id'/,
    );
  });
});

describe("nested fields", () => {
  it("a row filter on a nested field → NOT_SUPPORTED rather than wrong rows", () => {
    const nested: Schema = {
      type: "struct",
      schemaId: 0,
      fields: [
        { id: 1, name: "id", required: true, type: "long" },
        {
          id: 2,
          name: "s",
          required: false,
          type: { type: "struct", fields: [{ id: 3, name: "x", required: false, type: "int" }] },
        },
      ],
    };
    const m = table([nested]).metadata();
    expect(() => new TableScan(m, io, { filter: eq("s.x", 1) })).toThrow(
      /row filters on nested fields are not supported/,
    );
    expect(() => new TableScan(m, io, { filter: eq("s", 1) })).toThrow(/filters apply to primitive columns/);
  });
});

describe("schema evolution and file column mapping", () => {
  const v0: Schema = {
    type: "struct",
    schemaId: 0,
    fields: [
      { id: 1, name: "id", required: true, type: "int" },
      { id: 2, name: "name", required: false, type: "string" },
    ],
  };
  // id promoted int → long, name renamed, a column added.
  const v1: Schema = {
    type: "struct",
    schemaId: 1,
    fields: [
      { id: 1, name: "id", required: true, type: "long" },
      { id: 2, name: "label", required: false, type: "string" },
      { id: 3, name: "score", required: false, type: "double" },
    ],
  };

  it("reads by field id: renamed columns keep values, added columns are null, promoted types cast", async () => {
    const t = table([v0, v1]);
    const m1 = t.commit([t.parquet(rows(v0, { id: [1, 2], name: ["x", null] }))], { schemaId: 0 });
    const m2 = t.commit([t.parquet(rows(v1, { id: [3n], label: ["z"], score: [0.5] }))]);
    const now = await new TableScan(m2, io).toArrow();
    expect(now.schema.fields.map((f) => [f.name, String(f.type)])).toEqual([
      ["id", "Int64"],
      ["label", "Utf8"],
      ["score", "Float64"],
    ]);
    expect(now.toArray().map((r) => r.toJSON())).toEqual([
      { id: 1n, label: "x", score: null },
      { id: 2n, label: null, score: null },
      { id: 3n, label: "z", score: 0.5 },
    ]);
    // Time travel by id reads with the snapshot's schema.
    const old = await new TableScan(m2, io, { snapshotId: m1.currentSnapshotId }).toArrow();
    expect(old.schema.fields.map((f) => f.name)).toEqual(["id", "name"]);
    expect(old.toArray().map((r) => r.toJSON())).toEqual([
      { id: 1, name: "x" },
      { id: 2, name: null },
    ]);
  });

  it("files without field ids are read by name mapping, else by column name", async () => {
    const t = table([v0]);
    const noIds = arrow.tableFromArrays({ id: Int32Array.from([7, 8]), other: ["p", "q"] });
    const f = t.parquet(noIds);
    const m = t.commit([f]);
    expect(await new TableScan(m, io).toRecords()).toEqual([
      { id: 7, name: null },
      { id: 8, name: null },
    ]);
    const mapped = {
      ...m,
      properties: {
        "schema.name-mapping.default":
          '[{"field-id":1,"names":["id"]},{"field-id":2,"names":["name","other"]}]',
      },
    };
    expect(await new TableScan(mapped, io).toRecords()).toEqual([
      { id: 7, name: "p" },
      { id: 8, name: "q" },
    ]);
  });
});

describe("snapshot selection", () => {
  async function twoSnapshots() {
    const t = table([S0]);
    t.commit([t.parquet(rows(S0, { id: [1n], name: ["a"] }))], { timestampMs: 1_700_000_001_000 });
    const m = t.commit([t.parquet(rows(S0, { id: [2n], name: ["b"] }))], { timestampMs: 1_700_000_002_000 });
    const [s1, s2] = m.snapshots;
    return {
      m: { ...m, refs: { ...m.refs, v1: { snapshotId: s1!.snapshotId, type: "tag" as const } } },
      s1: s1!,
      s2: s2!,
    };
  }

  it("by id (bigint or decimal string), time and ref", async () => {
    const { m, s1, s2 } = await twoSnapshots();
    const ids = async (o: object) => (await new TableScan(m, io, o).toRecords()).map((r) => r.id);
    expect(await ids({ snapshotId: s1.snapshotId.toString() })).toEqual([1n]);
    expect(await ids({ snapshotId: s2.snapshotId })).toEqual([1n, 2n]);
    expect(await ids({ asOfTimestamp: 1_700_000_001_500 })).toEqual([1n]);
    expect(await ids({ asOfTimestamp: new Date(1_700_000_002_000) })).toEqual([1n, 2n]);
    expect(await ids({ ref: "v1" })).toEqual([1n]);
    expect(await ids({ ref: "main" })).toEqual([1n, 2n]);
    expect(await ids({})).toEqual([1n, 2n]);
  });

  it("typed errors name the table and the valid choices", async () => {
    const { m, s1, s2 } = await twoSnapshots();
    const msg = await codeOf(
      () => new TableScan(m, io, { snapshotId: s1.snapshotId + 1n, tableName: "default.t" }),
    );
    expect(msg).toMatch(
      /^SNAPSHOT_NOT_FOUND: snapshot \d+ is not in default.t; nearest valid snapshot ids: /,
    );
    expect(msg).toContain(`${s1.snapshotId}, ${s2.snapshotId}`);
    expect(
      await codeOf(() => new TableScan(m, io, { asOfTimestamp: 1_600_000_000_000, tableName: "default.t" })),
    ).toBe(
      "SNAPSHOT_NOT_FOUND: 2020-09-13T12:26:40.000Z is before the first commit of default.t (2023-11-14T22:13:21.000Z)",
    );
    expect(await codeOf(() => new TableScan(m, io, { ref: "nope", tableName: "default.t" }))).toBe(
      "REF_NOT_FOUND: ref 'nope' is not in default.t; its refs are main, v1",
    );
  });

  it("a table without snapshots scans to an empty table with its schema", async () => {
    const t = table([S0]);
    const empty = await new TableScan(t.metadata(), io).toArrow();
    expect(empty.numRows).toBe(0);
    expect(empty.schema.fields.map((f) => f.name)).toEqual(["id", "name"]);
  });
});

describe("missing, corrupt and unsupported files", () => {
  it("a missing data file → FILE_NOT_FOUND naming it; a corrupt one → FILE_CORRUPT", async () => {
    const t = table([S0]);
    const f = t.parquet(rows(S0, { id: [1n], name: ["a"] }));
    const m = t.commit([f]);
    writeFileSync(toLocalPath(f.filePath), "PAR1 not really");
    expect(await codeOf(new TableScan(m, io).toArrow())).toContain(
      `FILE_CORRUPT: ${f.filePath} is not a readable Parquet file`,
    );
    rmSync(toLocalPath(f.filePath));
    expect(await codeOf(new TableScan(m, io).toArrow())).toContain(
      `FILE_NOT_FOUND: file not found: ${f.filePath}`,
    );
  });

  it("a truncated manifest → FILE_CORRUPT naming it; a missing manifest list → FILE_NOT_FOUND", async () => {
    const t = table([S0]);
    const m = t.commit([t.parquet(rows(S0, { id: [1n], name: ["a"] }))]);
    const manifest = toLocalPath(m.snapshots[0]!.manifestList).replace(/snap-\d+\.avro$/, "m1-data.avro");
    const bytes = readFileSync(manifest);
    writeFileSync(manifest, bytes.subarray(0, bytes.length - 30));
    expect(await codeOf(new TableScan(m, io).toArrow())).toMatch(/^FILE_CORRUPT: .*m1-data\.avro/);
    rmSync(toLocalPath(m.snapshots[0]!.manifestList));
    expect(await codeOf(new TableScan(m, io).toArrow())).toMatch(/^FILE_NOT_FOUND: .*snap-\d+\.avro/);
  });

  it("deletion vectors (Puffin delete files) and the variant type → UNSUPPORTED_FEATURE naming them", async () => {
    const t = table([S0]);
    const d = t.parquet(rows(S0, { id: [1n], name: ["a"] }));
    const dv = {
      ...t.parquet(rows(S0, { id: [1n], name: ["a"] })),
      content: "position-deletes" as const,
      fileFormat: "PUFFIN" as const,
    };
    const m = t.commit([d, dv]);
    expect(await codeOf(new TableScan(m, io).toArrow())).toMatch(/^UNSUPPORTED_FEATURE: .*deletion vectors/);
    const withVariant: Schema = {
      ...S0,
      fields: [...S0.fields, { id: 3, name: "v", required: false, type: "variant" }],
    };
    expect(await codeOf(() => new TableScan({ ...m, schemas: [withVariant] }, io))).toMatch(
      /^UNSUPPORTED_FEATURE: column 'v' .*'variant'/,
    );
  });
});
