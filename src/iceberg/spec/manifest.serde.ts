/**
 * Manifest files (Avro) ⇄ ManifestEntry. Reading resolves fields by field id, tolerates missing
 * header keys, and applies inheritance: null snapshot ids and sequence numbers come from the
 * manifest list entry (v1 manifests: sequence number 0).
 */
import { LakelabError } from "../../errors";
import { readAvroFile } from "../avro/avro-file-reader";
import { writeAvroFile } from "../avro/avro-file-writer";
import { type AvroType, nonNull } from "../avro/avro-schema";
import type { AvroCodec } from "../avro/codecs";
import { stringifyJson } from "./json";
import type {
  DataFile,
  DataFileContent,
  ManifestContent,
  ManifestEntry,
  ManifestEntryStatus,
  ManifestFile,
} from "./manifest";
import { avroTypeOf, ById, manifestEntrySchema } from "./manifest-avro-schema.serde";
import type { PartitionSpec } from "./partition-spec";
import { partitionFieldToJson } from "./partition-spec.serde";
import type { PrimitiveType, Schema } from "./schema";
import { schemaToJson } from "./schema.serde";
import { bigintToMinimalBytes, bytesToUuid, minimalBytesToBigint } from "./single-value.serde";

const STATUS: readonly ManifestEntryStatus[] = ["existing", "added", "deleted"];
const CONTENT: readonly DataFileContent[] = ["data", "position-deletes", "equality-deletes"];

export interface ManifestHeader {
  readonly formatVersion?: number;
  readonly partitionSpecId?: number;
  readonly content: ManifestContent;
  /** Raw header keys (`schema`, `partition-spec`, ...), as written. */
  readonly metadata: ReadonlyMap<string, string>;
}

export interface ReadManifestResult {
  readonly header: ManifestHeader;
  readonly entries: ManifestEntry[];
}

function corrupt(source: string, msg: string): LakelabError {
  return new LakelabError("FILE_CORRUPT", `${source}: ${msg}`, { context: { source } });
}

/** Avro partition value → Iceberg in-memory value, by the Avro (logical) type. */
function partitionValue(t: AvroType, v: unknown): unknown {
  if (v === null || v === undefined) return null;
  const logical = t.props.logicalType;
  if ((t.type === "fixed" || t.type === "bytes") && logical === "decimal")
    return minimalBytesToBigint(v as Uint8Array);
  if (t.type === "fixed" && logical === "uuid") return bytesToUuid(v as Uint8Array);
  if (t.type === "string" && logical === "uuid") return v;
  return v;
}

function kvMap<V>(v: unknown): Map<number, V> | undefined {
  if (v === null || v === undefined) return undefined;
  const out = new Map<number, V>();
  if (v instanceof Map) {
    for (const [k, x] of v) out.set(Number(k), x as V);
    return out;
  }
  for (const kv of v as Record<string, unknown>[]) {
    const [k, x] = Object.values(kv);
    out.set(Number(k), x as V);
  }
  return out;
}

/** Reads a manifest; `list` is its manifest-list entry, the source of inherited ids and sequence numbers. */
export function readManifest(bytes: Uint8Array, source: string, list?: ManifestFile): ReadManifestResult {
  const file = readAvroFile(bytes, source);
  const meta = file.metadata;
  const formatVersion = meta.has("format-version") ? Number(meta.get("format-version")) : undefined;
  const specId = meta.has("partition-spec-id") ? Number(meta.get("partition-spec-id")) : undefined;
  const content: ManifestContent =
    meta.get("content") === "deletes" || list?.content === "deletes" ? "deletes" : "data";
  const entry = new ById(file.schema);
  if (!entry.field(0) || !entry.field(2))
    throw corrupt(source, "manifest entries lack status (field id 0) or data_file (field id 2)");
  const df = entry.nested(2);
  const partById = df.nested(102);
  const partFields = partById.record.type === "record" ? partById.record.fields : [];
  const v1File = !entry.field(3);
  const entries = file.records.map((raw): ManifestEntry => {
    const rec = raw as Record<string, unknown>;
    const d = entry.get(rec, 2) as Record<string, unknown>;
    const status = STATUS[entry.get(rec, 0) as number];
    if (!status) throw corrupt(source, `manifest entry status ${String(entry.get(rec, 0))} is not 0, 1 or 2`);
    const contentCode = (df.get(d, 134) as number | undefined) ?? 0;
    const fileContent = CONTENT[contentCode];
    if (!fileContent) throw corrupt(source, `data_file.content ${contentCode} is not 0, 1 or 2`);
    const partRec = (df.get(d, 102) ?? {}) as Record<string, unknown>;
    const partition = new Map<number, unknown>();
    for (const pf of partFields) {
      if (pf.fieldId !== undefined)
        partition.set(pf.fieldId, partitionValue(nonNull(pf.type), partRec[pf.name]));
    }
    const opt = <T>(id: number): T | undefined => {
      const v = df.get(d, id);
      return v === null || v === undefined ? undefined : (v as T);
    };
    const keyMetadata = opt<Uint8Array>(131);
    const splitOffsets = opt<bigint[]>(132);
    const equalityIds = opt<number[]>(135);
    const sortOrderId = opt<number>(140);
    const dataFile: DataFile = {
      content: fileContent,
      filePath: df.get(d, 100) as string,
      fileFormat: String(df.get(d, 101)).toUpperCase() as DataFile["fileFormat"],
      partition,
      recordCount: df.get(d, 103) as bigint,
      fileSizeInBytes: df.get(d, 104) as bigint,
      ...optMap("columnSizes", kvMap<bigint>(df.get(d, 108))),
      ...optMap("valueCounts", kvMap<bigint>(df.get(d, 109))),
      ...optMap("nullValueCounts", kvMap<bigint>(df.get(d, 110))),
      ...optMap("nanValueCounts", kvMap<bigint>(df.get(d, 137))),
      ...optMap("lowerBounds", kvMap<Uint8Array>(df.get(d, 125))),
      ...optMap("upperBounds", kvMap<Uint8Array>(df.get(d, 128))),
      ...(keyMetadata ? { keyMetadata } : {}),
      ...(splitOffsets ? { splitOffsets } : {}),
      ...(equalityIds ? { equalityIds: equalityIds.map(Number) } : {}),
      ...(sortOrderId !== undefined ? { sortOrderId } : {}),
    };
    const snapshotId = (entry.get(rec, 1) as bigint | null | undefined) ?? list?.addedSnapshotId;
    // Inheritance: an added entry with a null sequence number takes the manifest's; v1 files have none (0).
    const inherit = (v: unknown): bigint | undefined => {
      if (v !== null && v !== undefined) return v as bigint;
      if (v1File) return 0n;
      // As Java does: added entries inherit; so does everything in a manifest of sequence number 0 (v1 lists).
      if (list && (status === "added" || list.sequenceNumber === 0n)) return list.sequenceNumber;
      return undefined;
    };
    const sequenceNumber = inherit(entry.get(rec, 3));
    const fileSequenceNumber = inherit(entry.get(rec, 4));
    return {
      status,
      ...(snapshotId !== undefined ? { snapshotId } : {}),
      ...(sequenceNumber !== undefined ? { sequenceNumber } : {}),
      ...(fileSequenceNumber !== undefined ? { fileSequenceNumber } : {}),
      dataFile,
    };
  });
  return {
    header: {
      ...(formatVersion !== undefined ? { formatVersion } : {}),
      ...(specId !== undefined ? { partitionSpecId: specId } : {}),
      content,
      metadata: meta,
    },
    entries,
  };
}

