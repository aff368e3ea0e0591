import * as path from "node:path";
import type * as arrow from "apache-arrow";
import { LakelabError } from "../../errors";
import { arrowToIcebergSchema } from "../arrow/arrow-to-iceberg-schema";
import type { Catalog } from "../catalog/catalog";
import { SqlCatalog } from "../catalog/sql/sql-catalog";
import {
  formatTableIdentifier,
  parseNamespace,
  parseTableIdentifier,
  type TableIdentifier,
} from "../catalog/table-identifier";
import type { StorageProperties } from "../io/file-io-for";
import { toLocalPath } from "../io/local-file-io";
import { isS3Location } from "../io/s3-location";
import { registerTable as registerExisting } from "../maintenance/register-table";
import type { PartitionSpec } from "../spec/partition-spec";
import type { Schema } from "../spec/schema";
import { newTableMetadata } from "../transaction/new-table-metadata";
import { buildPartitionSpec, type PartitionByField } from "./partition-by";
import type { Table } from "./table";
import { TableWriter, tableOf, type WriteOptions } from "./table-writer";

export type Identifier = string | readonly string[] | TableIdentifier;

export interface OpenCatalogOptions {
  /** Folder or `s3://bucket/prefix` of new tables; default `./warehouse`. */
  readonly warehouse?: string;
  /** The SQLite catalog file; default `<warehouse>/catalog.db` (required for an S3 warehouse). */
  readonly uri?: string;
  /** Object storage settings by Iceberg's names: `s3.endpoint`, `s3.region`, `s3.access-key-id`, ... */
  readonly storage?: StorageProperties;
  /** `catalog_name` in the catalog tables; default `default`. */
  readonly name?: string;
}

/**
 * Opens (creating if needed) the embedded SQL catalog.
 * @example const catalog = await openCatalog({ warehouse: "./warehouse" });
 * @example await openCatalog({ warehouse: "s3://bucket/wh", uri: "./catalog.db", storage: { "s3.endpoint": "http://127.0.0.1:9000" } })
 */
export async function openCatalog(options: OpenCatalogOptions = {}): Promise<IcebergCatalog> {
  const given = options.warehouse ?? "./warehouse";
  const remote = isS3Location(given);
  if (remote && options.uri === undefined) {
    throw new LakelabError(
      "CONFIG_INVALID",
      `an S3 warehouse (${given}) needs a local catalog file: pass uri, e.g. "./catalog.db"`,
      { context: { warehouse: given } },
    );
  }
  const warehouse = remote ? given : toLocalPath(given);
  const uri = options.uri ?? path.join(warehouse, "catalog.db");
  return new IcebergCatalog(
    new SqlCatalog({ name: options.name ?? "default", uri, warehouse, storage: options.storage ?? {} }),
  );
}

/** The user-facing catalog: namespaces, tables, and Spark-style `writeTo`. */
export class IcebergCatalog {
  constructor(readonly catalog: Catalog) {}

  get name(): string {
    return this.catalog.name;
  }

  async createNamespace(
    namespace: string | readonly string[],
    properties: Record<string, string> = {},
  ): Promise<void> {
    await this.catalog.createNamespace(parseNamespace(namespace), properties);
  }

  /** Like createNamespace, but an existing namespace is fine. */
  async createNamespaceIfNotExists(namespace: string | readonly string[]): Promise<void> {
    const ns = parseNamespace(namespace);
    if (!(await this.catalog.namespaceExists(ns))) await this.catalog.createNamespace(ns);
  }

  /** Namespaces as dotted names, e.g. `["default"]`. */
  async listNamespaces(): Promise<string[]> {
    return (await this.catalog.listNamespaces()).map((ns) => ns.join("."));
  }

  async dropNamespace(namespace: string | readonly string[]): Promise<void> {
    await this.catalog.dropNamespace(parseNamespace(namespace));
  }

  async namespaceProperties(namespace: string | readonly string[]): Promise<Record<string, string>> {
    return this.catalog.namespaceProperties(parseNamespace(namespace));
  }

  async updateNamespaceProperties(
    namespace: string | readonly string[],
    updates: Record<string, string>,
    removals: readonly string[] = [],
  ): Promise<void> {
    await this.catalog.updateNamespaceProperties(parseNamespace(namespace), updates, removals);
  }

  /** Tables of a namespace as `namespace.table` names. */
  async listTables(namespace: string | readonly string[]): Promise<string[]> {
    return (await this.catalog.listTables(parseNamespace(namespace))).map(formatTableIdentifier);
  }

