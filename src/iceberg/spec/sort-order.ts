/** Sort orders (format/spec.md "Sorting"). */
export interface SortField {
  readonly sourceId: number;
  readonly transform: string;
  readonly direction: "asc" | "desc";
  readonly nullOrder: "nulls-first" | "nulls-last";
}

export interface SortOrder {
  readonly orderId: number;
  readonly fields: readonly SortField[];
}
