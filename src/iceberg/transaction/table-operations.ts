import type { FileIO } from "../io/file-io";
import type { TableMetadata } from "../spec/table-metadata";
import type { TableRequirement } from "./table-requirement";
import type { TableUpdate } from "./table-update";

/** One version of a table: its metadata file and content. */
export interface TableState {
  readonly metadataLocation: string;
  readonly metadata: TableMetadata;
}

/** What a transaction needs from a catalog for one table (Iceberg's TableOperations). */
export interface TableOperations {
  /** `namespace.table`, for messages. */
  readonly tableName: string;
  readonly io: FileIO;
  refresh(): Promise<TableState>;
  /** Swaps the pointer from `base` to `base` + updates; a moved pointer is a retryable COMMIT_CONFLICT. */
  commit(
    base: TableState,
    requirements: readonly TableRequirement[],
    updates: readonly TableUpdate[],
  ): Promise<TableState>;
}
