import { LakelabError } from "../../../errors";

/** An operation as the spec's CatalogConfig `endpoints` names it: `"<VERB> <path template>"`. */
export type Endpoint = `${"GET" | "HEAD" | "POST" | "DELETE"} /v1/{prefix}/${string}`;

export const ENDPOINTS = {
  listNamespaces: "GET /v1/{prefix}/namespaces",
  createNamespace: "POST /v1/{prefix}/namespaces",
  loadNamespace: "GET /v1/{prefix}/namespaces/{namespace}",
  namespaceExists: "HEAD /v1/{prefix}/namespaces/{namespace}",
  dropNamespace: "DELETE /v1/{prefix}/namespaces/{namespace}",
  updateNamespace: "POST /v1/{prefix}/namespaces/{namespace}/properties",
  listTables: "GET /v1/{prefix}/namespaces/{namespace}/tables",
  createTable: "POST /v1/{prefix}/namespaces/{namespace}/tables",
  loadTable: "GET /v1/{prefix}/namespaces/{namespace}/tables/{table}",
  tableExists: "HEAD /v1/{prefix}/namespaces/{namespace}/tables/{table}",
  updateTable: "POST /v1/{prefix}/namespaces/{namespace}/tables/{table}",
  dropTable: "DELETE /v1/{prefix}/namespaces/{namespace}/tables/{table}",
  registerTable: "POST /v1/{prefix}/namespaces/{namespace}/register",
  renameTable: "POST /v1/{prefix}/tables/rename",
} as const satisfies Record<string, Endpoint>;

/** What a server that sends no `endpoints` supports (the list in the spec's getConfig description). */
const DEFAULT_ENDPOINTS: readonly string[] = [
  ENDPOINTS.listNamespaces,
  ENDPOINTS.createNamespace,
  ENDPOINTS.loadNamespace,
  ENDPOINTS.dropNamespace,
  ENDPOINTS.updateNamespace,
  ENDPOINTS.listTables,
  ENDPOINTS.createTable,
  ENDPOINTS.loadTable,
  ENDPOINTS.updateTable,
  ENDPOINTS.dropTable,
  ENDPOINTS.registerTable,
  ENDPOINTS.renameTable,
];

/** The operations a catalog server supports; asking for another is NOT_SUPPORTED before any request. */
export class SupportedEndpoints {
  private readonly set: ReadonlySet<string>;

  constructor(
    advertised: readonly string[] | undefined,
    private readonly where: string,
  ) {
    // Servers differ in spacing; compare on single spaces.
    this.set = new Set((advertised ?? DEFAULT_ENDPOINTS).map((e) => e.trim().replace(/\s+/g, " ")));
  }

  has(endpoint: Endpoint): boolean {
    return this.set.has(endpoint);
  }

  require(endpoint: Endpoint): void {
    if (this.has(endpoint)) return;
    throw new LakelabError(
      "NOT_SUPPORTED",
      `the Iceberg REST catalog at ${this.where} does not support '${endpoint}' (its /v1/config endpoints list: ${[...this.set].join(", ") || "none"})`,
      { context: { endpoint, catalog: this.where } },
    );
  }
}
