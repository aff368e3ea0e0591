import { LakelabError } from "../../errors";
import { MAIN_BRANCH, type Snapshot, type SnapshotRef } from "../spec/snapshot";
import type { TableMetadata } from "../spec/table-metadata";

/** Table properties that set expiry defaults, with Iceberg's defaults. */
export const MAX_SNAPSHOT_AGE_PROPERTY = "history.expire.max-snapshot-age-ms";
export const MIN_SNAPSHOTS_TO_KEEP_PROPERTY = "history.expire.min-snapshots-to-keep";
export const MAX_REF_AGE_PROPERTY = "history.expire.max-ref-age-ms";
export const DEFAULT_MAX_SNAPSHOT_AGE_MS = 5 * 24 * 60 * 60 * 1000;
export const DEFAULT_MIN_SNAPSHOTS_TO_KEEP = 1;

export interface RetentionOptions {
  /** Snapshots committed before this time (epoch ms or Date) may expire. Default: now − 5 days (table property). */
  readonly olderThanMs?: number | Date;
  /** Keep at least this many snapshots of each branch's history, however old. Default 1 (table property). */
  readonly retainLast?: number;
  /** The clock, for ref ages. */
  readonly nowMs?: number;
}

export interface ExpirationPlan {
  /** Refs older than their max-ref-age (never `main`), removed first. */
  readonly removedRefs: readonly string[];
  readonly expiredSnapshotIds: readonly bigint[];
  readonly retainedSnapshotIds: ReadonlySet<bigint>;
}

/**
 * Which refs and snapshots expire, by Iceberg's rules (RemoveSnapshots): a ref older than its
 * max-ref-age is dropped, except `main`; a kept tag keeps its snapshot; a kept branch keeps its
 * head's ancestors while fewer than its min-snapshots-to-keep are kept or they are newer than its
 * max-snapshot-age; a snapshot no ref reaches is kept while newer than the cutoff.
 */
export function planExpiration(m: TableMetadata, options: RetentionOptions = {}): ExpirationPlan {
  const now = options.nowMs ?? Date.now();
  const maxAge = numberProperty(m, MAX_SNAPSHOT_AGE_PROPERTY, DEFAULT_MAX_SNAPSHOT_AGE_MS);
  const cutoff =
    options.olderThanMs === undefined
      ? now - maxAge
      : options.olderThanMs instanceof Date
        ? options.olderThanMs.getTime()
        : options.olderThanMs;
  const retainLast =
    options.retainLast ?? numberProperty(m, MIN_SNAPSHOTS_TO_KEEP_PROPERTY, DEFAULT_MIN_SNAPSHOTS_TO_KEEP);
  if (!Number.isInteger(retainLast) || retainLast < 1) {
    throw new LakelabError("INVALID_ARGUMENT", `retainLast must be an integer ≥ 1, got ${retainLast}`, {
      context: { retainLast },
    });
  }
  if (!Number.isFinite(cutoff)) {
    throw new LakelabError(
      "INVALID_ARGUMENT",
      `olderThanMs must be a finite epoch-millisecond time, got ${String(options.olderThanMs)}`,
    );
  }
  const byId = new Map(m.snapshots.map((s) => [s.snapshotId, s]));
  const defaultMaxRefAge = numberProperty(m, MAX_REF_AGE_PROPERTY, Number.POSITIVE_INFINITY);

  const keptRefs: [string, SnapshotRef][] = [];
  const removedRefs: string[] = [];
  for (const [name, ref] of Object.entries(m.refs)) {
    const snap = byId.get(ref.snapshotId);
    const maxRefAge = ref.maxRefAgeMs ?? defaultMaxRefAge;
    if (name === MAIN_BRANCH || (snap !== undefined && now - snap.timestampMs <= maxRefAge))
      keptRefs.push([name, ref]);
    else removedRefs.push(name);
  }

  const retained = new Set<bigint>();
  const referenced = new Set<bigint>();
  for (const [, ref] of keptRefs) {
    if (ref.type === "tag") {
      retained.add(ref.snapshotId);
      referenced.add(ref.snapshotId);
      continue;
    }
    const minKeep = ref.minSnapshotsToKeep ?? retainLast;
    const branchCutoff = ref.maxSnapshotAgeMs !== undefined ? now - ref.maxSnapshotAgeMs : cutoff;
    let kept = 0;
    let keeping = true;
    for (const s of ancestors(byId, ref.snapshotId)) {
      referenced.add(s.snapshotId);
      if (keeping && (kept < minKeep || s.timestampMs >= branchCutoff)) {
        retained.add(s.snapshotId);
        kept++;
      } else keeping = false;
    }
  }
  for (const s of m.snapshots) {
    if (!referenced.has(s.snapshotId) && s.timestampMs >= cutoff) retained.add(s.snapshotId);
  }
  // The table's current snapshot is main's head; keep it even in metadata without a main ref.
  if (m.currentSnapshotId !== undefined) retained.add(m.currentSnapshotId);
  const expiredSnapshotIds = m.snapshots.filter((s) => !retained.has(s.snapshotId)).map((s) => s.snapshotId);
  return { removedRefs, expiredSnapshotIds, retainedSnapshotIds: retained };
}

function* ancestors(byId: ReadonlyMap<bigint, Snapshot>, head: bigint): Generator<Snapshot> {
  const seen = new Set<bigint>();
  let s = byId.get(head);
  while (s && !seen.has(s.snapshotId)) {
    seen.add(s.snapshotId);
    yield s;
    s = s.parentSnapshotId === undefined ? undefined : byId.get(s.parentSnapshotId);
  }
}

function numberProperty(m: TableMetadata, key: string, dflt: number): number {
  const raw = m.properties[key];
  if (raw === undefined) return dflt;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < 0) {
    throw new LakelabError(
      "INVALID_PARAMETER_VALUE",
      `table property ${key} is '${raw}'; expected a non-negative number`,
      {
        context: { property: key, value: raw },
      },
    );
  }
  return n;
}
