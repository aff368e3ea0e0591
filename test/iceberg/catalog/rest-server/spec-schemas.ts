/**
 * Response components of apache/iceberg open-api/rest-catalog-open-api.yaml, written by hand as
 * small schemas (required fields, field types, closed objects where the spec says
 * additionalProperties: false), so the raw-HTTP tests check shapes field by field.
 */
export type Shape =
  | "string"
  | "integer"
  | "boolean"
  | "any"
  | { readonly arrayOf: Shape }
  | { readonly mapOf: Shape }
  | {
      readonly name: string;
      readonly required: Readonly<Record<string, Shape>>;
      readonly optional?: Readonly<Record<string, Shape>>;
      readonly closed?: boolean;
    };

const Namespace: Shape = { arrayOf: "string" };
const StringMap: Shape = { mapOf: "string" };

export const ErrorModel: Shape = {
  name: "ErrorModel",
  required: { message: "string", type: "string", code: "integer" },
  optional: { stack: { arrayOf: "string" } },
};
export const IcebergErrorResponse: Shape = {
  name: "IcebergErrorResponse",
  required: { error: ErrorModel },
  closed: true,
};
export const CatalogConfig: Shape = {
  name: "CatalogConfig",
  required: { defaults: StringMap, overrides: StringMap },
  optional: { endpoints: { arrayOf: "string" } },
};
export const CreateNamespaceResponse: Shape = {
  name: "CreateNamespaceResponse",
  required: { namespace: Namespace },
  optional: { properties: StringMap },
};
export const GetNamespaceResponse: Shape = { ...CreateNamespaceResponse, name: "GetNamespaceResponse" };
export const ListNamespacesResponse: Shape = {
  name: "ListNamespacesResponse",
  required: {},
  optional: { namespaces: { arrayOf: Namespace }, "next-page-token": "string" },
};
export const UpdateNamespacePropertiesResponse: Shape = {
  name: "UpdateNamespacePropertiesResponse",
  required: { updated: { arrayOf: "string" }, removed: { arrayOf: "string" } },
  optional: { missing: { arrayOf: "string" } },
};
export const TableIdentifier: Shape = {
  name: "TableIdentifier",
  required: { namespace: Namespace, name: "string" },
};
export const ListTablesResponse: Shape = {
  name: "ListTablesResponse",
  required: {},
  optional: { identifiers: { arrayOf: TableIdentifier }, "next-page-token": "string" },
};
/** TableMetadata's fields a v2 table must carry (format/spec.md, "Table Metadata Fields"). */
export const TableMetadata: Shape = {
  name: "TableMetadata",
  required: {
    "format-version": "integer",
    "table-uuid": "string",
    location: "string",
    "last-sequence-number": "integer",
    "last-updated-ms": "integer",
    "last-column-id": "integer",
    schemas: { arrayOf: "any" },
    "current-schema-id": "integer",
    "partition-specs": { arrayOf: "any" },
    "default-spec-id": "integer",
    "last-partition-id": "integer",
    "sort-orders": { arrayOf: "any" },
    "default-sort-order-id": "integer",
  },
  optional: {
    properties: StringMap,
    "current-snapshot-id": "integer",
    snapshots: { arrayOf: "any" },
    refs: { mapOf: "any" },
    "snapshot-log": { arrayOf: "any" },
    "metadata-log": { arrayOf: "any" },
  },
};
export const StorageCredential: Shape = {
  name: "StorageCredential",
  required: { prefix: "string", config: StringMap },
};
export const LoadCredentialsResponse: Shape = {
  name: "LoadCredentialsResponse",
  required: { "storage-credentials": { arrayOf: StorageCredential } },
};
export const LoadTableResult: Shape = {
  name: "LoadTableResult",
  required: { metadata: TableMetadata },
  optional: {
    "metadata-location": "string",
    config: StringMap,
    "storage-credentials": { arrayOf: StorageCredential },
  },
};
export const CommitTableResponse: Shape = {
  name: "CommitTableResponse",
  required: { "metadata-location": "string", metadata: TableMetadata },
};
export const OAuthTokenResponse: Shape = {
  name: "OAuthTokenResponse",
  required: { access_token: "string", token_type: "string" },
  optional: { expires_in: "integer", issued_token_type: "string", refresh_token: "string", scope: "string" },
};
export const OAuthError: Shape = {
  name: "OAuthError",
  required: { error: "string" },
  optional: { error_description: "string", error_uri: "string" },
};

/** Every way `value` departs from `shape`, as `path: problem` lines (empty when it conforms). */
export function problems(value: unknown, shape: Shape, at = "$"): string[] {
  if (shape === "any") return value === undefined ? [`${at}: missing`] : [];
  if (shape === "string") return typeof value === "string" ? [] : [`${at}: expected a string`];
  if (shape === "boolean") return typeof value === "boolean" ? [] : [`${at}: expected a boolean`];
  if (shape === "integer") {
    const ok = typeof value === "bigint" || (typeof value === "number" && Number.isInteger(value));
    return ok ? [] : [`${at}: expected an integer`];
  }
  if ("arrayOf" in shape) {
    if (!Array.isArray(value)) return [`${at}: expected an array`];
    return value.flatMap((v, i) => problems(v, shape.arrayOf, `${at}[${i}]`));
  }
  if (value === null || typeof value !== "object" || Array.isArray(value))
    return [`${at}: expected an object`];
  const obj = value as Record<string, unknown>;
  if ("mapOf" in shape)
    return Object.entries(obj).flatMap(([k, v]) => problems(v, shape.mapOf, `${at}.${k}`));
  const out: string[] = [];
  for (const [k, s] of Object.entries(shape.required)) {
    if (obj[k] === undefined) out.push(`${at}.${k}: required by ${shape.name}`);
    else out.push(...problems(obj[k], s, `${at}.${k}`));
  }
  for (const [k, s] of Object.entries(shape.optional ?? {})) {
    if (obj[k] !== undefined && obj[k] !== null) out.push(...problems(obj[k], s, `${at}.${k}`));
  }
  if (shape.closed) {
    const known = new Set([...Object.keys(shape.required), ...Object.keys(shape.optional ?? {})]);
    for (const k of Object.keys(obj)) if (!known.has(k)) out.push(`${at}.${k}: not allowed in ${shape.name}`);
  }
  return out;
}
