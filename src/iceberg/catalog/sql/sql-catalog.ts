import * as fs from "node:fs";
import * as path from "node:path";
import Database from "better-sqlite3";
import { LakelabError } from "../../../errors";
import type { FileIO } from "../../io/file-io";
import { fileIOFor, type StorageProperties } from "../../io/file-io-for";
import { toFileUri, toLocalPath } from "../../io/local-file-io";
import { isS3Location } from "../../io/s3-location";
import type { TableMetadata } from "../../spec/table-metadata";
import { applyUpdates, withMetadataLog } from "../../transaction/apply-updates";
import { checkRequirements } from "../../transaction/check-requirements";
import type { TableOperations, TableState } from "../../transaction/table-operations";
import type { TableRequirement } from "../../transaction/table-requirement";
import type { TableUpdate } from "../../transaction/table-update";
import type { Catalog, LoadedTable } from "../catalog";
import { metadataFileLocation, metadataVersion, readMetadataFile, writeMetadataFile } from "../metadata-file";
import { formatTableIdentifier, type TableIdentifier } from "../table-identifier";
import { MetadataCache } from "./metadata-cache";
import {
  CREATE_ICEBERG_TABLES,
  CREATE_NAMESPACE_PROPERTIES,
  ICEBERG_TYPE_TABLE,
  NAMESPACE_EXISTS_PROPERTY,
} from "./sql-schema";

export interface SqlCatalogOptions {
  /** Catalog name stored in every row (`catalog_name`). */
  readonly name: string;
  /** The SQLite file. */
  readonly uri: string;
  /** Folder, file:// URI or s3:// URI new tables are created under. */
  readonly warehouse: string;
  readonly io?: FileIO;
  /** Storage properties (`s3.endpoint`, ...) for the default FileIO when `io` is not given. */
  readonly storage?: StorageProperties;
  /** How long a writer waits for another's lock, in ms. */
  readonly busyTimeoutMs?: number;
}

const TABLE_ROWS = "(iceberg_type = 'TABLE' OR iceberg_type IS NULL)";

/** An Iceberg catalog in a SQLite file with the JDBC catalog schema (what pyiceberg's SqlCatalog reads). */
export class SqlCatalog implements Catalog {
  readonly name: string;
  readonly io: FileIO;
  readonly warehouse: string;
  private readonly db: Database.Database;
  private readonly recent = new MetadataCache();

  constructor(options: SqlCatalogOptions) {
    this.name = options.name;
    this.io = options.io ?? fileIOFor(options.storage ?? {});
    this.warehouse = isS3Location(options.warehouse)
      ? options.warehouse.replace(/\/+$/, "")
      : toFileUri(toLocalPath(options.warehouse));
    const file = toLocalPath(options.uri);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    this.db = new Database(file, { timeout: options.busyTimeoutMs ?? 30_000 });
    this.db.pragma("journal_mode = WAL");
    this.db.pragma(`busy_timeout = ${options.busyTimeoutMs ?? 30_000}`);
    this.ensureTables();
  }

  private ensureTables(): void {
    const has = (t: string) =>
      this.db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(t) !== undefined;
    this.db
      .transaction(() => {
        if (!has("iceberg_tables")) this.db.exec(CREATE_ICEBERG_TABLES);
        if (!has("iceberg_namespace_properties")) this.db.exec(CREATE_NAMESPACE_PROPERTIES);
        const columns = this.db.prepare("PRAGMA table_info(iceberg_tables)").all() as { name: string }[];
        // Catalogs written by Java's JdbcCatalog before views existed lack this column.
        if (!columns.some((c) => c.name === "iceberg_type")) {
          this.db.exec("ALTER TABLE iceberg_tables ADD COLUMN iceberg_type VARCHAR(5)");
        }
      })
      .immediate();
  }

  defaultTableLocation(id: TableIdentifier): string {
    return `${this.warehouse}/${id.namespace.join("/")}/${id.name}`;
  }

