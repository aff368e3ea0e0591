/**
 * Table metadata as a stand-in catalog server keeps it: plain JSON objects, built from a
 * CreateTableRequest and changed by a CommitTableRequest's updates, independently of
 * lakelab's own applyUpdates. Covers the updates and requirements lakelab sends; less strict
 * than a real catalog: it does not re-assign ids or validate schemas, specs or snapshots.
 */
import { randomUUID } from "node:crypto";

export type Json = Record<string, unknown>;

/** Metadata of a new table from a CreateTableRequest body. */
export function metadataFromCreate(body: Json, location: string): Json {
  const schema: Json = { ...(body.schema as Json), "schema-id": 0 };
  const spec = {
    "spec-id": 0,
    fields: ((body["partition-spec"] as Json | undefined)?.fields as unknown[]) ?? [],
  };
  const order = (body["write-order"] as Json | undefined) ?? { "order-id": 0, fields: [] };
  return {
    ...emptyMetadata(),
    location,
    "last-column-id": maxFieldId(schema.fields as Json[]),
    schemas: [schema],
    "partition-specs": [spec],
    "last-partition-id": Math.max(999, ...spec.fields.map((f) => Number((f as Json)["field-id"] ?? 999))),
    "sort-orders": [order],
    "default-sort-order-id": Number(order["order-id"] ?? 0),
    properties: (body.properties as Json) ?? {},
  };
}

/** What a create transaction starts from: nothing but a uuid the first update replaces. */
export function emptyMetadata(): Json {
  return {
    "format-version": 2,
    "table-uuid": randomUUID(),
    location: "",
    "last-sequence-number": 0,
    "last-updated-ms": Date.now(),
    "last-column-id": 0,
    "current-schema-id": 0,
    schemas: [],
    "default-spec-id": 0,
    "partition-specs": [],
    "last-partition-id": 999,
    "default-sort-order-id": 0,
    "sort-orders": [],
    properties: {},
    "current-snapshot-id": -1,
    refs: {},
    snapshots: [],
    "snapshot-log": [],
    "metadata-log": [],
  };
}

/** The first requirement `m` (undefined: no table) fails, as the catalog would word it; undefined when all hold. */
export function failedRequirement(m: Json | undefined, requirements: Json[]): string | undefined {
  for (const r of requirements) {
    if (r.type === "assert-create") {
      if (m) return "Requirement failed: table already exists";
      continue;
    }
    if (!m) return "Requirement failed: table does not exist";
    const refs = m.refs as Record<string, Json>;
    switch (r.type) {
      case "assert-table-uuid":
        if (m["table-uuid"] !== r.uuid) return `Requirement failed: UUID does not match: expected ${r.uuid}`;
        break;
      case "assert-ref-snapshot-id": {
        const ref = refs[r.ref as string];
        const want = r["snapshot-id"];
        if (want === null && ref)
          return `Requirement failed: branch or tag ${r.ref} was created concurrently`;
        if (want !== null && (!ref || BigInt(ref["snapshot-id"] as bigint) !== BigInt(want as bigint)))
          return `Requirement failed: branch ${r.ref} has changed: expected id ${want}`;
        break;
      }
      case "assert-current-schema-id":
        if (m["current-schema-id"] !== r["current-schema-id"])
          return "Requirement failed: current schema changed";
        break;
      case "assert-last-assigned-field-id":
        if (m["last-column-id"] !== r["last-assigned-field-id"])
          return "Requirement failed: last assigned field id changed";
        break;
      case "assert-default-spec-id":
        if (m["default-spec-id"] !== r["default-spec-id"]) return "Requirement failed: default spec changed";
        break;
      default:
        break;
    }
  }
  return undefined;
}

/** `m` with `updates` applied (a copy). */
export function applyJsonUpdates(base: Json, updates: Json[]): Json {
  const m: Json = structuredClone(base);
  const list = (k: string) => m[k] as Json[];
  const lastId = (k: string, id: string) => Number(list(k)[list(k).length - 1]?.[id] ?? 0);
  for (const u of updates) {
    switch (u.action) {
      case "assign-uuid":
        m["table-uuid"] = u.uuid;
        break;
      case "upgrade-format-version":
        m["format-version"] = u["format-version"];
        break;
      case "add-schema":
        list("schemas").push(u.schema as Json);
        m["last-column-id"] = Math.max(Number(m["last-column-id"]), Number(u["last-column-id"] ?? 0));
        break;
      case "set-current-schema":
        m["current-schema-id"] = u["schema-id"] === -1 ? lastId("schemas", "schema-id") : u["schema-id"];
        break;
      case "add-spec":
        list("partition-specs").push(u.spec as Json);
        break;
      case "set-default-spec":
        m["default-spec-id"] = u["spec-id"] === -1 ? lastId("partition-specs", "spec-id") : u["spec-id"];
        break;
      case "add-sort-order":
        list("sort-orders").push(u["sort-order"] as Json);
        break;
      case "set-default-sort-order":
        m["default-sort-order-id"] = u["sort-order-id"];
        break;
      case "add-snapshot": {
        const s = u.snapshot as Json;
        list("snapshots").push(s);
        m["last-sequence-number"] = s["sequence-number"] ?? m["last-sequence-number"];
        break;
      }
      case "set-snapshot-ref": {
        const { action: _a, "ref-name": name, ...ref } = u;
        (m.refs as Json)[name as string] = ref;
        if (name === "main") {
          m["current-snapshot-id"] = ref["snapshot-id"];
          list("snapshot-log").push({ "timestamp-ms": Date.now(), "snapshot-id": ref["snapshot-id"] });
        }
        break;
      }
      case "remove-snapshot-ref":
        delete (m.refs as Json)[u["ref-name"] as string];
        break;
      case "set-location":
        m.location = u.location;
        break;
      case "set-properties":
        m.properties = { ...(m.properties as Json), ...(u.updates as Json) };
        break;
      case "remove-properties":
        for (const k of u.removals as string[]) delete (m.properties as Json)[k];
        break;
      default:
        throw new Error(`stand-in catalog: unsupported update ${String(u.action)}`);
    }
  }
  m["last-updated-ms"] = Date.now();
  return m;
}

function maxFieldId(fields: Json[]): number {
  let max = 0;
  JSON.stringify(fields, (k, v) => {
    if ((k === "id" || k === "element-id" || k === "key-id" || k === "value-id") && typeof v === "number")
      max = Math.max(max, v);
    return v;
  });
  return max;
}
