import { isLakelabError, LakelabError } from "../../errors";
import type { FileIO } from "../io/file-io";
import type { Snapshot } from "../spec/snapshot";
import type { TableMetadata } from "../spec/table-metadata";
import type { TableRequirement } from "../transaction/table-requirement";
import type { TableUpdate } from "../transaction/table-update";
import { type Action, type ActionResult, Transaction } from "../transaction/transaction";
import { type MaintenanceTarget, resolveTarget } from "./maintenance-target";
import { collectReachableFiles, forEachLimited } from "./reachable-files";
import { type ExpirationPlan, planExpiration, type RetentionOptions } from "./snapshot-retention";

export interface ExpireSnapshotsOptions extends RetentionOptions {
  /** Delete manifest lists, manifests and data files only the expired snapshots reached. Default true. */
  readonly cleanFiles?: boolean;
}

export interface ExpireSnapshotsResult {
  readonly expiredSnapshotIds: readonly bigint[];
  readonly removedRefs: readonly string[];
  /** Locations deleted after the commit, by kind. */
  readonly deletedFiles: {
    readonly manifestLists: readonly string[];
    readonly manifests: readonly string[];
    readonly contentFiles: readonly string[];
  };
  /** The metadata file of the commit, or undefined when nothing expired (no commit). */
  readonly metadataLocation: string | undefined;
}

/**
 * The expire-snapshots action: removes expired refs, then expired snapshots. Replayed on each
 * retry, so the plan always matches the metadata the commit is built on; the last plan and its
 * base are kept for the file cleanup that follows a successful commit.
 */
export class ExpireSnapshots implements Action {
  lastBase: TableMetadata | undefined;
  lastPlan: ExpirationPlan | undefined;

  constructor(private readonly options: RetentionOptions = {}) {}

  async produce(metadata: TableMetadata): Promise<ActionResult> {
    const plan = planExpiration(metadata, this.options);
    this.lastBase = metadata;
    this.lastPlan = plan;
    const updates: TableUpdate[] = plan.removedRefs.map((refName) => ({
      action: "remove-snapshot-ref",
      refName,
    }));
    if (plan.expiredSnapshotIds.length > 0)
      updates.push({ action: "remove-snapshots", snapshotIds: plan.expiredSnapshotIds });
    // A ref moved or created by someone else since the plan was made could point at an expired snapshot.
    const requirements: TableRequirement[] = [
      { type: "assert-table-uuid", uuid: metadata.tableUuid },
      ...Object.entries(metadata.refs).map(
        ([ref, r]): TableRequirement => ({ type: "assert-ref-snapshot-id", ref, snapshotId: r.snapshotId }),
      ),
    ];
    return { updates, requirements };
  }
}

/**
 * Expires snapshots and deletes the files only they reached, after the commit succeeded. A failed
 * or unknown commit deletes nothing.
 *
 * @example await expireSnapshots(table, { olderThanMs: Date.now() - 86_400_000, retainLast: 5 })
 */
export async function expireSnapshots(
  target: MaintenanceTarget,
  options: ExpireSnapshotsOptions = {},
): Promise<ExpireSnapshotsResult> {
  const { ops, after } = resolveTarget(target);
  const nowMs = options.nowMs ?? Date.now();
  const action = new ExpireSnapshots({ ...options, nowMs });
  const current = await ops.refresh();
  const preview = planExpiration(current.metadata, { ...options, nowMs });
  const empty = { manifestLists: [], manifests: [], contentFiles: [] };
  if (preview.expiredSnapshotIds.length === 0 && preview.removedRefs.length === 0) {
    return { expiredSnapshotIds: [], removedRefs: [], deletedFiles: empty, metadataLocation: undefined };
  }
  const committed = await new Transaction(ops).add(action).commit();
  await after();
  const base = action.lastBase!;
  const plan = action.lastPlan!;
  const deletedFiles =
    options.cleanFiles === false || plan.expiredSnapshotIds.length === 0
      ? empty
      : await deleteUnreachable(ops.io, base, committed.metadata, plan.expiredSnapshotIds).catch((err) => {
          throw new LakelabError(
            isLakelabError(err) ? err.code : "INTERNAL",
            `expired ${plan.expiredSnapshotIds.length} snapshot(s) of ${ops.tableName} (committed as ${committed.metadataLocation}), but the file cleanup stopped: ${(err as Error).message}`,
            { context: { table: ops.tableName, metadataLocation: committed.metadataLocation }, cause: err },
          );
        });
  return {
    expiredSnapshotIds: plan.expiredSnapshotIds,
    removedRefs: plan.removedRefs,
    deletedFiles,
    metadataLocation: committed.metadataLocation,
  };
}

/**
 * Files of the expired snapshots that no snapshot of the committed metadata reaches. Kept
 * snapshots are read strictly (a missing manifest stops the cleanup: reachability unknown);
 * expired ones tolerantly (their files may already be gone).
 */
async function deleteUnreachable(
  io: FileIO,
  base: TableMetadata,
  committed: TableMetadata,
  expiredIds: readonly bigint[],
): Promise<ExpireSnapshotsResult["deletedFiles"]> {
  const expiredSet = new Set(expiredIds);
  const expired: Snapshot[] = base.snapshots.filter((s) => expiredSet.has(s.snapshotId));
  const cache = new Map<string, { live: string[]; all: string[] }>();
  const kept = await collectReachableFiles(io, committed.snapshots, {
    entries: "live",
    tolerateMissing: false,
    cache,
  });
  const gone = await collectReachableFiles(io, expired, { entries: "all", tolerateMissing: true, cache });
  const pick = (from: Set<string>, keep: Set<string>) => [...from].filter((f) => !keep.has(f)).sort();
  const result = {
    contentFiles: pick(gone.contentFiles, kept.contentFiles),
    manifests: pick(gone.manifests, kept.manifests),
    manifestLists: pick(gone.manifestLists, kept.manifestLists),
  };
  // Content first, lists last: a cleanup cut short leaves lists that still name what remains.
  for (const group of [result.contentFiles, result.manifests, result.manifestLists]) {
    await forEachLimited(group, 8, (f) => io.delete(f));
  }
  return result;
}
