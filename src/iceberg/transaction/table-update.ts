/**
 * Metadata changes, tagged with the REST catalog spec's `action` names so a REST catalog can
 * send them unchanged (open-api/rest-catalog-open-api.yaml "TableUpdate").
 */
import type { PartitionSpec } from "../spec/partition-spec";
import type { Schema } from "../spec/schema";
import type { Snapshot, SnapshotRef } from "../spec/snapshot";
import type { SortOrder } from "../spec/sort-order";

export type TableUpdate =
  | { readonly action: "assign-uuid"; readonly uuid: string }
  | { readonly action: "upgrade-format-version"; readonly formatVersion: 1 | 2 }
  | { readonly action: "add-schema"; readonly schema: Schema; readonly lastColumnId: number }
  /** -1 means the schema added last in the same commit. */
  | { readonly action: "set-current-schema"; readonly schemaId: number }
  | { readonly action: "add-spec"; readonly spec: PartitionSpec }
  | { readonly action: "set-default-spec"; readonly specId: number }
  | { readonly action: "add-sort-order"; readonly sortOrder: SortOrder }
  | { readonly action: "set-default-sort-order"; readonly sortOrderId: number }
  | { readonly action: "add-snapshot"; readonly snapshot: Snapshot }
  | ({ readonly action: "set-snapshot-ref"; readonly refName: string } & SnapshotRef)
  | { readonly action: "remove-snapshots"; readonly snapshotIds: readonly bigint[] }
  | { readonly action: "remove-snapshot-ref"; readonly refName: string }
  | { readonly action: "set-location"; readonly location: string }
  | { readonly action: "set-properties"; readonly updates: Readonly<Record<string, string>> }
  | { readonly action: "remove-properties"; readonly removals: readonly string[] };

export type TableUpdateAction = TableUpdate["action"];
