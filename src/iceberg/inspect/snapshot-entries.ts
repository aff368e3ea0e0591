import { LakelabError } from "../../errors";
import type { FileIO } from "../io/file-io";
import type { ManifestEntry, ManifestFile } from "../spec/manifest";
import type { Snapshot } from "../spec/snapshot";
import type { TableMetadata } from "../spec/table-metadata";
import { manifestEntries, snapshotManifests } from "../transaction/manifest-io";

/** The snapshot a metadata table describes: the given one or the current one (undefined when empty). */
export function metadataTableSnapshot(m: TableMetadata, snapshotId?: bigint): Snapshot | undefined {
  const id = snapshotId ?? m.currentSnapshotId;
  if (id === undefined) return undefined;
  const s = m.snapshots.find((x) => x.snapshotId === id);
  if (!s) {
    throw new LakelabError("SNAPSHOT_NOT_FOUND", `snapshot ${id} is not in the table`, {
      context: { snapshotId: id.toString() },
    });
  }
  return s;
}

export interface EntryWithManifest {
  readonly manifest: ManifestFile;
  readonly entry: ManifestEntry;
}

/** Every entry of every manifest of a snapshot, with inherited ids filled in. */
export async function snapshotEntries(
  io: FileIO,
  snapshot: Snapshot | undefined,
): Promise<EntryWithManifest[]> {
  const out: EntryWithManifest[] = [];
  for (const manifest of await snapshotManifests(io, snapshot)) {
    for (const entry of await manifestEntries(io, manifest)) out.push({ manifest, entry });
  }
  return out;
}
