/**
 * metadata.json ⇄ TableMetadata for format versions 1 and 2. v1's legacy single `schema` and
 * `partition-spec` fields are read when the lists are absent; writing v1 keeps them for old readers.
 */
import { LakelabError } from "../../errors";
import { JsonFields, type JsonObject, parseJson, stringifyJson } from "./json";
import type { PartitionSpec } from "./partition-spec";
import {
  parsePartitionFields,
  parsePartitionSpec,
  partitionFieldToJson,
  partitionSpecToJson,
} from "./partition-spec.serde";
import { indexFieldsById, parseSchema, schemaToJson } from "./schema.serde";
import { MAIN_BRANCH, type SnapshotRef } from "./snapshot";
import {
  parseMetadataLog,
  parseRef,
  parseSnapshot,
  parseSnapshotLog,
  refToJson,
  snapshotToJson,
} from "./snapshot.serde";
import { parseSortOrder, sortOrderToJson } from "./sort-order.serde";
import type { FormatVersion, TableMetadata } from "./table-metadata";

/** Parses metadata.json text; `source` (the file location) is named in every error. */
export function parseTableMetadata(text: string, source = "metadata.json"): TableMetadata {
  const root = JsonFields.of(parseJson(text, source), "", source);
  const version = root.int("format-version");
  if (version !== 1 && version !== 2) {
    throw new LakelabError(
      "UNSUPPORTED_FEATURE",
      `${source}: Iceberg format-version ${version} is not supported (lakelab reads format versions 1 and 2)`,
      { context: { source, feature: `format-version ${version}` } },
    );
  }
  const v1 = version === 1;
  const schemas =
    root.has("schemas") || !v1
      ? root.objects("schemas").map((s) => parseSchema(s.obj, s.path, source))
      : [parseSchema(root.raw("schema"), "schema", source)];
  const currentSchemaId = v1
    ? (root.optInt("current-schema-id") ?? schemas[0]!.schemaId)
    : root.int("current-schema-id");
  let partitionSpecs: PartitionSpec[];
  if (root.has("partition-specs") || !v1) {
    partitionSpecs = root.objects("partition-specs").map((s) => parsePartitionSpec(s.obj, s.path, source));
  } else {
    partitionSpecs = [{ specId: 0, fields: parsePartitionFields(root.objects("partition-spec"), source) }];
  }
  const defaultSpecId = v1
    ? (root.optInt("default-spec-id") ?? partitionSpecs[0]!.specId)
    : root.int("default-spec-id");
  const allPartitionIds = partitionSpecs.flatMap((s) => s.fields.map((f) => f.fieldId));
  const lastPartitionId = v1
    ? (root.optInt("last-partition-id") ?? Math.max(999, ...allPartitionIds))
    : root.int("last-partition-id");
  const sortOrders =
    root.has("sort-orders") || !v1
      ? root.objects("sort-orders").map((s) => parseSortOrder(s.obj, s.path, source))
      : [{ orderId: 0, fields: [] }];
  const defaultSortOrderId = v1
    ? (root.optInt("default-sort-order-id") ?? 0)
    : root.int("default-sort-order-id");
  const snapshots = root.optObjects("snapshots").map((s) => parseSnapshot(s.obj, s.path, source));
  const rawCurrent = root.optLong("current-snapshot-id");
  const currentSnapshotId = rawCurrent === undefined || rawCurrent === -1n ? undefined : rawCurrent;

  const refs: Record<string, SnapshotRef> = {};
  if (root.has("refs")) {
    const r = root.obj_("refs");
    for (const name of Object.keys(r.obj)) refs[name] = parseRef(r.obj[name], `refs.${name}`, source);
  }
  if (currentSnapshotId !== undefined && refs[MAIN_BRANCH] === undefined) {
    refs[MAIN_BRANCH] = { snapshotId: currentSnapshotId, type: "branch" };
  }

  const m: TableMetadata = {
    formatVersion: version as FormatVersion,
    tableUuid: v1 ? (root.optStr("table-uuid") ?? "") : root.str("table-uuid"),
    location: root.str("location"),
    lastSequenceNumber: v1 ? (root.optLong("last-sequence-number") ?? 0n) : root.long("last-sequence-number"),
    lastUpdatedMs: root.int("last-updated-ms"),
    lastColumnId: root.int("last-column-id"),
    schemas,
    currentSchemaId,
    partitionSpecs,
    defaultSpecId,
    lastPartitionId,
    properties: root.has("properties") ? root.strMap("properties") : {},
    ...(currentSnapshotId !== undefined ? { currentSnapshotId } : {}),
    snapshots,
    snapshotLog: parseSnapshotLog(root.optObjects("snapshot-log")),
    metadataLog: parseMetadataLog(root.optObjects("metadata-log")),
    sortOrders,
    defaultSortOrderId,
    refs,
    ...(root.has("statistics") ? { statistics: root.arr("statistics") } : {}),
    ...(root.has("partition-statistics") ? { partitionStatistics: root.arr("partition-statistics") } : {}),
  };
  validate(m, source);
  return m;
}

