import { inspect } from "node:util";
import { isLakelabError, LakelabError } from "../../../errors";
import type { FileIO } from "../../io/file-io";
import { fileIOFor } from "../../io/file-io-for";
import type { TableMetadata } from "../../spec/table-metadata";
import type { TableOperations, TableState } from "../../transaction/table-operations";
import type { TableRequirement } from "../../transaction/table-requirement";
import type { TableUpdate } from "../../transaction/table-update";
import type { Catalog, LoadedTable } from "../catalog";
import { formatTableIdentifier, type TableIdentifier } from "../table-identifier";
import { ENDPOINTS, type Endpoint } from "./endpoints";
import type { RestCall } from "./rest-http-client";
import {
  createTableRequest,
  type LoadTableResult,
  parseListNamespaces,
  parseListTables,
  parseLoadTableResult,
  parseNamespaceProperties,
} from "./rest-messages.serde";
import type { RestPaths } from "./rest-paths";
import { maskedProperties, type Properties, secretValues, storageProperties } from "./rest-properties";
import { type RestCatalogOptions, RestSession } from "./rest-session";
import { commitTableRequest, createTableUpdates } from "./table-change.serde";
import { followingFileIO, tableFileIO } from "./table-io";

export type { RestCatalogOptions };

const VENDED = { "X-Iceberg-Access-Delegation": "vended-credentials" };

/**
 * An Iceberg REST catalog client (open-api/rest-catalog-open-api.yaml). Tables load with
 * vended credentials, commits send lakelab's requirements and updates as the spec's
 * CommitTableRequest, and the catalog's errors become LakelabErrors with its own message.
 * @example const catalog = new IcebergCatalog(await RestCatalog.connect({ uri: "http://127.0.0.1:8181", properties: { credential: "id:secret" } }));
 */
export class RestCatalog implements Catalog {
  readonly name: string;
  readonly io: FileIO;
  /** The server URI without credentials or query. */
  readonly uri: string;
  readonly #session: RestSession;
  readonly #properties: Properties;
  readonly #paths: RestPaths;
  readonly #tableIO = new Map<string, FileIO>();
  /** Stage-create answers `stageTable` got, used by the `createTable` that follows. */
  readonly #staged = new Map<string, LoadTableResult>();

  private constructor(name: string, session: RestSession) {
    this.name = name;
    this.uri = session.http.shownUri;
    this.#session = session;
    this.#properties = session.properties;
    this.#paths = session.paths;
    this.io = fileIOFor(storageProperties(session.properties));
  }

  /** Authenticates, reads `GET /v1/config` and merges defaults < client properties < overrides. */
  static async connect(options: RestCatalogOptions): Promise<RestCatalog> {
    return new RestCatalog(options.name ?? "rest", await RestSession.open(options));
  }

  /** The merged catalog properties, secrets masked. */
  get properties(): Record<string, string> {
    return maskedProperties(this.#properties);
  }

  defaultTableLocation(id: TableIdentifier): string {
    const warehouse = this.#properties.warehouse ?? "";
    if (!isLocation(warehouse)) {
      throw new LakelabError(
        "CONFIG_INVALID",
        `the REST catalog ${this.uri} gave no warehouse location for new tables (warehouse: '${warehouse}'); set the 'warehouse' option to a location such as s3://bucket/warehouse`,
        { context: { catalog: this.uri } },
      );
    }
    return `${warehouse.replace(/\/+$/, "")}/${id.namespace.join("/")}/${id.name}`;
  }

  // ---- namespaces

  async createNamespace(namespace: readonly string[], properties: Readonly<Record<string, string>> = {}) {
    await this.call(ENDPOINTS.createNamespace, {
      method: "POST",
      path: this.#paths.namespaces(),
      json: { namespace: [...namespace], properties: { ...properties } },
      meaning: { conflict: "NAMESPACE_ALREADY_EXISTS" },
    });
  }

  /** Namespaces directly under `parent` (top-level ones without it), all pages. */
  async listNamespaces(parent: readonly string[] = []): Promise<string[][]> {
    const query: Record<string, string> =
      parent.length > 0 ? { parent: this.#paths.namespaceParam(parent) } : {};
    const path = this.#paths.namespaces();
    return this.#session.pages(
      ENDPOINTS.listNamespaces,
      path,
      parseListNamespaces,
      query,
      "NAMESPACE_NOT_FOUND",
    );
  }

  async namespaceExists(namespace: readonly string[]): Promise<boolean> {
    const head = this.#session.endpoints.has(ENDPOINTS.namespaceExists);
    const res = await this.call(head ? ENDPOINTS.namespaceExists : ENDPOINTS.loadNamespace, {
      method: head ? "HEAD" : "GET",
      path: this.#paths.namespace(namespace),
      allow: [404],
    });
    return res.status !== 404;
  }

  async dropNamespace(namespace: readonly string[]): Promise<void> {
    await this.call(ENDPOINTS.dropNamespace, {
      method: "DELETE",
      path: this.#paths.namespace(namespace),
      meaning: { notFound: "NAMESPACE_NOT_FOUND", conflict: "NAMESPACE_NOT_EMPTY" },
    });
  }

  async namespaceProperties(namespace: readonly string[]): Promise<Record<string, string>> {
    const res = await this.call(ENDPOINTS.loadNamespace, {
      method: "GET",
      path: this.#paths.namespace(namespace),
      meaning: { notFound: "NAMESPACE_NOT_FOUND" },
    });
    return parseNamespaceProperties(res.body ?? {}, `GET ${this.#paths.namespace(namespace)}`);
  }

  async updateNamespaceProperties(
    namespace: readonly string[],
    updates: Readonly<Record<string, string>>,
    removals: readonly string[] = [],
  ): Promise<void> {
    await this.call(ENDPOINTS.updateNamespace, {
      method: "POST",
      path: this.#paths.namespaceProperties(namespace),
      json: { removals: [...removals], updates: { ...updates } },
      meaning: { notFound: "NAMESPACE_NOT_FOUND" },
    });
  }

  // ---- tables

  async listTables(namespace: readonly string[]): Promise<TableIdentifier[]> {
    return this.#session.pages(
      ENDPOINTS.listTables,
      this.#paths.tables(namespace),
      parseListTables,
      {},
      "NAMESPACE_NOT_FOUND",
    );
  }

