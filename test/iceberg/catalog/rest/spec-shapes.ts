/**
 * Hand-made shapes of the REST catalog spec's request bodies (apache/iceberg
 * open-api/rest-catalog-open-api.yaml, components/schemas), each named after its component.
 * Stricter than the spec in one way on purpose: unknown fields are reported (the spec allows
 * them in most objects), so a misspelt field (`snapshotId` for `snapshot-id`) fails a test.
 */
export type Shape =
  | "string"
  | "integer"
  | "int64"
  | "boolean"
  | { readonly const: string }
  | { readonly enum: readonly string[] }
  | { readonly array: Shape }
  | { readonly map: Shape }
  | { readonly nullable: Shape }
  | { readonly any: true }
  | ObjectShape
  | { readonly union: string; readonly on: string; readonly variants: Readonly<Record<string, Shape>> };

export interface ObjectShape {
  readonly name: string;
  readonly required: Readonly<Record<string, Shape>>;
  readonly optional?: Readonly<Record<string, Shape>>;
  /** Shape of fields not listed (a summary's counters); absent: no other fields allowed. */
  readonly rest?: Shape;
}

const obj = (
  name: string,
  required: Record<string, Shape>,
  optional: Record<string, Shape> = {},
  rest?: Shape,
): ObjectShape => ({ name, required, optional, ...(rest ? { rest } : {}) });

