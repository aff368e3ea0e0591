import type { TableOperations } from "../transaction/table-operations";

/** A catalog table (the facade's `Table`) or its bare load/commit pair. */
export type MaintenanceTarget =
  | TableOperations
  | { operations(): TableOperations; refresh(): Promise<unknown> };

/** The operations to commit through, and a hook that moves a facade table to the new state. */
export function resolveTarget(target: MaintenanceTarget): {
  ops: TableOperations;
  after: () => Promise<void>;
} {
  if ("operations" in target) {
    return {
      ops: target.operations(),
      after: async () => {
        await target.refresh();
      },
    };
  }
  return { ops: target, after: async () => {} };
}