  async tableExists(id: TableIdentifier): Promise<boolean> {
    const head = this.#session.endpoints.has(ENDPOINTS.tableExists);
    const res = await this.call(head ? ENDPOINTS.tableExists : ENDPOINTS.loadTable, {
      method: head ? "HEAD" : "GET",
      path: this.#paths.table(id),
      allow: [404],
    });
    return res.status !== 404;
  }

  /**
   * Creates the table. Metadata that already holds snapshots (createOrReplace's first write) is
   * created atomically: `stage-create`, then one commit with `assert-create` and every update.
   */
  /**
   * A stage-create without a location unless the warehouse is one: the server says where the
   * table lives and vends credentials for it; nothing is created on the server yet.
   */
  async stageTable(id: TableIdentifier, draft: TableMetadata): Promise<{ location: string; io: FileIO }> {
    const warehouse = this.#properties.warehouse ?? "";
    const location = isLocation(warehouse) ? this.defaultTableLocation(id) : "";
    const res = await this.call(ENDPOINTS.createTable, {
      method: "POST",
      path: this.#paths.tables(id.namespace),
      json: createTableRequest(id.name, { ...draft, location }, true),
      headers: VENDED,
      meaning: { notFound: "NAMESPACE_NOT_FOUND", conflict: "TABLE_ALREADY_EXISTS" },
    });
    const staged = parseLoadTableResult(res.body ?? {}, `POST ${this.#paths.tables(id.namespace)}`);
    if (!isLocation(staged.metadata.location)) {
      throw new LakelabError(
        "CONFIG_INVALID",
        `the REST catalog ${this.uri} staged ${formatTableIdentifier(id)} without a location ('${staged.metadata.location}'); set the 'warehouse' option to a location such as s3://bucket/warehouse`,
        { context: { catalog: this.uri, table: formatTableIdentifier(id) } },
      );
    }
    this.remember(id, staged);
    this.#staged.set(formatTableIdentifier(id), staged);
    return { location: staged.metadata.location, io: this.ioOf(id) };
  }

  async createTable(id: TableIdentifier, metadata: TableMetadata): Promise<LoadedTable> {
    const staged = metadata.snapshots.length > 0;
    const key = formatTableIdentifier(id);
    const earlier = this.#staged.get(key);
    this.#staged.delete(key);
    let created: LoadTableResult;
    if (staged && earlier?.metadata.location === metadata.location) {
      created = earlier; // stageTable already asked; a stage-create changes nothing on the server
    } else {
      const res = await this.call(ENDPOINTS.createTable, {
        method: "POST",
        path: this.#paths.tables(id.namespace),
        json: createTableRequest(id.name, metadata, staged),
        headers: VENDED,
        meaning: { notFound: "NAMESPACE_NOT_FOUND", conflict: "TABLE_ALREADY_EXISTS" },
      });
      created = parseLoadTableResult(res.body ?? {}, `POST ${this.#paths.tables(id.namespace)}`);
      if (!staged) return this.loaded(id, created);
      this.remember(id, created);
    }
    const updates = createTableUpdates({ ...metadata, tableUuid: created.metadata.tableUuid });
    try {
      return await this.commitTable(id, [{ type: "assert-create" }], updates);
    } catch (err) {
      if (!isLakelabError(err, "COMMIT_CONFLICT")) throw err;
      throw new LakelabError(
        "TABLE_ALREADY_EXISTS",
        `table ${formatTableIdentifier(id)} already exists (${err.message})`,
        {
          context: { table: formatTableIdentifier(id) },
        },
      );
    }
  }

  async registerTable(id: TableIdentifier, metadataLocation: string): Promise<LoadedTable> {
    const path = this.#paths.register(id.namespace);
    const res = await this.call(ENDPOINTS.registerTable, {
      method: "POST",
      path,
      // `overwrite` defaults to false in the spec, but pyiceberg 0.12's model requires it.
      json: { name: id.name, "metadata-location": metadataLocation, overwrite: false },
      headers: VENDED,
      meaning: { notFound: "NAMESPACE_NOT_FOUND", conflict: "TABLE_ALREADY_EXISTS" },
    });
    return this.loaded(id, parseLoadTableResult(res.body ?? {}, `POST ${path}`));
  }

