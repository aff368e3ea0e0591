/** Response bodies of the REST catalog spec, as JSON text (64-bit ids exact). */
import { stringifyJson } from "../../spec/json";
import type { TableMetadata } from "../../spec/table-metadata";
import { serializeTableMetadata } from "../../spec/table-metadata.serde";
import type { TableIdentifier } from "../table-identifier";

/** "CatalogConfig" */
export function catalogConfigJson(
  overrides: Readonly<Record<string, string>>,
  defaults: Readonly<Record<string, string>>,
  endpoints: readonly string[],
): string {
  return JSON.stringify({ defaults, overrides, endpoints });
}

/** "LoadTableResult" (also "CommitTableResponse", which is its first two fields). */
export function loadTableResultJson(
  metadataLocation: string | undefined,
  metadata: TableMetadata,
  config?: Readonly<Record<string, string>>,
  storageCredentials: readonly StorageCredential[] = [],
): string {
  const parts: string[] = [];
  // a staged table has no metadata file yet: the spec leaves metadata-location out
  if (metadataLocation !== undefined) parts.push(`"metadata-location":${JSON.stringify(metadataLocation)}`);
  parts.push(`"metadata":${serializeTableMetadata(metadata, 0)}`);
  if (config !== undefined) parts.push(`"config":${JSON.stringify(config)}`);
  if (storageCredentials.length > 0)
    parts.push(`"storage-credentials":${JSON.stringify(storageCredentials)}`);
  return `{${parts.join(",")}}`;
}

/** "StorageCredential": storage properties valid for locations under `prefix`. */
export interface StorageCredential {
  readonly prefix: string;
  readonly config: Readonly<Record<string, string>>;
}

/** "LoadCredentialsResponse" */
export function loadCredentialsJson(storageCredentials: readonly StorageCredential[]): string {
  return JSON.stringify({ "storage-credentials": storageCredentials });
}

/** "CreateNamespaceResponse" / "GetNamespaceResponse" */
export function namespaceJson(
  namespace: readonly string[],
  properties: Readonly<Record<string, string>>,
): string {
  return JSON.stringify({ namespace, properties });
}

/** "ListNamespacesResponse" */
export function listNamespacesJson(
  namespaces: readonly (readonly string[])[],
  nextPageToken?: string,
): string {
  return JSON.stringify({ namespaces, ...(nextPageToken ? { "next-page-token": nextPageToken } : {}) });
}

/** "ListTablesResponse" */
export function listTablesJson(identifiers: readonly TableIdentifier[], nextPageToken?: string): string {
  return JSON.stringify({
    identifiers: identifiers.map((i) => ({ namespace: i.namespace, name: i.name })),
    ...(nextPageToken ? { "next-page-token": nextPageToken } : {}),
  });
}

/** "UpdateNamespacePropertiesResponse" */
export function updateNamespacePropertiesJson(
  updated: string[],
  removed: string[],
  missing: string[],
): string {
  return JSON.stringify({ updated, removed, ...(missing.length > 0 ? { missing } : {}) });
}

/** "OAuthTokenResponse" */
export function tokenJson(accessToken: string, expiresInSeconds: number): string {
  return stringifyJson({
    access_token: accessToken,
    token_type: "bearer",
    expires_in: expiresInSeconds,
    issued_token_type: "urn:ietf:params:oauth:token-type:access_token",
  });
}

/** "OAuthError" */
export function oauthErrorJson(
  error: "invalid_client" | "invalid_request" | "unsupported_grant_type",
  description: string,
): string {
  return JSON.stringify({ error, error_description: description });
}