  async tableExists(identifier: Identifier): Promise<boolean> {
    return this.catalog.tableExists(parseTableIdentifier(identifier));
  }

  /**
   * Creates an empty table. `schema` is an Iceberg schema (ids are re-assigned 1..n as Iceberg
   * does) or an Arrow schema; `partitionSpec` is the friendly `partitionBy` list or a spec.
   */
  async createTable(
    identifier: Identifier,
    schema: Schema | arrow.Schema,
    options: {
      partitionSpec?: readonly PartitionByField[] | PartitionSpec;
      properties?: Record<string, string>;
    } = {},
  ): Promise<Table> {
    const id = parseTableIdentifier(identifier);
    const assigned = isIcebergSchema(schema) ? freshIds(schema) : arrowToIcebergSchema(schema);
    const ps = options.partitionSpec;
    const spec =
      ps === undefined || Array.isArray(ps)
        ? buildPartitionSpec((ps ?? []) as readonly PartitionByField[], assigned.schema)
        : (ps as PartitionSpec);
    const metadata = newTableMetadata({
      location: this.catalog.defaultTableLocation(id),
      schema: assigned.schema,
      lastColumnId: assigned.lastColumnId,
      partitionSpec: spec,
      properties: options.properties ?? {},
    });
    const loaded = await this.catalog.createTable(id, metadata);
    return tableOf(this.catalog, id, loaded.metadata, loaded.metadataLocation, loaded.io);
  }

  async loadTable(identifier: Identifier): Promise<Table> {
    const id = parseTableIdentifier(identifier);
    const loaded = await this.catalog.loadTable(id);
    return tableOf(this.catalog, id, loaded.metadata, loaded.metadataLocation, loaded.io);
  }

  /** Removes a table from the catalog; `purge` also deletes its folder. */
  async dropTable(identifier: Identifier, options: { purge?: boolean } = {}): Promise<void> {
    await this.catalog.dropTable(parseTableIdentifier(identifier), options);
  }

  /** Adds an existing table (its metadata file: a URI or a local path, stored as a file:// URI) to the catalog. */
  async registerTable(identifier: Identifier, metadataLocation: string): Promise<Table> {
    const id = parseTableIdentifier(identifier);
    const loaded = await registerExisting(this.catalog, id, metadataLocation);
    return tableOf(this.catalog, id, loaded.metadata, loaded.metadataLocation, loaded.io);
  }

  /** Spark's DataFrameWriterV2: `writeTo("default.training").createOrReplace(data)` / `.append(data)`. */
  writeTo(identifier: Identifier, options: WriteOptions = {}): TableWriter {
    if (options.targetFileSizeBytes !== undefined && !(options.targetFileSizeBytes > 0)) {
      throw new LakelabError(
        "INVALID_PARAMETER_VALUE",
        `targetFileSizeBytes must be a positive number of bytes`,
        {
          context: { targetFileSizeBytes: options.targetFileSizeBytes },
        },
      );
    }
    return new TableWriter(this.catalog, parseTableIdentifier(identifier), options);
  }

  close(): void {
    this.catalog.close();
  }
}

function isIcebergSchema(s: Schema | arrow.Schema): s is Schema {
  return (s as Schema).type === "struct" && Array.isArray((s as Schema).fields) && "schemaId" in s;
}

/** Iceberg assigns fresh ids 1..n (breadth-first) to the schema of a new table. */
function freshIds(schema: Schema): { schema: Schema; lastColumnId: number } {
  const ids = (f: Schema["fields"]): number[] => f.map((x) => x.id);
  const max = (xs: number[]) => xs.reduce((a, b) => Math.max(a, b), 0);
  // Keep the caller's ids when they are already a valid assignment (the common case).
  const top = ids(schema.fields);
  if (new Set(top).size === top.length && top.every((id) => id > 0)) {
    return { schema: { ...schema, schemaId: 0 }, lastColumnId: Math.max(max(top), maxNested(schema)) };
  }
  throw new LakelabError("INVALID_ARGUMENT", "schema field ids must be unique positive integers", {
    context: { ids: top },
  });
}

function maxNested(schema: Schema): number {
  let max = 0;
  JSON.stringify(schema, (k, v) => {
    if ((k === "id" || k === "elementId" || k === "keyId" || k === "valueId") && typeof v === "number")
      max = Math.max(max, v);
    return v;
  });
  return max;
}
