import { isLakelabError } from "../../errors";
import type { FileIO } from "../io/file-io";
import type { ManifestFile } from "../spec/manifest";
import { readManifest } from "../spec/manifest.serde";
import { readManifestList } from "../spec/manifest-list.serde";
import type { Snapshot } from "../spec/snapshot";
import { normalizeLocation } from "./file-location";

/** Normalized locations of the files a set of snapshots reaches, by kind. */
export interface ReachableFiles {
  readonly manifestLists: Set<string>;
  readonly manifests: Set<string>;
  /** Data, position-delete and equality-delete files. */
  readonly contentFiles: Set<string>;
}

export interface CollectOptions {
  /**
   * "live": content files an added or existing entry points at (what the snapshots read);
   * "all": also files named by deleted entries (tombstones) — the conservative set.
   */
  readonly entries: "live" | "all";
  /** Skip manifest lists and manifests that no longer exist instead of failing. */
  readonly tolerateMissing: boolean;
  /** Manifests already read (location → content files), shared between calls. */
  readonly cache?: Map<string, { live: string[]; all: string[] }>;
}

/** Reads the manifest lists and manifests of `snapshots` and collects every file they name. */
export async function collectReachableFiles(
  io: FileIO,
  snapshots: readonly Snapshot[],
  options: CollectOptions,
): Promise<ReachableFiles> {
  const out: ReachableFiles = { manifestLists: new Set(), manifests: new Set(), contentFiles: new Set() };
  const cache = options.cache ?? new Map<string, { live: string[]; all: string[] }>();
  const manifests = new Map<string, ManifestFile>();
  await forEachLimited(snapshots, 8, async (s) => {
    const bytes = await readOrMissing(io, s.manifestList, options.tolerateMissing);
    out.manifestLists.add(normalizeLocation(s.manifestList));
    if (!bytes) return;
    const list = readManifestList(bytes, s.manifestList, { snapshotId: s.snapshotId });
    for (const m of list.manifests) manifests.set(normalizeLocation(m.manifestPath), m);
  });
  await forEachLimited([...manifests], 8, async ([key, m]) => {
    out.manifests.add(key);
    let files = cache.get(key);
    if (!files) {
      const bytes = await readOrMissing(io, m.manifestPath, options.tolerateMissing);
      if (!bytes) return;
      const { entries } = readManifest(bytes, m.manifestPath, m);
      files = {
        live: entries
          .filter((e) => e.status !== "deleted")
          .map((e) => normalizeLocation(e.dataFile.filePath)),
        all: entries.map((e) => normalizeLocation(e.dataFile.filePath)),
      };
      cache.set(key, files);
    }
    for (const f of options.entries === "live" ? files.live : files.all) out.contentFiles.add(f);
  });
  return out;
}

async function readOrMissing(
  io: FileIO,
  location: string,
  tolerate: boolean,
): Promise<Uint8Array | undefined> {
  try {
    return await io.read(location);
  } catch (err) {
    if (tolerate && isLakelabError(err, "FILE_NOT_FOUND")) return undefined;
    throw err;
  }
}

/** Runs `fn` over `items` with at most `limit` in flight. */
export async function forEachLimited<T>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) await fn(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