  async createNamespace(namespace: readonly string[], properties: Readonly<Record<string, string>> = {}) {
    const ns = namespace.join(".");
    const insert = this.db.prepare(
      "INSERT INTO iceberg_namespace_properties (catalog_name, namespace, property_key, property_value) VALUES (?, ?, ?, ?)",
    );
    this.db
      .transaction(() => {
        if (this.namespaceExistsSync(ns)) {
          throw new LakelabError("NAMESPACE_ALREADY_EXISTS", `namespace '${ns}' already exists`, {
            context: { namespace: ns },
          });
        }
        const entries = Object.entries({ [NAMESPACE_EXISTS_PROPERTY]: "true", ...properties });
        for (const [k, v] of entries) insert.run(this.name, ns, k, v);
      })
      .immediate();
  }

  async listNamespaces(): Promise<string[][]> {
    const rows = this.db
      .prepare(
        `SELECT namespace AS ns FROM iceberg_namespace_properties WHERE catalog_name = ?
         UNION SELECT table_namespace AS ns FROM iceberg_tables WHERE catalog_name = ? ORDER BY ns`,
      )
      .all(this.name, this.name) as { ns: string }[];
    return rows.map((r) => r.ns.split("."));
  }

  async namespaceExists(namespace: readonly string[]): Promise<boolean> {
    return this.namespaceExistsSync(namespace.join("."));
  }

  private namespaceExistsSync(ns: string): boolean {
    const row = this.db
      .prepare(
        `SELECT 1 FROM iceberg_namespace_properties WHERE catalog_name = ? AND namespace = ?
         UNION SELECT 1 FROM iceberg_tables WHERE catalog_name = ? AND table_namespace = ? LIMIT 1`,
      )
      .get(this.name, ns, this.name, ns);
    return row !== undefined;
  }

  private requireNamespace(ns: string): void {
    if (!this.namespaceExistsSync(ns)) {
      const known = (
        this.db
          .prepare("SELECT DISTINCT namespace AS ns FROM iceberg_namespace_properties WHERE catalog_name = ?")
          .all(this.name) as { ns: string }[]
      ).map((r) => r.ns);
      throw new LakelabError(
        "NAMESPACE_NOT_FOUND",
        `namespace '${ns}' does not exist in catalog '${this.name}'${known.length ? `; namespaces: ${known.join(", ")}` : ""}`,
        { context: { namespace: ns } },
      );
    }
  }

  async dropNamespace(namespace: readonly string[]): Promise<void> {
    const ns = namespace.join(".");
    this.db
      .transaction(() => {
        this.requireNamespace(ns);
        const tables = this.db
          .prepare("SELECT table_name FROM iceberg_tables WHERE catalog_name = ? AND table_namespace = ?")
          .all(this.name, ns) as { table_name: string }[];
        if (tables.length > 0) {
          throw new LakelabError(
            "NAMESPACE_NOT_EMPTY",
            `namespace '${ns}' still has ${tables.length} table(s) (${tables.map((t) => t.table_name).join(", ")}); drop them first`,
            { context: { namespace: ns } },
          );
        }
        this.db
          .prepare("DELETE FROM iceberg_namespace_properties WHERE catalog_name = ? AND namespace = ?")
          .run(this.name, ns);
      })
      .immediate();
  }

  async namespaceProperties(namespace: readonly string[]): Promise<Record<string, string>> {
    const ns = namespace.join(".");
    this.requireNamespace(ns);
    const rows = this.db
      .prepare(
        "SELECT property_key AS k, property_value AS v FROM iceberg_namespace_properties WHERE catalog_name = ? AND namespace = ?",
      )
      .all(this.name, ns) as { k: string; v: string }[];
    return Object.fromEntries(rows.map((r) => [r.k, r.v]));
  }

  async updateNamespaceProperties(
    namespace: readonly string[],
    updates: Readonly<Record<string, string>>,
    removals: readonly string[] = [],
  ): Promise<void> {
    const ns = namespace.join(".");
    this.db
      .transaction(() => {
        this.requireNamespace(ns);
        const del = this.db.prepare(
          "DELETE FROM iceberg_namespace_properties WHERE catalog_name = ? AND namespace = ? AND property_key = ?",
        );
        for (const k of removals) del.run(this.name, ns, k);
        const upsert = this.db.prepare(
          `INSERT INTO iceberg_namespace_properties (catalog_name, namespace, property_key, property_value)
         VALUES (?, ?, ?, ?) ON CONFLICT (catalog_name, namespace, property_key) DO UPDATE SET property_value = excluded.property_value`,
        );
        for (const [k, v] of Object.entries(updates)) upsert.run(this.name, ns, k, v);
      })
      .immediate();
  }

