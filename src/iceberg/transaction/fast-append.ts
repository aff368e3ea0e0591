import type { DataFile, ManifestFile } from "../spec/manifest";
import { MAIN_BRANCH } from "../spec/snapshot";
import type { TableMetadata } from "../spec/table-metadata";
import { newSnapshotId, snapshotManifests, specById, writeManifestFile } from "./manifest-io";
import { branchHead, produceSnapshot } from "./snapshot-producer";
import { snapshotSummary } from "./snapshot-summary";
import type { TableOperations } from "./table-operations";
import type { Action, ActionResult } from "./transaction";

/**
 * Adds data files in a new manifest and keeps every existing manifest as it is (Iceberg's
 * FastAppend, operation "append"). The new manifest is written once; a retry only rewrites
 * the manifest list on top of the new parent. No files is an empty append, as Spark commits.
 */
export class FastAppend implements Action {
  readonly snapshotId = newSnapshotId();
  private manifest: ManifestFile | undefined;

  constructor(
    private readonly files: readonly DataFile[],
    private readonly branch = MAIN_BRANCH,
  ) {}

  async produce(m: TableMetadata, ops: TableOperations): Promise<ActionResult> {
    const spec = specById(m, m.defaultSpecId);
    // Read the parent first: a damaged manifest list then fails the append before it writes anything.
    const parent = branchHead(m, this.branch);
    // A manifest holding only deleted entries says nothing about live files after the snapshot
    // that wrote it: it is left out, as Java's merging producers do, so lists stay short.
    const keptManifests = (await snapshotManifests(ops.io, parent)).filter(
      (mf) =>
        mf.content !== "data" ||
        mf.addedFilesCount > 0 ||
        mf.existingFilesCount > 0 ||
        mf.deletedFilesCount === 0,
    );
    if (this.files.length > 0 && (!this.manifest || this.manifest.partitionSpecId !== spec.specId)) {
      const entries = this.files.map((dataFile) => ({
        status: "added" as const,
        snapshotId: this.snapshotId,
        dataFile,
      }));
      this.manifest = await writeManifestFile(ops.io, m, spec, "data", this.snapshotId, entries);
    }
    return produceSnapshot(ops.io, m, {
      snapshotId: this.snapshotId,
      branch: this.branch,
      newManifests: this.manifest ? [this.manifest] : [],
      keptManifests,
      summary: snapshotSummary("append", parent, this.files, []),
    });
  }
}
