import { randomUUID } from "node:crypto";
import type { PartitionSpec } from "../spec/partition-spec";
import { PARTITION_FIELD_ID_START } from "../spec/partition-spec";
import type { Schema } from "../spec/schema";
import type { TableMetadata } from "../spec/table-metadata";

/** Metadata of a new, empty v2 table: schema 0, spec 0, unsorted order 0, no snapshot. */
export function newTableMetadata(options: {
  location: string;
  schema: Schema;
  lastColumnId: number;
  partitionSpec?: PartitionSpec;
  properties?: Readonly<Record<string, string>>;
  uuid?: string;
  nowMs?: number;
}): TableMetadata {
  const spec = options.partitionSpec ?? { specId: 0, fields: [] };
  return {
    formatVersion: 2,
    tableUuid: options.uuid ?? randomUUID(),
    location: options.location.replace(/\/+$/, ""),
    lastSequenceNumber: 0n,
    lastUpdatedMs: options.nowMs ?? Date.now(),
    lastColumnId: options.lastColumnId,
    schemas: [{ ...options.schema, schemaId: 0 }],
    currentSchemaId: 0,
    partitionSpecs: [{ ...spec, specId: 0 }],
    defaultSpecId: 0,
    lastPartitionId: Math.max(PARTITION_FIELD_ID_START - 1, ...spec.fields.map((f) => f.fieldId)),
    properties: options.properties ?? {},
    snapshots: [],
    snapshotLog: [],
    metadataLog: [],
    sortOrders: [{ orderId: 0, fields: [] }],
    defaultSortOrderId: 0,
    refs: {},
  };
}
