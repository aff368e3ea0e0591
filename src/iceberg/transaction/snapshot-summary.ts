import type { DataFile } from "../spec/manifest";
import type { Operation, Snapshot, SnapshotSummary } from "../spec/snapshot";

/**
 * A snapshot summary as Java writes it: added/deleted counts of this commit and running
 * totals carried from the parent (all values are strings).
 */
export function snapshotSummary(
  operation: Operation,
  parent: Snapshot | undefined,
  added: readonly DataFile[],
  deleted: readonly DataFile[],
  extra: Readonly<Record<string, string>> = {},
): SnapshotSummary {
  const sum = (files: readonly DataFile[], f: (d: DataFile) => bigint) =>
    files.reduce((n, d) => n + f(d), 0n);
  const prev = (key: string) => BigInt(parent?.summary[key] ?? "0");
  const out: Record<string, string> = {};
  const set = (k: string, v: bigint) => {
    out[k] = v.toString();
  };
  const addedRecords = sum(added, (d) => d.recordCount);
  const addedSize = sum(added, (d) => d.fileSizeInBytes);
  const deletedRecords = sum(deleted, (d) => d.recordCount);
  const deletedSize = sum(deleted, (d) => d.fileSizeInBytes);
  if (added.length > 0) {
    set("added-data-files", BigInt(added.length));
    set("added-records", addedRecords);
    set("added-files-size", addedSize);
  }
  if (deleted.length > 0) {
    set("deleted-data-files", BigInt(deleted.length));
    set("deleted-records", deletedRecords);
    set("removed-files-size", deletedSize);
  }
  const partitions = new Set([...added, ...deleted].map((d) => JSON.stringify([...d.partition], bigintJson)));
  set("changed-partition-count", BigInt(partitions.size));
  set("total-records", prev("total-records") + addedRecords - deletedRecords);
  set("total-files-size", prev("total-files-size") + addedSize - deletedSize);
  set("total-data-files", prev("total-data-files") + BigInt(added.length - deleted.length));
  set("total-delete-files", prev("total-delete-files"));
  set("total-position-deletes", prev("total-position-deletes"));
  set("total-equality-deletes", prev("total-equality-deletes"));
  return { operation, ...out, ...extra };
}

function bigintJson(_k: string, v: unknown): unknown {
  return typeof v === "bigint" ? `${v}n` : v instanceof Uint8Array ? [...v] : v;
}
