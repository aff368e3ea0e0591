import { randomBytes, randomUUID } from "node:crypto";
import { LakelabError } from "../../errors";
import type { FileIO } from "../io/file-io";
import type { ManifestContent, ManifestEntry, ManifestFile } from "../spec/manifest";
import { readManifest, writeManifest } from "../spec/manifest.serde";
import { readManifestList, summarizePartitions } from "../spec/manifest-list.serde";
import type { PartitionSpec } from "../spec/partition-spec";
import type { PrimitiveType, Schema } from "../spec/schema";
import type { Snapshot } from "../spec/snapshot";
import type { TableMetadata } from "../spec/table-metadata";
import { bindTransform } from "../transforms/transform";

/** A random positive 63-bit snapshot id, as Java and pyiceberg make them. */
export function newSnapshotId(): bigint {
  return randomBytes(8).readBigUInt64BE() & 0x7fff_ffff_ffff_ffffn;
}

export function currentSchema(m: TableMetadata): Schema {
  return m.schemas.find((s) => s.schemaId === m.currentSchemaId)!;
}

export function specById(m: TableMetadata, specId: number): PartitionSpec {
  const spec = m.partitionSpecs.find((s) => s.specId === specId);
  if (!spec)
    throw new LakelabError("METADATA_CORRUPT", `partition spec ${specId} is not in the table metadata`);
  return spec;
}

/** Result types of a spec's partition fields, bound against the schema that holds their sources. */
export function partitionTypes(m: TableMetadata, spec: PartitionSpec): PrimitiveType[] {
  return spec.fields.map((pf) => {
    for (const schema of [currentSchema(m), ...m.schemas].reverse()) {
      const source = schema.fields.find((f) => f.id === pf.sourceId);
      if (source) return bindTransform(pf.transform, source.type).resultType;
    }
    throw new LakelabError(
      "METADATA_CORRUPT",
      `partition field '${pf.name}' has unknown source id ${pf.sourceId}`,
    );
  });
}

/** The manifests of a snapshot (empty for none). */
export async function snapshotManifests(io: FileIO, snapshot: Snapshot | undefined): Promise<ManifestFile[]> {
  if (!snapshot) return [];
  const bytes = await io.read(snapshot.manifestList);
  return readManifestList(bytes, snapshot.manifestList, { snapshotId: snapshot.snapshotId }).manifests;
}

/** Entries of a manifest with inherited snapshot ids and sequence numbers filled in. */
export async function manifestEntries(io: FileIO, manifest: ManifestFile): Promise<ManifestEntry[]> {
  return readManifest(await io.read(manifest.manifestPath), manifest.manifestPath, manifest).entries;
}

/**
 * Writes a manifest under `<table>/metadata/` and returns its manifest-list entry. The
 * sequence numbers of the entry are placeholders: the snapshot fills them in per attempt.
 */
export async function writeManifestFile(
  io: FileIO,
  m: TableMetadata,
  spec: PartitionSpec,
  content: ManifestContent,
  snapshotId: bigint,
  entries: readonly ManifestEntry[],
): Promise<ManifestFile> {
  const types = partitionTypes(m, spec);
  const bytes = writeManifest({
    formatVersion: m.formatVersion,
    schema: currentSchema(m),
    spec,
    partitionTypes: types,
    content,
    entries,
  });
  const location = `${m.location}/metadata/${randomUUID()}-m0.avro`;
  await io.write(location, bytes, { uniqueName: true });
  const count = (status: ManifestEntry["status"]) => entries.filter((e) => e.status === status);
  const rows = (es: ManifestEntry[]) => es.reduce((n, e) => n + e.dataFile.recordCount, 0n);
  return {
    manifestPath: location,
    manifestLength: BigInt(bytes.length),
    partitionSpecId: spec.specId,
    content,
    sequenceNumber: 0n,
    minSequenceNumber: 0n,
    addedSnapshotId: snapshotId,
    addedFilesCount: count("added").length,
    existingFilesCount: count("existing").length,
    deletedFilesCount: count("deleted").length,
    addedRowsCount: rows(count("added")),
    existingRowsCount: rows(count("existing")),
    deletedRowsCount: rows(count("deleted")),
    partitions: summarizePartitions(
      spec,
      types,
      entries.map((e) => e.dataFile),
    ),
  };
}
