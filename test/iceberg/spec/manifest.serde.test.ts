import { readFileSync } from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { parseJson } from "../../../src/iceberg/spec/json";
import type { DataFile, ManifestEntry, ManifestFile } from "../../../src/iceberg/spec/manifest";
import { readManifest, writeManifest } from "../../../src/iceberg/spec/manifest.serde";
import {
  readManifestList,
  summarizePartitions,
  writeManifestList,
} from "../../../src/iceberg/spec/manifest-list.serde";
import type { PartitionSpec } from "../../../src/iceberg/spec/partition-spec";
import type { Schema } from "../../../src/iceberg/spec/schema";
import { fromSingleValue, toSingleValue } from "../../../src/iceberg/spec/single-value.serde";
import { parseTableMetadata } from "../../../src/iceberg/spec/table-metadata.serde";
import { partitionPath } from "../../../src/iceberg/transforms/partition-path";
import { avscDecode } from "../avro/avsc-reference";
import { FIXTURE_TABLES, FIXTURES } from "./fixtures";

interface Expected {
  metadata_file: string;
  snapshots: {
    snapshot_id: bigint | number;
    data_files: { path: string; seq: number; file_rows: number }[];
    delete_files: { path: string; seq: number }[];
  }[];
}

/** A location inside a fixture table, whatever absolute or relative prefix the writer used. */
function local(table: string, location: string): string {
  const i = location.indexOf("/metadata/");
  return path.join(FIXTURES, table, location.slice(i + 1));
}

function suffix(location: string): string {
  return location.slice(location.indexOf("/data/") + 1);
}

describe("manifest lists and manifests of every fixture snapshot", () => {
  for (const table of FIXTURE_TABLES) {
    it(`${table}: live files and their sequence numbers match _expected`, () => {
      const exp = parseJson(
        readFileSync(path.join(FIXTURES, "_expected", `${table}.json`), "utf8"),
      ) as unknown as Expected;
      const m = parseTableMetadata(
        readFileSync(path.join(FIXTURES, table, "metadata", exp.metadata_file), "utf8"),
      );
      for (const snap of exp.snapshots) {
        const s = m.snapshots.find((x) => x.snapshotId === BigInt(snap.snapshot_id))!;
        const listFile = local(table, s.manifestList);
        const { manifests } = readManifestList(new Uint8Array(readFileSync(listFile)), listFile, {
          snapshotId: s.snapshotId,
        });
        const data: { path: string; seq: number; rows: number }[] = [];
        const deletes: { path: string; seq: number }[] = [];
        for (const mf of manifests) {
          const file = local(table, mf.manifestPath);
          const { entries } = readManifest(new Uint8Array(readFileSync(file)), file, mf);
          for (const e of entries) {
            if (e.status === "deleted") continue;
            expect(e.snapshotId).toBeTypeOf("bigint");
            const item = { path: suffix(e.dataFile.filePath), seq: Number(e.sequenceNumber) };
            if (e.dataFile.content === "data") data.push({ ...item, rows: Number(e.dataFile.recordCount) });
            else deletes.push(item);
          }
        }
        const byPath = (a: { path: string }, b: { path: string }) => a.path.localeCompare(b.path);
        expect(data.sort(byPath)).toEqual(
          snap.data_files.map((f) => ({ path: f.path, seq: f.seq, rows: f.file_rows })).sort(byPath),
        );
        expect(deletes.sort(byPath)).toEqual(
          snap.delete_files.map((f) => ({ path: f.path, seq: f.seq })).sort(byPath),
        );
      }
    });
  }

  it("Java's day partition values and bounds decode to what the data folders say", () => {
    const table = "spark_v1_day_partitioned";
    const m = parseTableMetadata(
      readFileSync(path.join(FIXTURES, table, "metadata/v2.metadata.json"), "utf8"),
    );
    const list = local(table, m.snapshots[0]!.manifestList);
    const { manifests, header } = readManifestList(new Uint8Array(readFileSync(list)), list);
    expect(header.snapshotId).toBe(7051579356916758811n);
    expect(header.parentSnapshotId).toBeUndefined();
    expect(
      manifests[0]!.partitions?.map((p) => [
        fromSingleValue("date", p.lowerBound!),
        fromSingleValue("date", p.upperBound!),
      ]),
    ).toEqual([[19417, 19418]]);
    const mf = local(table, manifests[0]!.manifestPath);
    const { entries, header: mh } = readManifest(new Uint8Array(readFileSync(mf)), mf, manifests[0]);
    expect(mh.partitionSpecId).toBe(0);
    for (const e of entries) {
      const folder = path.basename(path.dirname(e.dataFile.filePath));
      expect(partitionPath(m.partitionSpecs[0]!, m.schemas[0]!, e.dataFile.partition)).toBe(folder);
      expect(e.sequenceNumber).toBe(0n); // v1: no sequence numbers
      const lower = fromSingleValue("timestamp", e.dataFile.lowerBounds!.get(3)!) as bigint;
      const day = Number(lower / 86_400_000_000n);
      expect(e.dataFile.partition.get(1000)).toBe(day);
    }
  });
});

