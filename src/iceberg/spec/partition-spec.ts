/** Partition specs (format/spec.md "Partitioning"). Transforms are kept as the spec spells them. */

export type Transform =
  | "identity"
  | "year"
  | "month"
  | "day"
  | "hour"
  | "void"
  | `bucket[${number}]`
  | `truncate[${number}]`;

export interface PartitionField {
  readonly sourceId: number;
  readonly fieldId: number;
  readonly name: string;
  readonly transform: Transform;
}

export interface PartitionSpec {
  readonly specId: number;
  readonly fields: readonly PartitionField[];
}

/** Partition field ids start at 1000 (format/spec.md). */
export const PARTITION_FIELD_ID_START = 1000;
