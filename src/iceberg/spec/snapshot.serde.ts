/** JSON shape of snapshots, refs, snapshot-log and metadata-log entries. */
import { LakelabError } from "../../errors";
import { JsonFields, type JsonObject, type JsonValue } from "./json";
import type {
  MetadataLogEntry,
  Operation,
  Snapshot,
  SnapshotLogEntry,
  SnapshotRef,
  SnapshotSummary,
} from "./snapshot";

const OPERATIONS: readonly Operation[] = ["append", "replace", "overwrite", "delete"];

export function parseSnapshot(v: JsonValue | undefined, path: string, source: string): Snapshot {
  const f = JsonFields.of(v, path, source);
  if (!f.has("manifest-list")) {
    if (f.has("manifests")) {
      throw new LakelabError(
        "NOT_SUPPORTED",
        `${source}: ${path} lists manifests inline (v1 'manifests' field); only snapshots with a 'manifest-list' are supported`,
        { context: { source, field: `${path}.manifests` } },
      );
    }
    f.str("manifest-list");
  }
  const summary = f.has("summary") ? f.strMap("summary") : { operation: "append" };
  const op = summary.operation ?? "append";
  if (!OPERATIONS.includes(op as Operation)) {
    throw new LakelabError(
      "METADATA_CORRUPT",
      `${source}: ${path}.summary.operation is '${op}'; expected one of ${OPERATIONS.join(", ")}`,
      { context: { source, field: `${path}.summary.operation` } },
    );
  }
  const parent = f.optLong("parent-snapshot-id");
  const schemaId = f.optInt("schema-id");
  return {
    snapshotId: f.long("snapshot-id"),
    ...(parent !== undefined ? { parentSnapshotId: parent } : {}),
    sequenceNumber: f.optLong("sequence-number") ?? 0n,
    timestampMs: f.int("timestamp-ms"),
    manifestList: f.str("manifest-list"),
    summary: { ...summary, operation: op } as SnapshotSummary,
    ...(schemaId !== undefined ? { schemaId } : {}),
  };
}

export function snapshotToJson(s: Snapshot, formatVersion: number): JsonObject {
  const out: JsonObject = {};
  if (formatVersion >= 2) out["sequence-number"] = s.sequenceNumber;
  out["snapshot-id"] = s.snapshotId;
  if (s.parentSnapshotId !== undefined) out["parent-snapshot-id"] = s.parentSnapshotId;
  out["timestamp-ms"] = s.timestampMs;
  out.summary = { ...s.summary };
  out["manifest-list"] = s.manifestList;
  if (s.schemaId !== undefined) out["schema-id"] = s.schemaId;
  return out;
}

export function parseRef(v: JsonValue | undefined, path: string, source: string): SnapshotRef {
  const f = JsonFields.of(v, path, source);
  const type = f.str("type");
  if (type !== "branch" && type !== "tag") {
    throw new LakelabError(
      "METADATA_CORRUPT",
      `${source}: ${path}.type is '${type}'; expected 'branch' or 'tag'`,
      {
        context: { source, field: `${path}.type` },
      },
    );
  }
  const minKeep = f.optInt("min-snapshots-to-keep");
  const maxSnapAge = f.optInt("max-snapshot-age-ms");
  const maxRefAge = f.optInt("max-ref-age-ms");
  return {
    snapshotId: f.long("snapshot-id"),
    type,
    ...(minKeep !== undefined ? { minSnapshotsToKeep: minKeep } : {}),
    ...(maxSnapAge !== undefined ? { maxSnapshotAgeMs: maxSnapAge } : {}),
    ...(maxRefAge !== undefined ? { maxRefAgeMs: maxRefAge } : {}),
  };
}

export function refToJson(r: SnapshotRef): JsonObject {
  const out: JsonObject = { "snapshot-id": r.snapshotId, type: r.type };
  if (r.minSnapshotsToKeep !== undefined) out["min-snapshots-to-keep"] = r.minSnapshotsToKeep;
  if (r.maxSnapshotAgeMs !== undefined) out["max-snapshot-age-ms"] = r.maxSnapshotAgeMs;
  if (r.maxRefAgeMs !== undefined) out["max-ref-age-ms"] = r.maxRefAgeMs;
  return out;
}

export function parseSnapshotLog(fields: JsonFields[]): SnapshotLogEntry[] {
  return fields.map((f) => ({ timestampMs: f.int("timestamp-ms"), snapshotId: f.long("snapshot-id") }));
}

export function parseMetadataLog(fields: JsonFields[]): MetadataLogEntry[] {
  return fields.map((f) => ({ timestampMs: f.int("timestamp-ms"), metadataFile: f.str("metadata-file") }));
}