const schema: Schema = {
  type: "struct",
  schemaId: 3,
  fields: [
    { id: 1, name: "id", required: true, type: "long" },
    { id: 2, name: "ts", required: false, type: "timestamptz" },
    { id: 3, name: "price", required: false, type: "decimal(15, 2)" },
    { id: 4, name: "name", required: false, type: "string" },
  ],
};
const spec: PartitionSpec = {
  specId: 1,
  fields: [
    { sourceId: 2, fieldId: 1000, name: "ts_day", transform: "day" },
    { sourceId: 3, fieldId: 1001, name: "price_trunc", transform: "truncate[100]" },
    { sourceId: 4, fieldId: 1002, name: "name_bucket", transform: "bucket[8]" },
  ],
};
const partitionTypes = ["date", "decimal(15, 2)", "int"] as const;

function dataFile(i: number): DataFile {
  return {
    content: i === 2 ? "equality-deletes" : "data",
    filePath: `file:///w/t/data/ts_day=2024-01-0${i}/f${i}.parquet`,
    fileFormat: "PARQUET",
    partition: new Map<number, unknown>([
      [1000, i === 3 ? null : 19723 + i],
      [1001, BigInt(-500 + i * 1000)],
      [1002, i],
    ]),
    recordCount: BigInt(100 * i),
    fileSizeInBytes: 5173553188971266738n,
    columnSizes: new Map([[1, 10n]]),
    valueCounts: new Map([
      [1, 100n],
      [4, 100n],
    ]),
    nullValueCounts: new Map([[4, 3n]]),
    nanValueCounts: new Map(),
    lowerBounds: new Map([
      [1, toSingleValue("long", -5n)],
      [4, toSingleValue("string", "a")],
    ]),
    upperBounds: new Map([[1, toSingleValue("long", 9007199254740993n)]]),
    splitOffsets: [4n],
    ...(i === 2 ? { equalityIds: [1, 4] } : {}),
    sortOrderId: 0,
  };
}