function validate(m: TableMetadata, source: string): void {
  const fail = (field: string, msg: string): never => {
    throw new LakelabError("METADATA_CORRUPT", `${source}: ${msg}`, { context: { source, field } });
  };
  if (m.schemas.length === 0) fail("schemas", "'schemas' is empty; a table needs at least one schema");
  if (!m.schemas.some((s) => s.schemaId === m.currentSchemaId)) {
    fail(
      "current-schema-id",
      `current-schema-id ${m.currentSchemaId} is not among schema ids ${m.schemas.map((s) => s.schemaId).join(", ")}`,
    );
  }
  if (!m.partitionSpecs.some((s) => s.specId === m.defaultSpecId)) {
    fail(
      "default-spec-id",
      `default-spec-id ${m.defaultSpecId} is not among spec ids ${m.partitionSpecs.map((s) => s.specId).join(", ")}`,
    );
  }
  const ids = new Set(m.snapshots.map((s) => s.snapshotId));
  if (m.currentSnapshotId !== undefined && !ids.has(m.currentSnapshotId)) {
    fail(
      "current-snapshot-id",
      `current-snapshot-id ${m.currentSnapshotId} is not among the table's snapshots`,
    );
  }
  for (const [name, ref] of Object.entries(m.refs)) {
    if (!ids.has(ref.snapshotId))
      fail(
        `refs.${name}`,
        `ref '${name}' points to snapshot ${ref.snapshotId}, which is not among the table's snapshots`,
      );
  }
  const current = indexFieldsById(m.schemas.find((s) => s.schemaId === m.currentSchemaId)!.fields);
  const spec = m.partitionSpecs.find((s) => s.specId === m.defaultSpecId)!;
  for (const pf of spec.fields) {
    if (!current.has(pf.sourceId)) {
      fail(
        "partition-specs",
        `partition field '${pf.name}' of spec ${spec.specId} has source-id ${pf.sourceId}, which is not a field of the current schema`,
      );
    }
  }
}

/** Serializes to metadata.json text (kebab-case, ids as exact decimals, all required fields). */
export function serializeTableMetadata(m: TableMetadata, indent = 2): string {
  const out: JsonObject = {
    "format-version": m.formatVersion,
    "table-uuid": m.tableUuid,
    location: m.location,
  };
  if (m.formatVersion >= 2) out["last-sequence-number"] = m.lastSequenceNumber;
  out["last-updated-ms"] = m.lastUpdatedMs;
  out["last-column-id"] = m.lastColumnId;
  if (m.formatVersion === 1) {
    const current = m.schemas.find((s) => s.schemaId === m.currentSchemaId)!;
    out.schema = schemaToJson(current);
  }
  out["current-schema-id"] = m.currentSchemaId;
  out.schemas = m.schemas.map(schemaToJson);
  if (m.formatVersion === 1) {
    const spec = m.partitionSpecs.find((s) => s.specId === m.defaultSpecId)!;
    out["partition-spec"] = spec.fields.map(partitionFieldToJson);
  }
  out["default-spec-id"] = m.defaultSpecId;
  out["partition-specs"] = m.partitionSpecs.map(partitionSpecToJson);
  out["last-partition-id"] = m.lastPartitionId;
  out["default-sort-order-id"] = m.defaultSortOrderId;
  out["sort-orders"] = m.sortOrders.map(sortOrderToJson);
  out.properties = { ...m.properties };
  // Java writes -1 for "no snapshot"; older readers require the key.
  out["current-snapshot-id"] = m.currentSnapshotId ?? -1n;
  const refs: JsonObject = {};
  for (const [name, r] of Object.entries(m.refs)) refs[name] = refToJson(r);
  out.refs = refs;
  out.snapshots = m.snapshots.map((s) => snapshotToJson(s, m.formatVersion));
  if (m.statistics) out.statistics = m.statistics as JsonObject[];
  if (m.partitionStatistics) out["partition-statistics"] = m.partitionStatistics as JsonObject[];
  out["snapshot-log"] = m.snapshotLog.map((e) => ({
    "timestamp-ms": e.timestampMs,
    "snapshot-id": e.snapshotId,
  }));
  out["metadata-log"] = m.metadataLog.map((e) => ({
    "timestamp-ms": e.timestampMs,
    "metadata-file": e.metadataFile,
  }));
  return stringifyJson(out, indent);
}
