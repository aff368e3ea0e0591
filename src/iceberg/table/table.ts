import type * as arrow from "apache-arrow";
import { LakelabError } from "../../errors";
import type { Catalog } from "../catalog/catalog";
import { formatTableIdentifier, type TableIdentifier } from "../catalog/table-identifier";
import { entriesTable } from "../inspect/entries";
import { filesTable } from "../inspect/files";
import { historyTable } from "../inspect/history";
import { manifestsTable } from "../inspect/manifests";
import { refsTable } from "../inspect/refs";
import { snapshotsTable } from "../inspect/snapshots";
import type { FileIO } from "../io/file-io";
import {
  type ExpireSnapshotsOptions,
  type ExpireSnapshotsResult,
  expireSnapshots,
  type RemoveOrphanFilesOptions,
  type RemoveOrphanFilesResult,
  removeOrphanFiles,
} from "../maintenance";
import { type ScanOptions, TableScan } from "../scan/table-scan";
import type { PartitionSpec } from "../spec/partition-spec";
import type { Schema } from "../spec/schema";
import { type SnapshotIdInput, snapshotIdOf } from "../spec/snapshot-id";
import type { TableMetadata } from "../spec/table-metadata";
import { CreateRef, type RefRetention, RemoveRef } from "../transaction/manage-refs";
import { currentSchema, specById } from "../transaction/manifest-io";
import type { TableOperations } from "../transaction/table-operations";
import { type Action, Transaction } from "../transaction/transaction";
import { type SnapshotInfo, toSnapshotInfo } from "./snapshot-info";

export interface TableInit {
  /** `namespace.table`, or a path for tables opened without a catalog. */
  readonly name: string;
  readonly metadata: TableMetadata;
  readonly metadataLocation: string;
  readonly io: FileIO;
  /** Absent for read-only tables (`staticTable`). */
  readonly catalog?: Catalog;
  readonly identifier?: TableIdentifier;
}

/**
 * An Iceberg table at one metadata version. Reads (snapshots, metadata tables, scans) use that
 * version until `refresh()`; writes commit through the catalog and then refresh.
 */
export class Table {
  readonly name: string;
  readonly io: FileIO;
  private state: { metadata: TableMetadata; metadataLocation: string };
  private readonly catalog: Catalog | undefined;
  private readonly identifier: TableIdentifier | undefined;

  constructor(init: TableInit) {
    this.name = init.name;
    this.io = init.io;
    this.state = { metadata: init.metadata, metadataLocation: init.metadataLocation };
    this.catalog = init.catalog;
    this.identifier = init.identifier;
  }

  get metadata(): TableMetadata {
    return this.state.metadata;
  }

  get metadataLocation(): string {
    return this.state.metadataLocation;
  }

  get location(): string {
    return this.state.metadata.location;
  }

  get readOnly(): boolean {
    return this.catalog === undefined;
  }

  /** The current schema (Iceberg types, field ids). */
  schema(): Schema {
    return currentSchema(this.metadata);
  }

  spec(): PartitionSpec {
    return specById(this.metadata, this.metadata.defaultSpecId);
  }

  properties(): Readonly<Record<string, string>> {
    return this.metadata.properties;
  }

  /** The snapshot `main` points at, or undefined for a table without data yet. */
  currentSnapshot(): SnapshotInfo | undefined {
    const id = this.metadata.currentSnapshotId;
    const s = id === undefined ? undefined : this.metadata.snapshots.find((x) => x.snapshotId === id);
    return s ? toSnapshotInfo(s) : undefined;
  }

  /** A snapshot by id; SNAPSHOT_NOT_FOUND lists the valid ones nearest to it. */
  snapshot(snapshotId: SnapshotIdInput): SnapshotInfo {
    const id = snapshotIdOf(snapshotId);
    const s = this.metadata.snapshots.find((x) => x.snapshotId === id);
    if (!s) {
      const known = this.metadata.snapshots.map((x) => x.snapshotId);
      const nearest = [...known]
        .sort((a, b) => (abs(a - id) < abs(b - id) ? -1 : 1))
        .slice(0, 5)
        .join(", ");
      throw new LakelabError(
        "SNAPSHOT_NOT_FOUND",
        `snapshot ${id} is not in ${this.name}; ${known.length ? `nearest snapshot ids: ${nearest}` : "the table has no snapshots"}`,
        { context: { table: this.name, snapshotId: id.toString() } },
      );
    }
    return toSnapshotInfo(s);
  }

  /**
   * Reads the table: the current snapshot, or one chosen by `snapshotId`, `asOfTimestamp` or
   * `ref`; `columns` and `filter` select columns and rows (pruning files by their statistics).
   * @example await table.scan({ snapshotId: s1.snapshotId, columns: ["id"] }).toArrow()
   */
  scan(options: Omit<ScanOptions, "tableName"> = {}): TableScan {
    return new TableScan(this.metadata, this.io, { ...options, tableName: this.name });
  }