describe("writeManifest / writeManifestList", () => {
  const entries: ManifestEntry[] = [1, 2, 3].map((i) => ({
    status: i === 1 ? "existing" : "added",
    snapshotId: i === 1 ? 11n : 5173553188971266738n,
    ...(i === 1 ? { sequenceNumber: 4n, fileSequenceNumber: 4n } : {}),
    dataFile: dataFile(i),
  }));

  it("round-trips entries with inheritance, and avsc reads the same values and field ids", async () => {
    const bytes = writeManifest({ formatVersion: 2, schema, spec, partitionTypes, content: "data", entries });
    const list: ManifestFile = {
      manifestPath: "m.avro",
      manifestLength: BigInt(bytes.length),
      partitionSpecId: 1,
      content: "data",
      sequenceNumber: 7n,
      minSequenceNumber: 4n,
      addedSnapshotId: 5173553188971266738n,
      addedFilesCount: 2,
      existingFilesCount: 1,
      deletedFilesCount: 0,
      addedRowsCount: 500n,
      existingRowsCount: 100n,
      deletedRowsCount: 0n,
    };
    const { entries: back, header } = readManifest(bytes, "m.avro", list);
    expect(header).toMatchObject({ formatVersion: 2, partitionSpecId: 1, content: "data" });
    expect(back.map((e) => e.dataFile)).toEqual(entries.map((e) => e.dataFile));
    expect(back.map((e) => e.sequenceNumber)).toEqual([4n, 7n, 7n]);
    expect(back.map((e) => e.fileSequenceNumber)).toEqual([4n, 7n, 7n]);
    expect(back[1]!.snapshotId).toBe(5173553188971266738n);

    const ref = await avscDecode(bytes);
    expect(ref.header["partition-spec"]).toBe(
      '[{"name":"ts_day","transform":"day","source-id":2,"field-id":1000},{"name":"price_trunc","transform":"truncate[100]","source-id":3,"field-id":1001},{"name":"name_bucket","transform":"bucket[8]","source-id":4,"field-id":1002}]',
    );
    expect(ref.header["schema-id"]).toBe("3");
    expect(ref.header["format-version"]).toBe("2");
    expect(ref.header.content).toBe("data");
    expect(JSON.parse(ref.header.schema!).fields.map((f: { id: number }) => f.id)).toEqual([1, 2, 3, 4]);
    const r = ref.records[1] as { status: number; sequence_number: null; data_file: Record<string, unknown> };
    expect(r.status).toBe(1);
    expect(r.sequence_number).toBeNull();
    expect(r.data_file.content).toBe(2);
    expect(r.data_file.partition).toEqual({
      ts_day: 19725,
      price_trunc: new Uint8Array([0, 0, 0, 0, 0, 0x05, 0xdc]),
      name_bucket: 2,
    });
    expect(r.data_file.file_size_in_bytes).toBe(5173553188971266738n);
    expect(r.data_file.equality_ids).toEqual([1, 4]);
    expect(r.data_file.lower_bounds).toEqual([
      { key: 1, value: toSingleValue("long", -5n) },
      { key: 4, value: new TextEncoder().encode("a") },
    ]);
  });

  it("writes the same field ids and names (per the spec) as the Java and pyiceberg schemas in fixtures", async () => {
    const bytes = writeManifest({
      formatVersion: 2,
      schema,
      spec,
      partitionTypes,
      content: "deletes",
      entries,
    });
    const ours = JSON.parse((await avscDecode(bytes)).header["avro.schema"]!);
    const java = JSON.parse(
      readFileSync(path.join(FIXTURES, "avro-schemas/java-v2-delete-manifest.json"), "utf8"),
    ).avro_schema;
    const ids = (s: { fields: { name: string; "field-id": number; type: unknown }[] }): string[] =>
      s.fields.flatMap((f) => {
        const t = Array.isArray(f.type) ? f.type[1] : f.type;
        const inner =
          t && typeof t === "object" && (t as { type: string }).type === "record" && f.name !== "partition"
            ? ids(t as never)
            : [];
        return [`${f["field-id"]}:${f.name}`, ...inner];
      });
    // Java 1.8 adds referenced_data_file (143), a v3 field; everything else matches exactly.
    expect(ids(ours)).toEqual(ids(java).filter((x) => x !== "143:referenced_data_file"));
    const partition = ours.fields[4].type.fields[3].type;
    expect(partition.fields.map((f: { "field-id": number }) => f["field-id"])).toEqual([1000, 1001, 1002]);
    expect(partition.fields[0].type[1]).toEqual({ type: "int", logicalType: "date" });
  });

  it("manifest list: round trip, header keys, summaries and the spec's names for field ids", async () => {
    const files = [1, 2, 3].map(dataFile);
    const partitions = summarizePartitions(spec, partitionTypes, files);
    expect(partitions[0]).toEqual({
      containsNull: true,
      lowerBound: toSingleValue("date", 19724),
      upperBound: toSingleValue("date", 19725),
    });
    const mf: ManifestFile = {
      manifestPath: "file:///w/t/metadata/a-m0.avro",
      manifestLength: 1234n,
      partitionSpecId: 1,
      content: "deletes",
      sequenceNumber: 9n,
      minSequenceNumber: 2n,
      addedSnapshotId: 5173553188971266738n,
      addedFilesCount: 3,
      existingFilesCount: 0,
      deletedFilesCount: 0,
      addedRowsCount: 600n,
      existingRowsCount: 0n,
      deletedRowsCount: 0n,
      partitions,
    };
    const bytes = writeManifestList({
      formatVersion: 2,
      snapshotId: 5173553188971266738n,
      sequenceNumber: 9n,
      manifests: [mf],
    });
    const back = readManifestList(bytes, "list.avro");
    expect(back.manifests).toEqual([mf]);
    expect(back.header).toEqual({ snapshotId: 5173553188971266738n, sequenceNumber: 9n, formatVersion: 2 });
    const ref = await avscDecode(bytes);
    expect(ref.header["parent-snapshot-id"]).toBe("null");
    const ours = JSON.parse(ref.header["avro.schema"]!);
    const py = JSON.parse(
      readFileSync(path.join(FIXTURES, "avro-schemas/pyiceberg-v2-manifest-list.json"), "utf8"),
    ).avro_schema;
    const names = (s: { fields: { name: string; "field-id": number }[] }) =>
      Object.fromEntries(s.fields.map((f) => [f["field-id"], f.name]));
    expect(names(ours)).toEqual(names(py));
    expect((ref.records[0] as { added_snapshot_id: bigint }).added_snapshot_id).toBe(5173553188971266738n);
  });

  it("two partition fields of one named Avro type (decimal fixed) define it once; avsc accepts the schema", async () => {
    const twoDecimals: PartitionSpec = {
      specId: 2,
      fields: [
        { sourceId: 3, fieldId: 1000, name: "p1", transform: "identity" },
        { sourceId: 3, fieldId: 1001, name: "p2", transform: "truncate[10]" },
      ],
    };
    const e: ManifestEntry = {
      status: "added",
      snapshotId: 1n,
      dataFile: {
        ...dataFile(1),
        partition: new Map<number, unknown>([
          [1000, -12345n],
          [1001, null],
        ]),
      },
    };
    const types = ["decimal(15, 2)", "decimal(15, 2)"] as const;
    const bytes = writeManifest({
      formatVersion: 2,
      schema,
      spec: twoDecimals,
      partitionTypes: types,
      content: "data",
      entries: [e],
    });
    expect((await avscDecode(bytes)).records).toHaveLength(1);
    expect(readManifest(bytes, "m.avro").entries[0]!.dataFile.partition).toEqual(
      new Map<number, unknown>([
        [1000, -12345n],
        [1001, null],
      ]),
    );
  });

  it("v1 manifests carry block_size_in_bytes and read back with sequence number 0", () => {
    const bytes = writeManifest({
      formatVersion: 1,
      schema,
      spec,
      partitionTypes,
      content: "data",
      entries: entries.slice(0, 1).map((e) => ({ ...e, dataFile: { ...e.dataFile, content: "data" } })),
    });
    const { entries: back } = readManifest(bytes, "v1.avro");
    expect(back[0]!.sequenceNumber).toBe(0n);
    expect(back[0]!.dataFile.filePath).toBe(entries[0]!.dataFile.filePath);
    const list = writeManifestList({
      formatVersion: 1,
      snapshotId: 5n,
      parentSnapshotId: 4n,
      sequenceNumber: 0n,
      manifests: [],
    });
    expect(readManifestList(list, "l.avro").header).toEqual({
      snapshotId: 5n,
      parentSnapshotId: 4n,
      formatVersion: 1,
    });
  });
});
