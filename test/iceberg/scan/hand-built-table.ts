/**
 * Builds small v2 tables file by file (Parquet via the writer's encoder, manifests and lists via
 * lakelab's Avro serde) so a test controls exactly what a scan must do: sequence numbers,
 * delete files, partitions, schema versions. Real files on disk, read back by the real scan.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import * as arrow from "apache-arrow";
import { toFileUri } from "../../../src/iceberg/io/local-file-io";
import type { DataFile, ManifestEntry, ManifestFile } from "../../../src/iceberg/spec/manifest";
import { writeManifest } from "../../../src/iceberg/spec/manifest.serde";
import { writeManifestList } from "../../../src/iceberg/spec/manifest-list.serde";
import type { PartitionSpec } from "../../../src/iceberg/spec/partition-spec";
import type { PrimitiveType, Schema } from "../../../src/iceberg/spec/schema";
import type { Snapshot } from "../../../src/iceberg/spec/snapshot";
import type { TableMetadata } from "../../../src/iceberg/spec/table-metadata";
import { bindTransform } from "../../../src/iceberg/transforms/transform";
import { encodeParquet } from "../../../src/iceberg/writer/parquet-file";

export const UNPARTITIONED: PartitionSpec = { specId: 0, fields: [] };

export class HandBuiltTable {
  readonly dir = mkdtempSync(path.join(tmpdir(), "lakelab-scan-"));
  private snapshots: Snapshot[] = [];
  private live: { entry: ManifestEntry; specId: number }[] = [];
  private n = 0;

  constructor(
    public schemas: Schema[],
    readonly spec: PartitionSpec = UNPARTITIONED,
  ) {}

  cleanup(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }

  /** Writes a Parquet file under data/ and describes it as a DataFile. */
  parquet(rows: arrow.Table, o: Partial<DataFile> = {}): DataFile {
    const file = path.join(this.dir, "data", `f${this.n++}.parquet`);
    const bytes = encodeParquet(arrow.tableToIPC(rows, "stream"), {
      compression: "snappy",
      rowGroupRows: 1 << 20,
    });
    require("node:fs").mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, bytes);
    return {
      content: "data",
      filePath: toFileUri(file),
      fileFormat: "PARQUET",
      partition: new Map(),
      recordCount: BigInt(rows.numRows),
      fileSizeInBytes: BigInt(bytes.length),
      ...o,
    };
  }

  private partitionTypes(): PrimitiveType[] {
    const schema = this.schemas[this.schemas.length - 1]!;
    return this.spec.fields.map(
      (pf) => bindTransform(pf.transform, schema.fields.find((f) => f.id === pf.sourceId)!.type).resultType,
    );
  }

  /** Commits files as a new snapshot (one data and one delete manifest); returns its metadata. */
  commit(
    files: DataFile[],
    o: { schemaId?: number; timestampMs?: number; remove?: string[] } = {},
  ): TableMetadata {
    const seq = BigInt(this.snapshots.length + 1);
    const id = 1000000000000000000n + seq * 7919n;
    this.live = this.live.filter((x) => !(o.remove ?? []).includes(x.entry.dataFile.filePath));
    this.live = this.live.map((x) => ({ ...x, entry: { ...x.entry, status: "existing" } }));
    for (const f of files)
      this.live.push({ entry: { status: "added", snapshotId: id, dataFile: f }, specId: this.spec.specId });
    const manifests: ManifestFile[] = [];
    for (const content of ["data", "deletes"] as const) {
      const entries = this.live
        .filter((x) => (x.entry.dataFile.content === "data") === (content === "data"))
        .map((x) => x.entry);
      if (entries.length === 0) continue;
      const loc = path.join(this.dir, "metadata", `m${seq}-${content}.avro`);
      const bytes = writeManifest({
        formatVersion: 2,
        schema: this.schemas[this.schemas.length - 1]!,
        spec: this.spec,
        partitionTypes: this.partitionTypes(),
        content,
        entries,
      });
      require("node:fs").mkdirSync(path.dirname(loc), { recursive: true });
      writeFileSync(loc, bytes);
      manifests.push({
        manifestPath: toFileUri(loc),
        manifestLength: BigInt(bytes.length),
        partitionSpecId: this.spec.specId,
        content,
        sequenceNumber: seq,
        minSequenceNumber: 1n,
        addedSnapshotId: id,
        addedFilesCount: files.length,
        existingFilesCount: entries.length - files.length,
        deletedFilesCount: 0,
        addedRowsCount: 0n,
        existingRowsCount: 0n,
        deletedRowsCount: 0n,
      });
    }
    // Sequence numbers of added entries are inherited at read time; pin them for the next commits.
    this.live = this.live.map((x) =>
      x.entry.status === "added"
        ? { ...x, entry: { ...x.entry, sequenceNumber: seq, fileSequenceNumber: seq } }
        : x,
    );
    const list = path.join(this.dir, "metadata", `snap-${id}.avro`);
    const parent = this.snapshots.at(-1)?.snapshotId;
    writeFileSync(
      list,
      writeManifestList({
        formatVersion: 2,
        snapshotId: id,
        ...(parent ? { parentSnapshotId: parent } : {}),
        sequenceNumber: seq,
        manifests,
      }),
    );
    this.snapshots.push({
      snapshotId: id,
      ...(parent ? { parentSnapshotId: parent } : {}),
      sequenceNumber: seq,
      timestampMs: o.timestampMs ?? 1_700_000_000_000 + Number(seq) * 1000,
      manifestList: toFileUri(list),
      summary: { operation: "append" },
      schemaId: o.schemaId ?? this.schemas[this.schemas.length - 1]!.schemaId,
    });
    return this.metadata();
  }

  metadata(): TableMetadata {
    const current = this.snapshots.at(-1);
    const last = this.schemas[this.schemas.length - 1]!;
    return {
      formatVersion: 2,
      tableUuid: "8c5a2a1e-3f0e-4a8e-9d47-6f1d2b6c0a11",
      location: toFileUri(this.dir),
      lastSequenceNumber: current?.sequenceNumber ?? 0n,
      lastUpdatedMs: current?.timestampMs ?? 1_700_000_000_000,
      lastColumnId: Math.max(...this.schemas.flatMap((s) => s.fields.map((f) => f.id))),
      schemas: this.schemas,
      currentSchemaId: last.schemaId,
      partitionSpecs: [this.spec],
      defaultSpecId: this.spec.specId,
      lastPartitionId: Math.max(999, ...this.spec.fields.map((f) => f.fieldId)),
      properties: {},
      ...(current ? { currentSnapshotId: current.snapshotId } : {}),
      snapshots: this.snapshots,
      snapshotLog: this.snapshots.map((s) => ({ timestampMs: s.timestampMs, snapshotId: s.snapshotId })),
      metadataLog: [],
      sortOrders: [{ orderId: 0, fields: [] }],
      defaultSortOrderId: 0,
      refs: current ? { main: { snapshotId: current.snapshotId, type: "branch" } } : {},
    };
  }
}
