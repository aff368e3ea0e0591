/**
 * Manifest lists (Avro) ⇄ ManifestFile. Fields are resolved by id (Java writes
 * `added_data_files_count` where the spec says `added_files_count`); v1 lists have no content or
 * sequence numbers (data, 0).
 */
import { LakelabError } from "../../errors";
import { readAvroFile } from "../avro/avro-file-reader";
import { writeAvroFile } from "../avro/avro-file-writer";
import type { AvroCodec } from "../avro/codecs";
import type { IcebergValue } from "../expressions/literal";
import { compareValues } from "../expressions/literal";
import type { DataFile, FieldSummary, ManifestFile } from "./manifest";
import { ById, manifestListSchema } from "./manifest-avro-schema.serde";
import type { PartitionSpec } from "./partition-spec";
import type { PrimitiveType } from "./schema";
import { toSingleValue } from "./single-value.serde";

export interface ManifestListHeader {
  readonly snapshotId?: bigint;
  readonly parentSnapshotId?: bigint;
  readonly sequenceNumber?: bigint;
  readonly formatVersion?: number;
}

const asBig = (s: string | undefined): bigint | undefined =>
  s !== undefined && /^-?\d+$/.test(s) ? BigInt(s) : undefined;

/** Reads a manifest list; `snapshotId` fills a missing added_snapshot_id (v1 lists may omit it). */
export function readManifestList(
  bytes: Uint8Array,
  source: string,
  defaults: { snapshotId?: bigint } = {},
): { header: ManifestListHeader; manifests: ManifestFile[] } {
  const file = readAvroFile(bytes, source);
  const m = file.metadata;
  const header: ManifestListHeader = {
    ...(asBig(m.get("snapshot-id")) !== undefined ? { snapshotId: asBig(m.get("snapshot-id"))! } : {}),
    ...(asBig(m.get("parent-snapshot-id")) !== undefined
      ? { parentSnapshotId: asBig(m.get("parent-snapshot-id"))! }
      : {}),
    ...(asBig(m.get("sequence-number")) !== undefined
      ? { sequenceNumber: asBig(m.get("sequence-number"))! }
      : {}),
    ...(m.has("format-version") ? { formatVersion: Number(m.get("format-version")) } : {}),
  };
  const f = new ById(file.schema);
  if (!f.field(500)) {
    throw new LakelabError(
      "FILE_CORRUPT",
      `${source}: not a manifest list (no manifest_path, field id 500)`,
      {
        context: { source },
      },
    );
  }
  const summary = f.nested(507);
  const summaryItems = new ById(summary.record.type === "array" ? summary.record.items : summary.record);
  const manifests = file.records.map((raw): ManifestFile => {
    const r = raw as Record<string, unknown>;
    const num = (id: number): number => Number((f.get(r, id) as number | null | undefined) ?? 0);
    const big = (id: number, dflt: bigint): bigint => (f.get(r, id) as bigint | null | undefined) ?? dflt;
    const parts = f.get(r, 507) as Record<string, unknown>[] | null | undefined;
    const keyMetadata = f.get(r, 519) as Uint8Array | null | undefined;
    return {
      manifestPath: f.get(r, 500) as string,
      manifestLength: big(501, 0n),
      partitionSpecId: num(502),
      content: num(517) === 1 ? "deletes" : "data",
      sequenceNumber: big(515, 0n),
      minSequenceNumber: big(516, 0n),
      addedSnapshotId: big(503, defaults.snapshotId ?? header.snapshotId ?? 0n),
      addedFilesCount: num(504),
      existingFilesCount: num(505),
      deletedFilesCount: num(506),
      addedRowsCount: big(512, 0n),
      existingRowsCount: big(513, 0n),
      deletedRowsCount: big(514, 0n),
      ...(parts
        ? {
            partitions: parts.map((p): FieldSummary => {
              const nan = summaryItems.get(p, 518) as boolean | null | undefined;
              const lo = summaryItems.get(p, 510) as Uint8Array | null | undefined;
              const hi = summaryItems.get(p, 511) as Uint8Array | null | undefined;
              return {
                containsNull: Boolean(summaryItems.get(p, 509)),
                ...(nan !== null && nan !== undefined ? { containsNan: nan } : {}),
                ...(lo ? { lowerBound: lo } : {}),
                ...(hi ? { upperBound: hi } : {}),
              };
            }),
          }
        : {}),
      ...(keyMetadata ? { keyMetadata } : {}),
    };
  });
  return { header, manifests };
}

