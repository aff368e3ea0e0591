import { randomUUID } from "node:crypto";
import type { FileIO } from "../io/file-io";
import type { ManifestFile } from "../spec/manifest";
import { writeManifestList } from "../spec/manifest-list.serde";
import { MAIN_BRANCH, type Snapshot, type SnapshotSummary } from "../spec/snapshot";
import type { TableMetadata } from "../spec/table-metadata";
import type { ActionResult } from "./transaction";

/** The snapshot a branch points at, or undefined for a new branch / empty table. */
export function branchHead(m: TableMetadata, branch: string): Snapshot | undefined {
  const id = m.refs[branch]?.snapshotId ?? (branch === MAIN_BRANCH ? m.currentSnapshotId : undefined);
  return id === undefined ? undefined : m.snapshots.find((s) => s.snapshotId === id);
}

/**
 * Commits a new snapshot on `branch`: writes the manifest list (new manifests take this
 * commit's sequence number, inherited ones keep theirs) and returns the updates that add the
 * snapshot and move the branch, guarded by the branch still being where it was.
 */
export async function produceSnapshot(
  io: FileIO,
  m: TableMetadata,
  o: {
    snapshotId: bigint;
    branch: string;
    newManifests: readonly ManifestFile[];
    keptManifests: readonly ManifestFile[];
    summary: SnapshotSummary;
  },
): Promise<ActionResult> {
  const parent = branchHead(m, o.branch);
  const sequenceNumber = m.lastSequenceNumber + 1n;
  const manifests = [
    ...o.newManifests.map((mf) => ({ ...mf, sequenceNumber, minSequenceNumber: sequenceNumber })),
    ...o.keptManifests,
  ];
  const manifestList = `${m.location}/metadata/snap-${o.snapshotId}-1-${randomUUID()}.avro`;
  const bytes = writeManifestList({
    formatVersion: m.formatVersion,
    snapshotId: o.snapshotId,
    ...(parent ? { parentSnapshotId: parent.snapshotId } : {}),
    sequenceNumber,
    manifests,
  });
  await io.write(manifestList, bytes, { uniqueName: true });
  // Strictly after every earlier snapshot, so time travel by timestamp is never ambiguous.
  const latest = Math.max(0, ...m.snapshots.map((s) => s.timestampMs));
  const snapshot: Snapshot = {
    snapshotId: o.snapshotId,
    ...(parent ? { parentSnapshotId: parent.snapshotId } : {}),
    sequenceNumber,
    timestampMs: Math.max(Date.now(), latest + 1),
    manifestList,
    summary: o.summary,
    schemaId: m.currentSchemaId,
  };
  const ref = m.refs[o.branch];
  return {
    updates: [
      { action: "add-snapshot", snapshot },
      { action: "set-snapshot-ref", refName: o.branch, ...ref, type: "branch", snapshotId: o.snapshotId },
    ],
    requirements: [
      { type: "assert-table-uuid", uuid: m.tableUuid },
      { type: "assert-ref-snapshot-id", ref: o.branch, snapshotId: parent?.snapshotId ?? null },
    ],
  };
}