function optMap<K extends string, V>(key: K, m: V | undefined): { [P in K]?: V } {
  return (m === undefined ? {} : { [key]: m }) as { [P in K]?: V };
}

export interface WriteManifestOptions {
  readonly formatVersion: 1 | 2;
  readonly schema: Schema;
  readonly spec: PartitionSpec;
  /** Result type of each partition field, in spec order (see transforms' `bindTransform`). */
  readonly partitionTypes: readonly PrimitiveType[];
  readonly content: ManifestContent;
  readonly entries: readonly ManifestEntry[];
  readonly codec?: AvroCodec;
}

function toAvroPartitionValue(type: PrimitiveType, v: unknown): unknown {
  if (v === null || v === undefined) return null;
  const avro = avroTypeOf(type);
  if (typeof avro === "object" && avro !== null && !Array.isArray(avro) && avro.type === "fixed") {
    if (avro.logicalType === "uuid") return new Uint8Array(Buffer.from(String(v).replace(/-/g, ""), "hex"));
    if (avro.logicalType === "decimal") {
      const min = bigintToMinimalBytes(v as bigint);
      const size = Number(avro.size);
      const out = new Uint8Array(size).fill((min[0]! & 0x80) !== 0 ? 0xff : 0);
      out.set(min, size - min.length);
      return out;
    }
  }
  if (type === "long" || type.startsWith("time")) return BigInt(v as bigint);
  return v;
}

function mapToAvro<V>(m: ReadonlyMap<number, V> | undefined): { key: number; value: V }[] | null {
  return m === undefined ? null : [...m].map(([key, value]) => ({ key, value }));
}

/** Writes a manifest with the spec's Avro schema, field ids and header keys. */
export function writeManifest(o: WriteManifestOptions): Uint8Array {
  const schema = manifestEntrySchema(o.formatVersion, o.spec, o.partitionTypes);
  const records = o.entries.map((e) => {
    const f = e.dataFile;
    const partition: Record<string, unknown> = {};
    o.spec.fields.forEach((pf, i) => {
      partition[pf.name] = toAvroPartitionValue(o.partitionTypes[i]!, f.partition.get(pf.fieldId));
    });
    return {
      status: STATUS.indexOf(e.status),
      snapshot_id: e.snapshotId ?? null,
      sequence_number: e.sequenceNumber ?? null,
      file_sequence_number: e.fileSequenceNumber ?? null,
      data_file: {
        content: CONTENT.indexOf(f.content),
        file_path: f.filePath,
        file_format: f.fileFormat,
        partition,
        record_count: f.recordCount,
        file_size_in_bytes: f.fileSizeInBytes,
        block_size_in_bytes: 67108864n,
        column_sizes: mapToAvro(f.columnSizes),
        value_counts: mapToAvro(f.valueCounts),
        null_value_counts: mapToAvro(f.nullValueCounts),
        nan_value_counts: mapToAvro(f.nanValueCounts),
        lower_bounds: mapToAvro(f.lowerBounds),
        upper_bounds: mapToAvro(f.upperBounds),
        key_metadata: f.keyMetadata ?? null,
        split_offsets: f.splitOffsets ? [...f.splitOffsets] : null,
        equality_ids: f.equalityIds ? [...f.equalityIds] : null,
        sort_order_id: f.sortOrderId ?? null,
      },
    };
  });
  const metadata: Record<string, string> = {
    schema: stringifyJson(schemaToJson(o.schema)),
    "schema-id": String(o.schema.schemaId),
    "partition-spec": stringifyJson(o.spec.fields.map(partitionFieldToJson)),
    "partition-spec-id": String(o.spec.specId),
    "format-version": String(o.formatVersion),
  };
  if (o.formatVersion >= 2) metadata.content = o.content;
  return writeAvroFile(schema, records, { codec: o.codec ?? "deflate", metadata });
}
