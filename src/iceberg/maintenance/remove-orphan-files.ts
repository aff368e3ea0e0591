import { LakelabError } from "../../errors";
import type { FileIO } from "../io/file-io";
import type { TableMetadata } from "../spec/table-metadata";
import { fileName, isUnder, normalizeLocation } from "./file-location";
import { type MaintenanceTarget, resolveTarget } from "./maintenance-target";
import { collectReachableFiles, forEachLimited } from "./reachable-files";

/** Iceberg's default: files younger than 3 days may belong to a commit still in flight. */
export const DEFAULT_ORPHAN_AGE_MS = 3 * 24 * 60 * 60 * 1000;

export interface RemoveOrphanFilesOptions {
  /** Only files last modified before this time (Date or epoch ms) are removed. Default: now − 3 days. */
  readonly olderThan?: Date | number;
  /** List what would be deleted, delete nothing. */
  readonly dryRun?: boolean;
  /** Folder to clean; default the table location. Must be inside it. */
  readonly location?: string;
}

export interface RemoveOrphanFilesResult {
  /** Locations (as listed) of the orphan files, deleted unless `dryRun`. */
  readonly orphanFiles: readonly string[];
  readonly dryRun: boolean;
}

/**
 * Deletes files under the table location that neither the current metadata, its metadata-log,
 * nor any snapshot (manifest lists, manifests, data and delete files, including deleted
 * entries) reaches, and that are older than the cutoff. Younger files may belong to a writer
 * that has not committed yet, so choose the cutoff longer than any write takes.
 *
 * @example await removeOrphanFiles(table, { olderThan: new Date(Date.now() - 3_600_000), dryRun: true })
 */
export async function removeOrphanFiles(
  target: MaintenanceTarget,
  options: RemoveOrphanFilesOptions = {},
): Promise<RemoveOrphanFilesResult> {
  const { ops } = resolveTarget(target);
  const cutoff =
    options.olderThan === undefined
      ? Date.now() - DEFAULT_ORPHAN_AGE_MS
      : options.olderThan instanceof Date
        ? options.olderThan.getTime()
        : options.olderThan;
  if (!Number.isFinite(cutoff)) {
    throw new LakelabError(
      "INVALID_ARGUMENT",
      `olderThan must be a Date or epoch milliseconds, got ${String(options.olderThan)}`,
    );
  }
  const { metadata, metadataLocation } = await ops.refresh();
  const root = normalizeLocation(metadata.location);
  const scope = normalizeLocation(options.location ?? metadata.location);
  if (scope !== root && !isUnder(scope, root)) {
    throw new LakelabError(
      "INVALID_ARGUMENT",
      `orphan removal location ${options.location} is outside the table location ${metadata.location}`,
      { context: { table: ops.tableName } },
    );
  }
  // Listed before reachability is computed: a file committed in between is reachable by then.
  const listed = withoutNestedTables(await ops.io.list(scope), root);
  const reachable = await reachableFrom(ops.io, metadata, metadataLocation);
  const candidates = listed.filter((f) => !reachable.has(normalizeLocation(f.location)));
  guardAgainstRelocation(
    ops.tableName,
    candidates,
    reachable,
    new Set(listed.map((f) => normalizeLocation(f.location))),
  );
  const orphans = candidates
    .filter((f) => f.modifiedMs < cutoff)
    .map((f) => f.location)
    .sort();
  if (!options.dryRun) await forEachLimited(orphans, 8, (f) => ops.io.delete(f));
  return { orphanFiles: orphans, dryRun: options.dryRun === true };
}

/**
 * Drops files of other tables whose folders lie inside this one (a table `db.t` at `<wh>/db/t`
 * and a table of namespace `db.t` at `<wh>/db/t/x`): a folder holding its own
 * `metadata/*.metadata.json` is another table's root, and none of its files are orphans here.
 */
function withoutNestedTables<T extends { location: string }>(listed: readonly T[], root: string): T[] {
  const nested = new Set<string>();
  for (const f of listed) {
    const m = /^(.*)\/metadata\/[^/]*\.metadata\.json$/.exec(normalizeLocation(f.location));
    if (m && m[1] !== root && isUnder(m[1]!, root)) nested.add(m[1]!);
  }
  if (nested.size === 0) return [...listed];
  return listed.filter((f) => {
    const p = normalizeLocation(f.location);
    return ![...nested].some((n) => isUnder(p, n));
  });
}

/** Every file the table may still read or roll back to, normalized. */
async function reachableFrom(io: FileIO, m: TableMetadata, metadataLocation: string): Promise<Set<string>> {
  const files = await collectReachableFiles(io, m.snapshots, { entries: "all", tolerateMissing: false });
  const out = new Set<string>([...files.manifestLists, ...files.manifests, ...files.contentFiles]);
  out.add(normalizeLocation(metadataLocation));
  for (const e of m.metadataLog) out.add(normalizeLocation(e.metadataFile));
  for (const stats of [...(m.statistics ?? []), ...(m.partitionStatistics ?? [])]) {
    const p = (stats as Record<string, unknown>)["statistics-path"];
    if (typeof p === "string") out.add(normalizeLocation(p));
  }
  // Hadoop-style tables point readers at their current version with this file.
  out.add(`${normalizeLocation(`${m.location}/metadata`)}/version-hint.text`);
  return out;
}

/**
 * A listed file whose name equals a reachable file's name under another prefix means the
 * metadata names the files by a different location (a moved or copied table): deleting by
 * location would delete live data, so nothing is deleted.
 */
function guardAgainstRelocation(
  table: string,
  candidates: readonly { location: string }[],
  reachable: ReadonlySet<string>,
  listed: ReadonlySet<string>,
): void {
  const names = new Map<string, string>();
  for (const r of reachable) if (!listed.has(r)) names.set(fileName(r), r);
  for (const c of candidates) {
    const other = names.get(fileName(normalizeLocation(c.location)));
    if (other !== undefined) {
      throw new LakelabError(
        "LOCATION_MISMATCH",
        `${table}: ${c.location} is not referenced, but the metadata names a file of the same name at ${other}; the table's files seem to have moved, so no orphan file was removed`,
        { context: { table, listed: c.location, referenced: other } },
      );
    }
  }
}
