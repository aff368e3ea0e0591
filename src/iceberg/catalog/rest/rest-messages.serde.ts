/**
 * JSON shapes of the REST catalog's requests and responses (open-api/rest-catalog-open-api.yaml
 * components). Responses are parsed bigint-safe; a malformed one is METADATA_CORRUPT naming the
 * request it answered.
 */
import { LakelabError } from "../../../errors";
import { JsonFields, type JsonObject, type JsonValue, stringifyJson } from "../../spec/json";
import { partitionSpecToJson } from "../../spec/partition-spec.serde";
import { schemaToJson } from "../../spec/schema.serde";
import { sortOrderToJson } from "../../spec/sort-order.serde";
import type { TableMetadata } from "../../spec/table-metadata";
import { parseTableMetadata } from "../../spec/table-metadata.serde";
import type { TableIdentifier } from "../table-identifier";

/** CatalogConfig: server defaults and overrides, and the endpoints it supports (absent: the spec's default set). */
export interface CatalogConfig {
  readonly defaults: Readonly<Record<string, string>>;
  readonly overrides: Readonly<Record<string, string>>;
  readonly endpoints?: readonly string[];
}

export function parseCatalogConfig(v: JsonValue, source: string): CatalogConfig {
  const f = JsonFields.of(v, "", source);
  const endpoints = f.has("endpoints") ? strings(f, "endpoints") : undefined;
  return {
    defaults: f.has("defaults") ? f.strMap("defaults") : {},
    overrides: f.has("overrides") ? f.strMap("overrides") : {},
    ...(endpoints ? { endpoints } : {}),
  };
}

/** OAuthTokenResponse: the token and, when the server says, its lifetime in seconds. */
export interface OAuthToken {
  readonly accessToken: string;
  readonly expiresInSeconds?: number;
}

export function parseOAuthTokenResponse(v: JsonValue, source: string): OAuthToken {
  const f = JsonFields.of(v, "", source);
  f.str("token_type");
  const expires = f.optInt("expires_in");
  return {
    accessToken: f.str("access_token"),
    ...(expires !== undefined ? { expiresInSeconds: expires } : {}),
  };
}

/** StorageCredential: config that applies to locations under `prefix`. */
export interface StorageCredential {
  readonly prefix: string;
  readonly config: Readonly<Record<string, string>>;
}

/** LoadTableResult (also the create, register and commit answers). `metadataLocation` is absent for a staged create. */
export interface LoadTableResult {
  readonly metadataLocation?: string;
  readonly metadata: TableMetadata;
  readonly config: Readonly<Record<string, string>>;
  readonly storageCredentials: readonly StorageCredential[];
}

export function parseLoadTableResult(v: JsonValue, source: string): LoadTableResult {
  const f = JsonFields.of(v, "", source);
  const location = f.optStr("metadata-location");
  // Re-serialising the sub-object keeps 64-bit ids exact (they are bigints already).
  const metadata = parseTableMetadata(stringifyJson(f.obj_("metadata").obj), `${source} (metadata)`);
  return {
    ...(location !== undefined ? { metadataLocation: location } : {}),
    metadata,
    config: f.has("config") ? f.strMap("config") : {},
    storageCredentials: f
      .optObjects("storage-credentials")
      .map((c) => ({ prefix: c.str("prefix"), config: c.strMap("config") })),
  };
}

/** One page of ListNamespacesResponse / ListTablesResponse. */
export interface Page<T> {
  readonly items: T[];
  readonly nextPageToken?: string;
}

export function parseListNamespaces(v: JsonValue, source: string): Page<string[]> {
  const f = JsonFields.of(v, "", source);
  const items = (f.has("namespaces") ? f.arr("namespaces") : []).map((ns, i) =>
    strings(JsonFields.of({ ns } as JsonObject, `namespaces[${i}]`, source), "ns"),
  );
  return withToken(items, f);
}

export function parseListTables(v: JsonValue, source: string): Page<TableIdentifier> {
  const f = JsonFields.of(v, "", source);
  const items = f
    .optObjects("identifiers")
    .map((id) => ({ namespace: strings(id, "namespace"), name: id.str("name") }));
  return withToken(items, f);
}

/** GetNamespaceResponse / CreateNamespaceResponse properties (null when the server keeps none). */
export function parseNamespaceProperties(v: JsonValue, source: string): Record<string, string> {
  const f = JsonFields.of(v, "", source);
  return f.has("properties") ? f.strMap("properties") : {};
}

/** CreateTableRequest for `metadata`'s schema, spec, sort order, location and properties. */
export function createTableRequest(name: string, m: TableMetadata, stageCreate: boolean): JsonObject {
  const schema = m.schemas.find((s) => s.schemaId === m.currentSchemaId)!;
  const spec = m.partitionSpecs.find((s) => s.specId === m.defaultSpecId)!;
  const order = m.sortOrders.find((o) => o.orderId === m.defaultSortOrderId)!;
  return {
    name,
    // no location: the server chooses one (a staged draft before the client knows it)
    ...(m.location !== "" ? { location: m.location } : {}),
    schema: schemaToJson(schema),
    "partition-spec": partitionSpecToJson(spec),
    "write-order": sortOrderToJson(order),
    "stage-create": stageCreate,
    properties: { ...m.properties },
  };
}

/** IcebergErrorResponse's ErrorModel, when the body is one. */
export interface ErrorModel {
  readonly message: string;
  readonly type: string;
  readonly code?: number;
}

export function parseErrorModel(v: JsonValue | undefined): ErrorModel | undefined {
  if (v === null || typeof v !== "object" || Array.isArray(v)) return undefined;
  const e = v.error;
  if (e === null || typeof e !== "object" || Array.isArray(e)) return undefined;
  const message = typeof e.message === "string" ? e.message : "";
  const type = typeof e.type === "string" ? e.type : "";
  return { message, type, ...(typeof e.code === "number" ? { code: e.code } : {}) };
}

function strings(f: JsonFields, key: string): string[] {
  return f.arr(key).map((x, i) => {
    if (typeof x === "string") return x;
    const field = `${f.path ? `${f.path}.` : ""}${key}[${i}]`;
    throw new LakelabError("METADATA_CORRUPT", `${f.source}: field '${field}' should be a string`, {
      context: { source: f.source, field },
    });
  });
}

function withToken<T>(items: T[], f: JsonFields): Page<T> {
  const token = f.optStr("next-page-token");
  return token ? { items, nextPageToken: token } : { items };
}