  async listTables(namespace: readonly string[]): Promise<TableIdentifier[]> {
    const ns = namespace.join(".");
    this.requireNamespace(ns);
    const rows = this.db
      .prepare(
        `SELECT table_name AS t FROM iceberg_tables WHERE catalog_name = ? AND table_namespace = ? AND ${TABLE_ROWS} ORDER BY t`,
      )
      .all(this.name, ns) as { t: string }[];
    return rows.map((r) => ({ namespace: [...namespace], name: r.t }));
  }

  async tableExists(id: TableIdentifier): Promise<boolean> {
    return this.pointer(id) !== undefined;
  }

  private pointer(id: TableIdentifier): string | undefined {
    const row = this.db
      .prepare(
        `SELECT metadata_location AS loc FROM iceberg_tables WHERE catalog_name = ? AND table_namespace = ? AND table_name = ? AND ${TABLE_ROWS}`,
      )
      .get(this.name, id.namespace.join("."), id.name) as { loc: string | null } | undefined;
    return row === undefined ? undefined : (row.loc ?? "");
  }

  async createTable(id: TableIdentifier, metadata: TableMetadata): Promise<LoadedTable> {
    this.requireNamespace(id.namespace.join("."));
    if (this.pointer(id) !== undefined) throw this.alreadyExists(id);
    const location = metadataFileLocation(metadata.location, 0);
    await writeMetadataFile(this.io, location, metadata);
    this.recent.set(location, metadata);
    try {
      this.insertRow(id, location);
    } catch (err) {
      await this.io.delete(location);
      throw err;
    }
    return { identifier: id, metadataLocation: location, metadata };
  }

  async registerTable(id: TableIdentifier, metadataLocation: string): Promise<LoadedTable> {
    this.requireNamespace(id.namespace.join("."));
    const metadata = await readMetadataFile(this.io, metadataLocation);
    this.insertRow(id, metadataLocation);
    return { identifier: id, metadataLocation, metadata };
  }

  private insertRow(id: TableIdentifier, location: string): void {
    try {
      this.db
        .prepare(
          `INSERT INTO iceberg_tables (catalog_name, table_namespace, table_name, metadata_location, previous_metadata_location, iceberg_type)
           VALUES (?, ?, ?, ?, NULL, ?)`,
        )
        .run(this.name, id.namespace.join("."), id.name, location, ICEBERG_TYPE_TABLE);
    } catch (err) {
      if ((err as { code?: string }).code?.startsWith("SQLITE_CONSTRAINT")) throw this.alreadyExists(id);
      throw err;
    }
  }

  private alreadyExists(id: TableIdentifier): LakelabError {
    const name = formatTableIdentifier(id);
    return new LakelabError("TABLE_ALREADY_EXISTS", `table ${name} already exists`, {
      context: { table: name },
    });
  }

  async loadTable(id: TableIdentifier): Promise<LoadedTable> {
    const location = this.pointer(id);
    if (!location) {
      const name = formatTableIdentifier(id);
      const ns = id.namespace.join(".");
      const others = this.namespaceExistsSync(ns)
        ? (await this.listTables(id.namespace)).map((t) => t.name)
        : [];
      throw new LakelabError(
        "TABLE_NOT_FOUND",
        `table ${name} does not exist in catalog '${this.name}'${others.length ? `; tables in ${ns}: ${others.join(", ")}` : ""}`,
        { context: { table: name } },
      );
    }
    const metadata = await readMetadataFile(this.io, location);
    this.recent.set(location, metadata);
    return { identifier: id, metadataLocation: location, metadata };
  }

  async dropTable(id: TableIdentifier, options: { purge?: boolean } = {}): Promise<void> {
    const loaded = options.purge ? await this.loadTable(id) : undefined;
    const res = this.db
      .prepare("DELETE FROM iceberg_tables WHERE catalog_name = ? AND table_namespace = ? AND table_name = ?")
      .run(this.name, id.namespace.join("."), id.name);
    if (res.changes === 0) await this.loadTable(id); // throws TABLE_NOT_FOUND with the nearest names
    if (loaded) await this.purge(loaded.metadata.location);
  }

