export * from "./arrow";
export {
  type Catalog,
  formatTableIdentifier,
  type LoadedTable,
  metadataFileLocation,
  parseNamespace,
  parseTableIdentifier,
  SqlCatalog,
  type SqlCatalogOptions,
  type TableIdentifier,
} from "./catalog";
export * from "./expressions";
export {
  entriesTable,
  filesTable,
  historyTable,
  manifestsTable,
  refsTable,
  snapshotsTable,
} from "./inspect";
export { type FileIO, LocalFileIO, toFileUri, toLocalPath } from "./io";
export {
  DEFAULT_ORPHAN_AGE_MS,
  type ExpireSnapshotsOptions,
  type ExpireSnapshotsResult,
  expireSnapshots,
  type RemoveOrphanFilesOptions,
  type RemoveOrphanFilesResult,
  removeOrphanFiles,
} from "./maintenance";
export { type ScanOptions, TableScan } from "./scan";
export type {
  DataFile,
  IcebergType,
  ManifestEntry,
  ManifestFile,
  NestedField,
  PartitionField,
  PartitionSpec,
  Schema,
  SnapshotRef,
  TableMetadata,
  Transform,
} from "./spec";
export { type SnapshotIdInput, snapshotIdOf } from "./spec/snapshot-id";
export { parseTableMetadata, serializeTableMetadata } from "./spec/table-metadata.serde";
export { findMetadataFile, staticTable } from "./static-table";
export {
  buildPartitionSpec,
  IcebergCatalog,
  type Identifier,
  type OpenCatalogOptions,
  openCatalog,
  type PartitionByField,
  type SnapshotInfo,
  type SnapshotInfo as Snapshot,
  Table,
  type TableInit,
  TableWriter,
  toSnapshotInfo,
  type WriteData,
  type WriteOptions,
} from "./table";
export {
  type Action,
  type ActionResult,
  applyUpdates,
  CreateRef,
  checkRequirements,
  DEFAULT_RETRY,
  FastAppend,
  newTableMetadata,
  OverwriteAll,
  RemoveRef,
  ReplaceDefinition,
  type RetryPolicy,
  type TableOperations,
  type TableRequirement,
  type TableState,
  type TableUpdate,
  Transaction,
} from "./transaction";
export { DEFAULT_TARGET_FILE_SIZE_BYTES, ParquetWriter, writeDataFiles } from "./writer";