  /** All snapshots, oldest first, as the user-facing view. */
  /** What a cell ending in a table prints (console.log): its name and snapshots, not its internals. */
  [Symbol.for("nodejs.util.inspect.custom")](): string {
    const current = this.metadata.currentSnapshotId;
    const count = this.metadata.snapshots.length;
    return `Table ${this.name}: ${count} snapshot${count === 1 ? "" : "s"}, current ${current ?? "none"}`;
  }

  snapshotList(): SnapshotInfo[] {
    return this.metadata.snapshots.map(toSnapshotInfo);
  }

  /** Metadata table `history`: made_current_at, snapshot_id, parent_id, is_current_ancestor. */
  async history(): Promise<arrow.Table> {
    return historyTable(this.metadata);
  }

  /** Metadata table `snapshots`: committed_at, snapshot_id, parent_id, operation, manifest_list, summary. */
  async snapshots(): Promise<arrow.Table> {
    return snapshotsTable(this.metadata);
  }

  /** Metadata table `refs`: name, type, snapshot_id and retention. */
  async refs(): Promise<arrow.Table> {
    return refsTable(this.metadata);
  }

  /** Metadata table `files`: live data files of the current (or given) snapshot. */
  async files(snapshotId?: bigint): Promise<arrow.Table> {
    return filesTable(this.metadata, this.io, snapshotId);
  }

  /** Metadata table `manifests` of the current (or given) snapshot. */
  async manifests(snapshotId?: bigint): Promise<arrow.Table> {
    return manifestsTable(this.metadata, this.io, snapshotId);
  }

  /** Metadata table `entries`: every manifest entry (added, existing, deleted) of the current (or given) snapshot. */
  async entries(snapshotId?: bigint): Promise<arrow.Table> {
    return entriesTable(this.metadata, this.io, snapshotId);
  }

  /** Tags `snapshotId` as `name`; `maxRefAgeMs` bounds how long expiry keeps it. */
  async createTag(name: string, snapshotId: bigint, options: { maxRefAgeMs?: number } = {}): Promise<void> {
    await this.commit(new CreateRef(name, "tag", BigInt(snapshotId), options));
  }

  /** Creates a branch at `snapshotId` (default: the current snapshot). */
  async createBranch(name: string, snapshotId?: bigint, options: RefRetention = {}): Promise<void> {
    await this.commit(
      new CreateRef(name, "branch", snapshotId === undefined ? undefined : BigInt(snapshotId), options),
    );
  }

  async removeTag(name: string): Promise<void> {
    await this.commit(new RemoveRef(name, "tag"));
  }

  async removeBranch(name: string): Promise<void> {
    await this.commit(new RemoveRef(name, "branch"));
  }

  /**
   * Expires old snapshots (tags, branches and max-ref-age respected; main's head kept) and,
   * after the commit, deletes the files only they reached.
   * @example await table.expireSnapshots({ olderThanMs: Date.now() - 7 * 86_400_000, retainLast: 10 })
   */
  async expireSnapshots(options: ExpireSnapshotsOptions = {}): Promise<ExpireSnapshotsResult> {
    return expireSnapshots(this, options);
  }

  /** Deletes files under the table location nothing reaches, older than `olderThan` (default 3 days). */
  async removeOrphanFiles(options: RemoveOrphanFilesOptions = {}): Promise<RemoveOrphanFilesResult> {
    return removeOrphanFiles(this, options);
  }

  /** Reloads the table's current metadata from the catalog. */
  async refresh(): Promise<this> {
    const ops = this.operations();
    const fresh = await ops.refresh();
    this.state = { metadata: fresh.metadata, metadataLocation: fresh.metadataLocation };
    return this;
  }

  /** Commits actions as one transaction and moves this table to the result. */
  async commit(...actions: Action[]): Promise<TableMetadata> {
    return this.commitActions(actions);
  }

  /**
   * As `commit`; with `fresh`, this table's state was loaded from the catalog just now, so the
   * first attempt builds on it rather than reading the metadata again (a stale state costs a retry).
   */
  async commitActions(actions: readonly Action[], options: { fresh?: boolean } = {}): Promise<TableMetadata> {
    const tx = new Transaction(this.operations());
    for (const a of actions) tx.add(a);
    const result = await tx.commit(options.fresh ? this.state : undefined);
    this.state = { metadata: result.metadata, metadataLocation: result.metadataLocation };
    return result.metadata;
  }

  /** The catalog's load/commit pair for this table; NOT_SUPPORTED for read-only tables. */
  operations(): TableOperations {
    if (!this.catalog || !this.identifier) {
      throw new LakelabError(
        "NOT_SUPPORTED",
        `${this.name} was opened without a catalog and is read-only; open it with openCatalog(...).loadTable to write`,
        { context: { table: this.name } },
      );
    }
    return this.catalog.tableOperations(this.identifier);
  }

  toString(): string {
    return `Table(${this.identifier ? formatTableIdentifier(this.identifier) : this.name})`;
  }
}

function abs(x: bigint): bigint {
  return x < 0n ? -x : x;
}
