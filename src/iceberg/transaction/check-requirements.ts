import { LakelabError } from "../../errors";
import type { TableMetadata } from "../spec/table-metadata";
import type { TableRequirement } from "./table-requirement";

/**
 * Throws COMMIT_CONFLICT naming the first requirement the table no longer meets. `metadata` is
 * undefined when the table does not exist yet. Not retryable: the caller's actions were built
 * on a state that is gone, so they must be rebuilt from a reload, not resent.
 */
export function checkRequirements(
  metadata: TableMetadata | undefined,
  requirements: readonly TableRequirement[],
  tableName: string,
): void {
  for (const r of requirements) {
    const problem = violation(metadata, r);
    if (problem !== undefined) {
      throw new LakelabError("COMMIT_CONFLICT", `commit to ${tableName} failed: ${problem}`, {
        context: { table: tableName, requirement: r.type },
      });
    }
  }
}

function violation(m: TableMetadata | undefined, r: TableRequirement): string | undefined {
  if (r.type === "assert-create") return m === undefined ? undefined : "the table already exists";
  if (m === undefined) return "the table does not exist";
  switch (r.type) {
    case "assert-table-uuid":
      return mismatch("table uuid", m.tableUuid, r.uuid);
    case "assert-ref-snapshot-id": {
      const ref = m.refs[r.ref];
      if (r.snapshotId === null) return ref ? `ref '${r.ref}' was created concurrently` : undefined;
      if (!ref) return `ref '${r.ref}' was removed, expected it at snapshot ${r.snapshotId}`;
      return ref.snapshotId === r.snapshotId
        ? undefined
        : `ref '${r.ref}' is at snapshot ${ref.snapshotId}, expected ${r.snapshotId}`;
    }
    case "assert-last-assigned-field-id":
      return mismatch("last assigned field id", m.lastColumnId, r.lastAssignedFieldId);
    case "assert-current-schema-id":
      return mismatch("current schema id", m.currentSchemaId, r.currentSchemaId);
    case "assert-last-assigned-partition-id":
      return mismatch("last assigned partition id", m.lastPartitionId, r.lastAssignedPartitionId);
    case "assert-default-spec-id":
      return mismatch("default spec id", m.defaultSpecId, r.defaultSpecId);
    case "assert-default-sort-order-id":
      return mismatch("default sort order id", m.defaultSortOrderId, r.defaultSortOrderId);
    default: {
      const never: never = r;
      throw new LakelabError("NOT_SUPPORTED", `unknown requirement ${JSON.stringify(never)}`);
    }
  }
}

/** `what is <actual>, expected <expected>` when they differ. */
function mismatch<T>(what: string, actual: T, expected: T): string | undefined {
  return actual === expected ? undefined : `${what} is ${actual}, expected ${expected}`;
}
