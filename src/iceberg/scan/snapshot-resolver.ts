/** Which snapshot and schema a scan reads: by id, by time, by ref, or the current one. */
import { LakelabError } from "../../errors";
import type { Schema } from "../spec/schema";
import type { Snapshot } from "../spec/snapshot";
import { type SnapshotIdInput, snapshotIdOf } from "../spec/snapshot-id";
import type { TableMetadata } from "../spec/table-metadata";

export interface SnapshotSelector {
  readonly snapshotId?: SnapshotIdInput;
  readonly asOfTimestamp?: number | Date;
  readonly ref?: string;
}

export interface ResolvedSnapshot {
  /** Undefined for a table without snapshots: the scan is empty. */
  readonly snapshot?: Snapshot;
  readonly schema: Schema;
}

const abs = (x: bigint): bigint => (x < 0n ? -x : x);

function schemaById(m: TableMetadata, id: number | undefined): Schema {
  return m.schemas.find((s) => s.schemaId === id) ?? m.schemas.find((s) => s.schemaId === m.currentSchemaId)!;
}

function byId(m: TableMetadata, id: bigint, table: string): Snapshot {
  const s = m.snapshots.find((x) => x.snapshotId === id);
  if (s) return s;
  const nearest = m.snapshots
    .map((x) => x.snapshotId)
    .sort((a, b) => (abs(a - id) < abs(b - id) ? -1 : abs(a - id) > abs(b - id) ? 1 : 0))
    .slice(0, 5);
  throw new LakelabError(
    "SNAPSHOT_NOT_FOUND",
    `snapshot ${id} is not in ${table}; ${nearest.length ? `nearest valid snapshot ids: ${nearest.join(", ")}` : "the table has no snapshots"}`,
    { context: { table, snapshotId: id.toString(), nearest: nearest.map(String) } },
  );
}

/** The snapshot that was current at `ts`: the last snapshot-log entry at or before it. */
function asOf(m: TableMetadata, ts: number, table: string): Snapshot {
  const log =
    m.snapshotLog.length > 0
      ? m.snapshotLog
      : m.snapshots.map((s) => ({ timestampMs: s.timestampMs, snapshotId: s.snapshotId }));
  let hit: bigint | undefined;
  for (const e of log) if (e.timestampMs <= ts) hit = e.snapshotId;
  if (hit === undefined) {
    const first = log.length > 0 ? Math.min(...log.map((e) => e.timestampMs)) : undefined;
    throw new LakelabError(
      "SNAPSHOT_NOT_FOUND",
      first === undefined
        ? `${table} has no snapshots, so nothing was current at ${new Date(ts).toISOString()}`
        : `${new Date(ts).toISOString()} is before the first commit of ${table} (${new Date(first).toISOString()})`,
      { context: { table, asOfTimestamp: ts, firstCommitMs: first } },
    );
  }
  return byId(m, hit, table);
}

/**
 * Resolves the selector. Time travel by id, timestamp or tag reads the snapshot's own schema;
 * a branch (or the current state) reads the table's current schema, as Iceberg Java does.
 */
export function resolveSnapshot(m: TableMetadata, sel: SnapshotSelector, table: string): ResolvedSnapshot {
  const given = [sel.snapshotId, sel.asOfTimestamp, sel.ref].filter((x) => x !== undefined).length;
  if (given > 1) {
    throw new LakelabError("INVALID_ARGUMENT", "give at most one of snapshotId, asOfTimestamp and ref", {
      context: { table },
    });
  }
  const current = schemaById(m, m.currentSchemaId);
  if (sel.snapshotId !== undefined) {
    const id = snapshotIdOf(sel.snapshotId);
    const s = byId(m, id, table);
    return { snapshot: s, schema: schemaById(m, s.schemaId) };
  }
  if (sel.asOfTimestamp !== undefined) {
    const ts = sel.asOfTimestamp instanceof Date ? sel.asOfTimestamp.getTime() : sel.asOfTimestamp;
    const s = asOf(m, ts, table);
    return { snapshot: s, schema: schemaById(m, s.schemaId) };
  }
  if (sel.ref !== undefined) {
    const ref = m.refs[sel.ref];
    if (!ref) {
      const names = Object.keys(m.refs);
      throw new LakelabError(
        "REF_NOT_FOUND",
        `ref '${sel.ref}' is not in ${table}; ${names.length ? `its refs are ${names.join(", ")}` : "it has no refs"}`,
        { context: { table, ref: sel.ref, refs: names } },
      );
    }
    const s = byId(m, ref.snapshotId, table);
    return { snapshot: s, schema: ref.type === "tag" ? schemaById(m, s.schemaId) : current };
  }
  if (m.currentSnapshotId === undefined) return { schema: current };
  return { snapshot: byId(m, m.currentSnapshotId, table), schema: current };
}
