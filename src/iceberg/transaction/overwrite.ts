import type { DataFile, ManifestEntry, ManifestFile } from "../spec/manifest";
import { MAIN_BRANCH } from "../spec/snapshot";
import type { TableMetadata } from "../spec/table-metadata";
import {
  manifestEntries,
  newSnapshotId,
  snapshotManifests,
  specById,
  writeManifestFile,
} from "./manifest-io";
import { branchHead, produceSnapshot } from "./snapshot-producer";
import { snapshotSummary } from "./snapshot-summary";
import type { TableOperations } from "./table-operations";
import type { Action, ActionResult } from "./transaction";

/**
 * Replaces every live file of the branch with new ones (operation "overwrite"): live entries
 * are re-written as "deleted" in manifests of their own spec, the new files are "added".
 * Re-run on each retry, since the set of live files is the parent's.
 */
export class OverwriteAll implements Action {
  readonly snapshotId = newSnapshotId();
  private added: ManifestFile | undefined;

  constructor(
    private readonly files: readonly DataFile[],
    private readonly branch = MAIN_BRANCH,
  ) {}

  async produce(m: TableMetadata, ops: TableOperations): Promise<ActionResult> {
    const parent = branchHead(m, this.branch);
    const bySpec = new Map<number, ManifestEntry[]>();
    for (const mf of await snapshotManifests(ops.io, parent)) {
      if (mf.content !== "data") continue;
      for (const e of await manifestEntries(ops.io, mf)) {
        if (e.status === "deleted") continue;
        const list = bySpec.get(mf.partitionSpecId) ?? [];
        list.push({ ...e, status: "deleted", snapshotId: this.snapshotId });
        bySpec.set(mf.partitionSpecId, list);
      }
    }
    const deletedManifests: ManifestFile[] = [];
    for (const [specId, entries] of bySpec) {
      deletedManifests.push(
        await writeManifestFile(ops.io, m, specById(m, specId), "data", this.snapshotId, entries),
      );
    }
    const spec = specById(m, m.defaultSpecId);
    if (this.files.length > 0 && (!this.added || this.added.partitionSpecId !== spec.specId)) {
      const entries = this.files.map((dataFile) => ({
        status: "added" as const,
        snapshotId: this.snapshotId,
        dataFile,
      }));
      this.added = await writeManifestFile(ops.io, m, spec, "data", this.snapshotId, entries);
    }
    const deleted = [...bySpec.values()].flat().map((e) => e.dataFile);
    return produceSnapshot(ops.io, m, {
      snapshotId: this.snapshotId,
      branch: this.branch,
      newManifests: [...(this.added ? [this.added] : []), ...deletedManifests],
      keptManifests: [],
      summary: snapshotSummary("overwrite", parent, this.files, deleted),
    });
  }
}