  /** Loads with `X-Iceberg-Access-Delegation: vended-credentials`; the table's FileIO uses what the server vends. */
  async loadTable(id: TableIdentifier): Promise<LoadedTable> {
    const path = this.#paths.table(id);
    const res = await this.call(ENDPOINTS.loadTable, {
      method: "GET",
      path,
      headers: VENDED,
      meaning: { notFound: "TABLE_NOT_FOUND" },
    });
    return this.loaded(id, parseLoadTableResult(res.body ?? {}, `GET ${path}`));
  }

  /** Drops the table; with `purge`, asks the server to delete its files too (`purgeRequested=true`). */
  async dropTable(id: TableIdentifier, options: { purge?: boolean } = {}): Promise<void> {
    await this.call(ENDPOINTS.dropTable, {
      method: "DELETE",
      path: this.#paths.table(id),
      query: options.purge ? { purgeRequested: "true" } : {},
      meaning: { notFound: "TABLE_NOT_FOUND" },
    });
    this.#tableIO.delete(formatTableIdentifier(id));
  }

  async renameTable(from: TableIdentifier, to: TableIdentifier): Promise<void> {
    await this.call(ENDPOINTS.renameTable, {
      method: "POST",
      path: this.#paths.rename(),
      json: {
        source: { namespace: [...from.namespace], name: from.name },
        destination: { namespace: [...to.namespace], name: to.name },
      },
      meaning: { notFound: "TABLE_NOT_FOUND", conflict: "TABLE_ALREADY_EXISTS" },
    });
    this.#tableIO.delete(formatTableIdentifier(from));
  }

  /**
   * Sends the spec's CommitTableRequest; the server checks the requirements and swaps the
   * pointer. 409 is a retryable COMMIT_CONFLICT (the transaction reloads and rebuilds);
   * 5xx or a failure after sending is COMMIT_STATE_UNKNOWN, never resent.
   */
  async commitTable(
    id: TableIdentifier,
    requirements: readonly TableRequirement[],
    updates: readonly TableUpdate[],
    base?: TableState,
  ): Promise<LoadedTable> {
    const path = this.#paths.table(id);
    const formatVersion = base?.metadata.formatVersion ?? 2;
    const res = await this.call(ENDPOINTS.updateTable, {
      method: "POST",
      path,
      json: commitTableRequest(id, requirements, updates, formatVersion),
      meaning: { commit: true, notFound: "TABLE_NOT_FOUND" },
    });
    const committed = parseLoadTableResult(res.body ?? {}, `POST ${path}`);
    return {
      identifier: id,
      metadataLocation: this.requireLocation(committed, `POST ${path}`),
      metadata: committed.metadata,
      io: this.ioOf(id),
    };
  }

  tableOperations(id: TableIdentifier): TableOperations {
    return {
      tableName: formatTableIdentifier(id),
      io: this.ioOf(id),
      refresh: () => this.loadTable(id),
      commit: (base, requirements, updates) => this.commitTable(id, requirements, updates, base),
    };
  }

  close(): void {
    this.#tableIO.clear();
  }

  [inspect.custom](): string {
    return `RestCatalog ${inspect({ name: this.name, uri: this.uri, properties: this.properties })}`;
  }

  toJSON(): Record<string, unknown> {
    return { name: this.name, uri: this.uri, properties: this.properties };
  }

  // ---- helpers

  private call(endpoint: Endpoint, call: RestCall) {
    return this.#session.call(endpoint, call);
  }

  private loaded(id: TableIdentifier, result: LoadTableResult): LoadedTable {
    this.remember(id, result);
    return {
      identifier: id,
      metadataLocation: this.requireLocation(result, `table ${formatTableIdentifier(id)}`),
      metadata: result.metadata,
      io: this.ioOf(id),
    };
  }

  /** Keeps the table's FileIO built from what the server vended with this result. */
  private remember(id: TableIdentifier, result: LoadTableResult): void {
    this.#session.http.addSecrets(
      secretValues(result.config),
      ...result.storageCredentials.map((c) => secretValues(c.config)),
    );
    this.#tableIO.set(formatTableIdentifier(id), tableFileIO(this.#properties, result));
  }

  private ioOf(id: TableIdentifier): FileIO {
    const key = formatTableIdentifier(id);
    return followingFileIO(() => this.#tableIO.get(key) ?? this.io);
  }

  private requireLocation(result: LoadTableResult, source: string): string {
    if (result.metadataLocation !== undefined) return result.metadataLocation;
    throw new LakelabError("METADATA_CORRUPT", `${source}: the catalog's answer has no 'metadata-location'`, {
      context: { source },
    });
  }
}

/** A URI with a scheme or an absolute path, as opposed to a warehouse name. */
function isLocation(value: string): boolean {
  return /^([a-z][a-z0-9+.-]*:\/\/|\/)/i.test(value);
}
