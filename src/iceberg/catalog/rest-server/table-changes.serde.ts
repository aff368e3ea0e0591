/**
 * The REST spec's `TableRequirement` and `TableUpdate` JSON (kebab-case, tagged by `type` and
 * `action`) → lakelab's transaction types. Every malformed or unknown entry is BAD_REQUEST
 * naming its index, so nothing of a bad commit is applied.
 */
import type { JsonFields } from "../../spec/json";
import { parsePartitionFields } from "../../spec/partition-spec.serde";
import type { IcebergType, Schema } from "../../spec/schema";
import { parseSchema } from "../../spec/schema.serde";
import { parseRef, parseSnapshot } from "../../spec/snapshot.serde";
import { parseSortOrder } from "../../spec/sort-order.serde";
import type { TableRequirement } from "../../transaction/table-requirement";
import type { TableUpdate } from "../../transaction/table-update";
import { badRequest } from "./rest-error";

export function parseRequirement(f: JsonFields): TableRequirement {
  const type = f.str("type");
  switch (type) {
    case "assert-create":
      return { type };
    case "assert-table-uuid":
      return { type, uuid: f.str("uuid") };
    case "assert-ref-snapshot-id":
      // a null or absent snapshot-id asserts that the ref does not exist yet
      return { type, ref: f.str("ref"), snapshotId: f.optLong("snapshot-id") ?? null };
    case "assert-last-assigned-field-id":
      return { type, lastAssignedFieldId: f.int("last-assigned-field-id") };
    case "assert-current-schema-id":
      return { type, currentSchemaId: f.int("current-schema-id") };
    case "assert-last-assigned-partition-id":
      return { type, lastAssignedPartitionId: f.int("last-assigned-partition-id") };
    case "assert-default-spec-id":
      return { type, defaultSpecId: f.int("default-spec-id") };
    case "assert-default-sort-order-id":
      return { type, defaultSortOrderId: f.int("default-sort-order-id") };
    default:
      throw badRequest(`${f.path}: unknown requirement type '${type}'`, { field: f.path });
  }
}

export function parseUpdate(f: JsonFields): TableUpdate {
  const action = f.str("action");
  const src = f.source;
  switch (action) {
    case "assign-uuid":
      return { action, uuid: f.str("uuid") };
    case "upgrade-format-version": {
      const formatVersion = f.int("format-version");
      if (formatVersion !== 1 && formatVersion !== 2) {
        throw badRequest(`${f.path}: format-version ${formatVersion} is not supported (1 or 2)`);
      }
      return { action, formatVersion };
    }
    case "add-schema": {
      const schema = parseSchema(f.raw("schema"), `${f.path}.schema`, src);
      // last-column-id is deprecated in the spec: derive it from the schema when absent
      return { action, schema, lastColumnId: f.optInt("last-column-id") ?? maxFieldId(schema) };
    }
    case "set-current-schema":
      return { action, schemaId: f.int("schema-id") };
    case "add-spec": {
      const spec = f.obj_("spec");
      const fields = parsePartitionFields(spec.objects("fields"), src);
      return { action, spec: { specId: spec.optInt("spec-id") ?? 0, fields } };
    }
    case "set-default-spec":
      return { action, specId: f.int("spec-id") };
    case "add-sort-order":
      return { action, sortOrder: parseSortOrder(f.raw("sort-order"), `${f.path}.sort-order`, src) };
    case "set-default-sort-order":
      return { action, sortOrderId: f.int("sort-order-id") };
    case "add-snapshot":
      return { action, snapshot: parseSnapshot(f.raw("snapshot"), `${f.path}.snapshot`, src) };
    case "set-snapshot-ref":
      return { action, refName: f.str("ref-name"), ...parseRef(f.obj, f.path, src) };
    case "remove-snapshots":
      return { action, snapshotIds: longs(f, "snapshot-ids") };
    case "remove-snapshot-ref":
      return { action, refName: f.str("ref-name") };
    case "set-location":
      return { action, location: f.str("location") };
    case "set-properties":
      return { action, updates: f.strMap("updates") };
    case "remove-properties":
      return { action, removals: strings(f, "removals") };
    default:
      throw badRequest(`${f.path}: table update action '${action}' is not supported by this catalog`, {
        field: f.path,
      });
  }
}

function longs(f: JsonFields, key: string): bigint[] {
  return f.arr(key).map((v, i) => {
    if (typeof v === "bigint") return v;
    if (typeof v === "number" && Number.isInteger(v)) return BigInt(v);
    throw badRequest(`${f.path}.${key}[${i}] should be a 64-bit integer`);
  });
}

export function strings(f: JsonFields, key: string): string[] {
  return f.arr(key).map((v, i) => {
    if (typeof v !== "string") throw badRequest(`${f.path}.${key}[${i}] should be a string`);
    return v;
  });
}

/** The highest field id anywhere in a schema, list elements and map keys/values included. */
export function maxFieldId(schema: Schema): number {
  let max = 0;
  const visit = (t: IcebergType): void => {
    if (typeof t === "string") return;
    if (t.type === "struct") {
      for (const x of t.fields) {
        max = Math.max(max, x.id);
        visit(x.type);
      }
    } else if (t.type === "list") {
      max = Math.max(max, t.elementId);
      visit(t.element);
    } else {
      max = Math.max(max, t.keyId, t.valueId);
      visit(t.key);
      visit(t.value);
    }
  };
  visit(schema);
  return max;
}