  /** Deletes every file under a dropped table's location (on disk, also its emptied folders). */
  private async purge(location: string): Promise<void> {
    const files = await this.io.list(location);
    for (let i = 0; i < files.length; i += 16) {
      await Promise.all(files.slice(i, i + 16).map((f) => this.io.delete(f.location)));
    }
    if (!isS3Location(location))
      await fs.promises.rm(toLocalPath(location), { recursive: true, force: true });
  }

  async commitTable(
    id: TableIdentifier,
    requirements: readonly TableRequirement[],
    updates: readonly TableUpdate[],
    base?: TableState,
  ): Promise<LoadedTable> {
    const name = formatTableIdentifier(id);
    // With a base, a pointer check is enough: metadata files never change, so base.metadata is
    // the current metadata when the pointer has not moved. Skipping the re-read keeps the window
    // between reading and swapping short, which is what decides how often concurrent writers lose.
    const pointer = base ? this.pointer(id) : undefined;
    if (base && pointer !== base.metadataLocation) {
      if (!pointer) await this.loadTable(id); // TABLE_NOT_FOUND
      throw conflict(name, true);
    }
    const current = base ? { ...base, identifier: id } : await this.currentState(id);
    checkRequirements(current.metadata, requirements, name);
    const next = withMetadataLog(applyUpdates(current.metadata, updates), {
      metadataFile: current.metadataLocation,
      timestampMs: current.metadata.lastUpdatedMs,
    });
    const version =
      Math.max(metadataVersion(current.metadataLocation), current.metadata.metadataLog.length) + 1;
    const location = metadataFileLocation(next.location, version);
    await writeMetadataFile(this.io, location, next);
    await this.swapPointer(id, current.metadataLocation, location);
    this.recent.set(location, next);
    return { identifier: id, metadataLocation: location, metadata: next };
  }

  /** For a commit without a base (a REST server's): the pointer, and its file read once per location. */
  private async currentState(id: TableIdentifier): Promise<LoadedTable> {
    const pointer = this.pointer(id);
    const known = pointer ? this.recent.get(pointer) : undefined;
    return known && pointer
      ? { identifier: id, metadataLocation: pointer, metadata: known }
      : this.loadTable(id);
  }

  /**
   * The one place a table's pointer moves: compare-and-set in a single UPDATE. A lost race or
   * a busy database left the pointer untouched (retryable, the new file is deleted); any
   * other failure leaves the outcome unknown, so the new file stays and nothing is retried.
   */
  private async swapPointer(id: TableIdentifier, expected: string, next: string): Promise<void> {
    const name = formatTableIdentifier(id);
    let changes: number;
    try {
      changes = this.db
        .prepare(
          `UPDATE iceberg_tables SET metadata_location = ?, previous_metadata_location = ?
           WHERE catalog_name = ? AND table_namespace = ? AND table_name = ? AND metadata_location = ?`,
        )
        .run(next, expected, this.name, id.namespace.join("."), id.name, expected).changes;
    } catch (err) {
      const code = (err as { code?: string }).code ?? "";
      if (code === "SQLITE_BUSY" || code === "SQLITE_LOCKED") {
        await this.io.delete(next);
        throw conflict(name, true, err);
      }
      throw new LakelabError(
        "COMMIT_STATE_UNKNOWN",
        `commit to ${name} may or may not have happened (${code || "unknown error"}); reload the table before retrying; ${next} was kept`,
        { context: { table: name, metadataLocation: next }, cause: err },
      );
    }
    if (changes === 0) {
      await this.io.delete(next);
      throw conflict(name, true);
    }
  }

  tableOperations(id: TableIdentifier): TableOperations {
    return {
      tableName: formatTableIdentifier(id),
      io: this.io,
      refresh: () => this.loadTable(id),
      commit: (base, requirements, updates) => this.commitTable(id, requirements, updates, base),
    };
  }

  close(): void {
    this.db.close();
  }
}

function conflict(name: string, retryable: boolean, cause?: unknown): LakelabError {
  return new LakelabError("COMMIT_CONFLICT", `${name} was changed by another commit; reload and retry`, {
    context: { table: name },
    retryable,
    cause,
  });
}
