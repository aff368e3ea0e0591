/**
 * Preconditions of a commit, checked against the table's current metadata before the pointer
 * is swapped; tagged with the REST catalog spec's `type` names ("TableRequirement").
 */
export type TableRequirement =
  | { readonly type: "assert-create" }
  | { readonly type: "assert-table-uuid"; readonly uuid: string }
  /** `snapshotId: null` asserts that the ref does not exist. */
  | { readonly type: "assert-ref-snapshot-id"; readonly ref: string; readonly snapshotId: bigint | null }
  | { readonly type: "assert-last-assigned-field-id"; readonly lastAssignedFieldId: number }
  | { readonly type: "assert-current-schema-id"; readonly currentSchemaId: number }
  | { readonly type: "assert-last-assigned-partition-id"; readonly lastAssignedPartitionId: number }
  | { readonly type: "assert-default-spec-id"; readonly defaultSpecId: number }
  | { readonly type: "assert-default-sort-order-id"; readonly defaultSortOrderId: number };