export interface WriteManifestListOptions {
  readonly formatVersion: 1 | 2;
  readonly snapshotId: bigint;
  readonly parentSnapshotId?: bigint;
  readonly sequenceNumber: bigint;
  readonly manifests: readonly ManifestFile[];
  readonly codec?: AvroCodec;
}

/** Writes a manifest list with the spec's schema, field ids and header keys. */
export function writeManifestList(o: WriteManifestListOptions): Uint8Array {
  const records = o.manifests.map((mf) => ({
    manifest_path: mf.manifestPath,
    manifest_length: mf.manifestLength,
    partition_spec_id: mf.partitionSpecId,
    content: mf.content === "deletes" ? 1 : 0,
    sequence_number: mf.sequenceNumber,
    min_sequence_number: mf.minSequenceNumber,
    added_snapshot_id: mf.addedSnapshotId,
    added_files_count: mf.addedFilesCount,
    existing_files_count: mf.existingFilesCount,
    deleted_files_count: mf.deletedFilesCount,
    added_rows_count: mf.addedRowsCount,
    existing_rows_count: mf.existingRowsCount,
    deleted_rows_count: mf.deletedRowsCount,
    partitions: mf.partitions
      ? mf.partitions.map((p) => ({
          contains_null: p.containsNull,
          contains_nan: p.containsNan ?? null,
          lower_bound: p.lowerBound ?? null,
          upper_bound: p.upperBound ?? null,
        }))
      : null,
    key_metadata: mf.keyMetadata ?? null,
  }));
  const metadata: Record<string, string> = {
    "snapshot-id": o.snapshotId.toString(),
    "parent-snapshot-id": o.parentSnapshotId === undefined ? "null" : o.parentSnapshotId.toString(),
    "format-version": String(o.formatVersion),
  };
  if (o.formatVersion >= 2) metadata["sequence-number"] = o.sequenceNumber.toString();
  return writeAvroFile(manifestListSchema(o.formatVersion), records, {
    codec: o.codec ?? "deflate",
    metadata,
  });
}

/** Partition field summaries (contains_null, contains_nan, bounds) over the files of one manifest. */
export function summarizePartitions(
  spec: PartitionSpec,
  partitionTypes: readonly PrimitiveType[],
  files: readonly DataFile[],
): FieldSummary[] {
  return spec.fields.map((pf, i) => {
    const type = partitionTypes[i]!;
    let containsNull = false;
    let containsNan = false;
    let lo: IcebergValue | undefined;
    let hi: IcebergValue | undefined;
    for (const f of files) {
      const v = f.partition.get(pf.fieldId) as IcebergValue | null | undefined;
      if (v === null || v === undefined) {
        containsNull = true;
        continue;
      }
      if (typeof v === "number" && Number.isNaN(v)) {
        containsNan = true;
        continue;
      }
      if (lo === undefined || compareValues(v, lo) < 0) lo = v;
      if (hi === undefined || compareValues(v, hi) > 0) hi = v;
    }
    return {
      containsNull,
      ...(type === "float" || type === "double" ? { containsNan } : {}),
      ...(lo !== undefined ? { lowerBound: toSingleValue(type, lo) } : {}),
      ...(hi !== undefined ? { upperBound: toSingleValue(type, hi) } : {}),
    };
  });
}
