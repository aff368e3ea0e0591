import type { FileIO } from "../io/file-io";
import type { TableMetadata } from "../spec/table-metadata";
import type { TableOperations, TableState } from "../transaction/table-operations";
import type { TableRequirement } from "../transaction/table-requirement";
import type { TableUpdate } from "../transaction/table-update";
import type { TableIdentifier } from "./table-identifier";

/** A table as the catalog knows it: where its current metadata file is, and what it says. */
export interface LoadedTable extends TableState {
  readonly identifier: TableIdentifier;
  /** The table's own FileIO when it differs from the catalog's (REST vended credentials). */
  readonly io?: FileIO;
}

/**
 * What lakelab needs from an Iceberg catalog. Implementations: `SqlCatalog` (SQLite, JDBC
 * schema) and `RestCatalog` (the Iceberg REST protocol). Commits go through `commitTable`, which checks requirements against the current
 * metadata, writes the next metadata file and swaps the pointer atomically.
 */
export interface Catalog {
  readonly name: string;
  readonly io: FileIO;
  /** Where a new table's files go: `<warehouse>/<namespace>/<table>`. */
  defaultTableLocation(identifier: TableIdentifier): string;

  createNamespace(namespace: readonly string[], properties?: Readonly<Record<string, string>>): Promise<void>;
  listNamespaces(): Promise<string[][]>;
  namespaceExists(namespace: readonly string[]): Promise<boolean>;
  /** Drops an empty namespace; NAMESPACE_NOT_EMPTY when tables remain. */
  dropNamespace(namespace: readonly string[]): Promise<void>;
  namespaceProperties(namespace: readonly string[]): Promise<Record<string, string>>;
  updateNamespaceProperties(
    namespace: readonly string[],
    updates: Readonly<Record<string, string>>,
    removals?: readonly string[],
  ): Promise<void>;

  listTables(namespace: readonly string[]): Promise<TableIdentifier[]>;
  tableExists(identifier: TableIdentifier): Promise<boolean>;
  /**
   * Where a new table's files go and the FileIO to write them with, asked before any file is
   * written: a REST catalog answers a stage-create (the server picks the location and may vend
   * credentials for it). Catalogs without it use `defaultTableLocation` and `io`.
   */
  stageTable?(identifier: TableIdentifier, draft: TableMetadata): Promise<{ location: string; io: FileIO }>;
  /** Writes `metadata` as the table's first metadata file and registers it; TABLE_ALREADY_EXISTS if taken. */
  createTable(identifier: TableIdentifier, metadata: TableMetadata): Promise<LoadedTable>;
  /** Registers an existing metadata file under a new identifier. */
  registerTable(identifier: TableIdentifier, metadataLocation: string): Promise<LoadedTable>;
  loadTable(identifier: TableIdentifier): Promise<LoadedTable>;
  /** Removes the table from the catalog; with `purge`, deletes its files too. */
  dropTable(identifier: TableIdentifier, options?: { purge?: boolean }): Promise<void>;
  /**
   * Checks `requirements` against the current metadata, applies `updates`, writes the next
   * metadata file and swaps the pointer with compare-and-set. With `base`, a pointer that moved
   * since `base` was loaded is a retryable COMMIT_CONFLICT.
   */
  commitTable(
    identifier: TableIdentifier,
    requirements: readonly TableRequirement[],
    updates: readonly TableUpdate[],
    base?: TableState,
  ): Promise<LoadedTable>;
  /** The table's load/commit pair, as transactions use it. */
  tableOperations(identifier: TableIdentifier): TableOperations;
  close(): void;
}