/** The problems of `v` against `shape`, each with its path; empty when it conforms. */
export function problems(shape: Shape, v: unknown, path = "$"): string[] {
  if (shape === "string") return typeof v === "string" ? [] : [`${path}: expected a string, got ${show(v)}`];
  if (shape === "boolean")
    return typeof v === "boolean" ? [] : [`${path}: expected a boolean, got ${show(v)}`];
  if (shape === "integer")
    return typeof v === "number" && Number.isInteger(v)
      ? []
      : [`${path}: expected an integer, got ${show(v)}`];
  if (shape === "int64")
    return typeof v === "bigint" || (typeof v === "number" && Number.isSafeInteger(v))
      ? []
      : [`${path}: expected a 64-bit integer, got ${show(v)}`];
  if ("const" in shape)
    return v === shape.const ? [] : [`${path}: expected '${shape.const}', got ${show(v)}`];
  if ("enum" in shape)
    return shape.enum.includes(v as string)
      ? []
      : [`${path}: expected one of ${shape.enum.join("|")}, got ${show(v)}`];
  if ("any" in shape) return [];
  if ("nullable" in shape) return v === null ? [] : problems(shape.nullable, v, path);
  if ("array" in shape) {
    if (!Array.isArray(v)) return [`${path}: expected an array, got ${show(v)}`];
    return v.flatMap((x, i) => problems(shape.array, x, `${path}[${i}]`));
  }
  if (!isObject(v)) return [`${path}: expected an object, got ${show(v)}`];
  if ("map" in shape) return Object.entries(v).flatMap(([k, x]) => problems(shape.map, x, `${path}.${k}`));
  if ("union" in shape) {
    const tag = v[shape.on];
    const variant = typeof tag === "string" ? shape.variants[tag] : undefined;
    if (!variant)
      return [
        `${path}: ${shape.union}.${shape.on} '${String(tag)}' is not one of ${Object.keys(shape.variants).join(", ")}`,
      ];
    return problems(variant, v, path);
  }
  const out: string[] = [];
  for (const [k, s] of Object.entries(shape.required)) {
    if (!(k in v)) out.push(`${path}: ${shape.name} requires '${k}'`);
    else out.push(...problems(s, v[k], `${path}.${k}`));
  }
  for (const [k, x] of Object.entries(v)) {
    if (k in shape.required) continue;
    const s = shape.optional?.[k] ?? shape.rest;
    if (s === undefined) out.push(`${path}: ${shape.name} has no field '${k}'`);
    else out.push(...problems(s, x, `${path}.${k}`));
  }
  return out;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

function show(v: unknown): string {
  return typeof v === "bigint" ? `${v}n` : JSON.stringify(v);
}

const strings: Shape = { array: "string" };
const stringMap: Shape = { map: "string" };

export const TableIdentifier = obj("TableIdentifier", { namespace: strings, name: "string" });
export const CreateNamespaceRequest = obj(
  "CreateNamespaceRequest",
  { namespace: strings },
  { properties: stringMap },
);
export const UpdateNamespacePropertiesRequest = obj(
  "UpdateNamespacePropertiesRequest",
  {},
  { removals: strings, updates: stringMap },
);
export const RenameTableRequest = obj("RenameTableRequest", {
  source: TableIdentifier,
  destination: TableIdentifier,
});
export const RegisterTableRequest = obj(
  "RegisterTableRequest",
  { name: "string", "metadata-location": "string" },
  { overwrite: "boolean" },
);

// Types: primitive names are strings; nested types are checked as objects of their kind.
const Type: Shape = { any: true };
const StructField = obj(
  "StructField",
  { id: "integer", name: "string", type: Type, required: "boolean" },
  { doc: "string" },
);
export const Schema = obj(
  "Schema",
  { type: { const: "struct" }, fields: { array: StructField } },
  { "schema-id": "integer", "identifier-field-ids": { array: "integer" } },
);
const PartitionField = obj(
  "PartitionField",
  { "source-id": "integer", transform: "string", name: "string" },
  { "field-id": "integer" },
);
export const PartitionSpec = obj(
  "PartitionSpec",
  { fields: { array: PartitionField } },
  { "spec-id": "integer" },
);
const SortField = obj("SortField", {
  "source-id": "integer",
  transform: "string",
  direction: { enum: ["asc", "desc"] },
  "null-order": { enum: ["nulls-first", "nulls-last"] },
});
export const SortOrder = obj("SortOrder", { "order-id": "integer", fields: { array: SortField } });
export const Snapshot = obj(
  "Snapshot",
  {
    "snapshot-id": "int64",
    "timestamp-ms": "int64",
    "manifest-list": "string",
    summary: obj(
      "Snapshot.summary",
      { operation: { enum: ["append", "replace", "overwrite", "delete"] } },
      {},
      "string",
    ),
  },
  { "parent-snapshot-id": "int64", "sequence-number": "int64", "schema-id": "integer" },
);
const refFields = {
  "max-ref-age-ms": "int64",
  "max-snapshot-age-ms": "int64",
  "min-snapshots-to-keep": "integer",
} as const;

export const CreateTableRequest = obj(
  "CreateTableRequest",
  { name: "string", schema: Schema },
  {
    location: "string",
    "partition-spec": PartitionSpec,
    "write-order": SortOrder,
    "stage-create": "boolean",
    properties: stringMap,
  },
);

const req = (name: string, type: string, fields: Record<string, Shape> = {}) =>
  obj(name, { type: { const: type }, ...fields });
export const TableRequirement: Shape = {
  union: "TableRequirement",
  on: "type",
  variants: {
    "assert-create": req("AssertCreate", "assert-create"),
    "assert-table-uuid": req("AssertTableUUID", "assert-table-uuid", { uuid: "string" }),
    "assert-ref-snapshot-id": req("AssertRefSnapshotId", "assert-ref-snapshot-id", {
      ref: "string",
      "snapshot-id": { nullable: "int64" },
    }),
    "assert-last-assigned-field-id": req("AssertLastAssignedFieldId", "assert-last-assigned-field-id", {
      "last-assigned-field-id": "integer",
    }),
    "assert-current-schema-id": req("AssertCurrentSchemaId", "assert-current-schema-id", {
      "current-schema-id": "integer",
    }),
    "assert-last-assigned-partition-id": req(
      "AssertLastAssignedPartitionId",
      "assert-last-assigned-partition-id",
      {
        "last-assigned-partition-id": "integer",
      },
    ),
    "assert-default-spec-id": req("AssertDefaultSpecId", "assert-default-spec-id", {
      "default-spec-id": "integer",
    }),
    "assert-default-sort-order-id": req("AssertDefaultSortOrderId", "assert-default-sort-order-id", {
      "default-sort-order-id": "integer",
    }),
  },
};

const upd = (
  name: string,
  action: string,
  required: Record<string, Shape>,
  optional: Record<string, Shape> = {},
) => obj(name, { action: { const: action }, ...required }, optional);
export const TableUpdate: Shape = {
  union: "TableUpdate",
  on: "action",
  variants: {
    "assign-uuid": upd("AssignUUIDUpdate", "assign-uuid", { uuid: "string" }),
    "upgrade-format-version": upd("UpgradeFormatVersionUpdate", "upgrade-format-version", {
      "format-version": "integer",
    }),
    "add-schema": upd("AddSchemaUpdate", "add-schema", { schema: Schema }, { "last-column-id": "integer" }),
    "set-current-schema": upd("SetCurrentSchemaUpdate", "set-current-schema", { "schema-id": "integer" }),
    "add-spec": upd("AddPartitionSpecUpdate", "add-spec", { spec: PartitionSpec }),
    "set-default-spec": upd("SetDefaultSpecUpdate", "set-default-spec", { "spec-id": "integer" }),
    "add-sort-order": upd("AddSortOrderUpdate", "add-sort-order", { "sort-order": SortOrder }),
    "set-default-sort-order": upd("SetDefaultSortOrderUpdate", "set-default-sort-order", {
      "sort-order-id": "integer",
    }),
    "add-snapshot": upd("AddSnapshotUpdate", "add-snapshot", { snapshot: Snapshot }),
    "set-snapshot-ref": upd(
      "SetSnapshotRefUpdate",
      "set-snapshot-ref",
      { "ref-name": "string", type: { enum: ["tag", "branch"] }, "snapshot-id": "int64" },
      refFields,
    ),
    "remove-snapshots": upd("RemoveSnapshotsUpdate", "remove-snapshots", {
      "snapshot-ids": { array: "int64" },
    }),
    "remove-snapshot-ref": upd("RemoveSnapshotRefUpdate", "remove-snapshot-ref", { "ref-name": "string" }),
    "set-location": upd("SetLocationUpdate", "set-location", { location: "string" }),
    "set-properties": upd("SetPropertiesUpdate", "set-properties", { updates: stringMap }),
    "remove-properties": upd("RemovePropertiesUpdate", "remove-properties", { removals: strings }),
  },
};

export const CommitTableRequest = obj(
  "CommitTableRequest",
  { requirements: { array: TableRequirement }, updates: { array: TableUpdate } },
  { identifier: TableIdentifier },
);

/** OAuthClientCredentialsRequest, the form body of `POST /v1/oauth/tokens`. */
export const OAuthClientCredentialsRequest = obj(
  "OAuthClientCredentialsRequest",
  { grant_type: { const: "client_credentials" }, client_id: "string", client_secret: "string" },
  { scope: "string" },
);
