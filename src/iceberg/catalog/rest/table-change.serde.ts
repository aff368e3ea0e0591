/**
 * lakelab's TableRequirement / TableUpdate → the REST spec's JSON (open-api/rest-catalog-open-api.yaml
 * "TableRequirement", "TableUpdate", "CommitTableRequest"): kebab-case fields, 64-bit ids as bigints
 * so stringifyJson writes them as exact decimals.
 */
import { LakelabError } from "../../../errors";
import type { JsonObject } from "../../spec/json";
import { partitionSpecToJson } from "../../spec/partition-spec.serde";
import { schemaToJson } from "../../spec/schema.serde";
import { refToJson, snapshotToJson } from "../../spec/snapshot.serde";
import { sortOrderToJson } from "../../spec/sort-order.serde";
import type { TableMetadata } from "../../spec/table-metadata";
import type { TableRequirement } from "../../transaction/table-requirement";
import type { TableUpdate } from "../../transaction/table-update";
import type { TableIdentifier } from "../table-identifier";

export function requirementToJson(r: TableRequirement): JsonObject {
  switch (r.type) {
    case "assert-create":
      return { type: r.type };
    case "assert-table-uuid":
      return { type: r.type, uuid: r.uuid };
    case "assert-ref-snapshot-id":
      return { type: r.type, ref: r.ref, "snapshot-id": r.snapshotId };
    case "assert-last-assigned-field-id":
      return { type: r.type, "last-assigned-field-id": r.lastAssignedFieldId };
    case "assert-current-schema-id":
      return { type: r.type, "current-schema-id": r.currentSchemaId };
    case "assert-last-assigned-partition-id":
      return { type: r.type, "last-assigned-partition-id": r.lastAssignedPartitionId };
    case "assert-default-spec-id":
      return { type: r.type, "default-spec-id": r.defaultSpecId };
    case "assert-default-sort-order-id":
      return { type: r.type, "default-sort-order-id": r.defaultSortOrderId };
    default: {
      const never: never = r;
      throw unknown("requirement", never);
    }
  }
}

/** `formatVersion` is the table's, for the snapshot shape (v2 snapshots carry sequence-number). */
export function updateToJson(u: TableUpdate, formatVersion: number): JsonObject {
  switch (u.action) {
    case "assign-uuid":
      return { action: u.action, uuid: u.uuid };
    case "upgrade-format-version":
      return { action: u.action, "format-version": u.formatVersion };
    case "add-schema":
      return { action: u.action, schema: schemaToJson(u.schema), "last-column-id": u.lastColumnId };
    case "set-current-schema":
      return { action: u.action, "schema-id": u.schemaId };
    case "add-spec":
      return { action: u.action, spec: partitionSpecToJson(u.spec) };
    case "set-default-spec":
      return { action: u.action, "spec-id": u.specId };
    case "add-sort-order":
      return { action: u.action, "sort-order": sortOrderToJson(u.sortOrder) };
    case "set-default-sort-order":
      return { action: u.action, "sort-order-id": u.sortOrderId };
    case "add-snapshot":
      return { action: u.action, snapshot: snapshotToJson(u.snapshot, formatVersion) };
    case "set-snapshot-ref": {
      const { action, refName, ...ref } = u;
      return { action, "ref-name": refName, ...refToJson(ref) };
    }
    case "remove-snapshots":
      return { action: u.action, "snapshot-ids": [...u.snapshotIds] };
    case "remove-snapshot-ref":
      return { action: u.action, "ref-name": u.refName };
    case "set-location":
      return { action: u.action, location: u.location };
    case "set-properties":
      return { action: u.action, updates: { ...u.updates } };
    case "remove-properties":
      return { action: u.action, removals: [...u.removals] };
    default: {
      const never: never = u;
      throw unknown("update", never);
    }
  }
}

/** The spec's CommitTableRequest. */
export function commitTableRequest(
  identifier: TableIdentifier,
  requirements: readonly TableRequirement[],
  updates: readonly TableUpdate[],
  formatVersion: number,
): JsonObject {
  return {
    identifier: { namespace: [...identifier.namespace], name: identifier.name },
    requirements: requirements.map(requirementToJson),
    updates: updates.map((u) => updateToJson(u, formatVersion)),
  };
}

/**
 * The updates that build `m` from nothing, as a create transaction commits them after
 * `stage-create` (the spec: "including table initialization, like AddSchemaUpdate"): uuid,
 * format, schemas, specs, sort orders, location, properties, then snapshots and refs.
 */
export function createTableUpdates(m: TableMetadata): TableUpdate[] {
  const updates: TableUpdate[] = [
    { action: "assign-uuid", uuid: m.tableUuid },
    { action: "upgrade-format-version", formatVersion: m.formatVersion },
  ];
  for (const schema of m.schemas)
    updates.push({ action: "add-schema", schema, lastColumnId: m.lastColumnId });
  updates.push({ action: "set-current-schema", schemaId: m.currentSchemaId });
  for (const spec of m.partitionSpecs) updates.push({ action: "add-spec", spec });
  updates.push({ action: "set-default-spec", specId: m.defaultSpecId });
  for (const sortOrder of m.sortOrders) updates.push({ action: "add-sort-order", sortOrder });
  updates.push(
    { action: "set-default-sort-order", sortOrderId: m.defaultSortOrderId },
    { action: "set-location", location: m.location },
  );
  if (Object.keys(m.properties).length > 0) updates.push({ action: "set-properties", updates: m.properties });
  for (const snapshot of m.snapshots) updates.push({ action: "add-snapshot", snapshot });
  for (const [refName, ref] of Object.entries(m.refs))
    updates.push({ action: "set-snapshot-ref", refName, ...ref });
  return updates;
}

function unknown(what: string, value: unknown): LakelabError {
  return new LakelabError("NOT_SUPPORTED", `unknown table ${what} ${JSON.stringify(value)}`);
}
