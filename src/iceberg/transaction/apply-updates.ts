import { LakelabError } from "../../errors";
import { PARTITION_FIELD_ID_START } from "../spec/partition-spec";
import { MAIN_BRANCH, type SnapshotRef } from "../spec/snapshot";
import type { TableMetadata } from "../spec/table-metadata";
import type { TableUpdate } from "./table-update";

/** How many previous metadata files the metadata-log keeps (write.metadata.previous-versions-max). */
export const DEFAULT_PREVIOUS_VERSIONS_MAX = 100;

/**
 * Applies updates in order and returns new metadata; `base` is never modified. Pure: the same
 * inputs give the same output, so a lost compare-and-set can replay it on a reloaded table.
 */
export function applyUpdates(
  base: TableMetadata,
  updates: readonly TableUpdate[],
  nowMs: number = Date.now(),
): TableMetadata {
  const state: State = { m: base, lastAddedSchemaId: undefined, lastAddedSpecId: undefined };
  for (const u of updates) applyOne(state, u, nowMs);
  return { ...state.m, lastUpdatedMs: Math.max(nowMs, state.m.lastUpdatedMs) };
}

interface State {
  m: TableMetadata;
  lastAddedSchemaId: number | undefined;
  lastAddedSpecId: number | undefined;
}

function applyOne(s: State, u: TableUpdate, nowMs: number): void {
  const m = s.m;
  switch (u.action) {
    case "assign-uuid":
      s.m = { ...m, tableUuid: u.uuid };
      return;
    case "upgrade-format-version":
      if (u.formatVersion < m.formatVersion) invalid(`cannot downgrade format version ${m.formatVersion}`);
      s.m = { ...m, formatVersion: u.formatVersion };
      return;
    case "add-schema": {
      const same = m.schemas.find((x) => JSON.stringify(x.fields) === JSON.stringify(u.schema.fields));
      const schemaId = same?.schemaId ?? Math.max(-1, ...m.schemas.map((x) => x.schemaId)) + 1;
      s.lastAddedSchemaId = schemaId;
      const schemas = same ? m.schemas : [...m.schemas, { ...u.schema, schemaId }];
      s.m = { ...m, schemas, lastColumnId: Math.max(m.lastColumnId, u.lastColumnId) };
      return;
    }
    case "set-current-schema": {
      const id = u.schemaId === -1 ? s.lastAddedSchemaId : u.schemaId;
      if (id === undefined || !m.schemas.some((x) => x.schemaId === id))
        invalid(`no schema with id ${u.schemaId}`);
      s.m = { ...m, currentSchemaId: id! };
      return;
    }
    case "add-spec": {
      const same = m.partitionSpecs.find((x) => JSON.stringify(x.fields) === JSON.stringify(u.spec.fields));
      const specId = same?.specId ?? Math.max(-1, ...m.partitionSpecs.map((x) => x.specId)) + 1;
      s.lastAddedSpecId = specId;
      const specs = same ? m.partitionSpecs : [...m.partitionSpecs, { ...u.spec, specId }];
      const maxField = Math.max(PARTITION_FIELD_ID_START - 1, ...u.spec.fields.map((f) => f.fieldId));
      s.m = { ...m, partitionSpecs: specs, lastPartitionId: Math.max(m.lastPartitionId, maxField) };
      return;
    }
    case "set-default-spec": {
      const id = u.specId === -1 ? s.lastAddedSpecId : u.specId;
      if (id === undefined || !m.partitionSpecs.some((x) => x.specId === id))
        invalid(`no spec with id ${u.specId}`);
      s.m = { ...m, defaultSpecId: id! };
      return;
    }
    case "add-sort-order":
      s.m = {
        ...m,
        sortOrders: [...m.sortOrders.filter((o) => o.orderId !== u.sortOrder.orderId), u.sortOrder],
      };
      return;
    case "set-default-sort-order":
      s.m = { ...m, defaultSortOrderId: u.sortOrderId };
      return;
    case "add-snapshot": {
      const snap = u.snapshot;
      if (m.snapshots.some((x) => x.snapshotId === snap.snapshotId))
        invalid(`snapshot ${snap.snapshotId} exists`);
      if (
        m.formatVersion >= 2 &&
        snap.sequenceNumber <= m.lastSequenceNumber &&
        snap.parentSnapshotId !== undefined
      ) {
        invalid(`sequence number ${snap.sequenceNumber} is not after ${m.lastSequenceNumber}`);
      }
      let last = m.lastSequenceNumber;
      if (snap.sequenceNumber > last) last = snap.sequenceNumber;
      s.m = { ...m, snapshots: [...m.snapshots, snap], lastSequenceNumber: last };
      return;
    }
    case "set-snapshot-ref": {
      const { action: _a, refName, ...ref } = u;
      const snap = m.snapshots.find((x) => x.snapshotId === ref.snapshotId);
      if (!snap) invalid(`cannot point ref '${refName}' at unknown snapshot ${ref.snapshotId}`);
      const refs: Record<string, SnapshotRef> = { ...m.refs, [refName]: ref };
      if (refName !== MAIN_BRANCH) {
        s.m = { ...m, refs };
        return;
      }
      const changed = m.currentSnapshotId !== ref.snapshotId;
      const at = snap!.timestampMs > m.lastUpdatedMs ? snap!.timestampMs : nowMs;
      const snapshotLog = changed
        ? [...m.snapshotLog, { timestampMs: at, snapshotId: ref.snapshotId }]
        : m.snapshotLog;
      s.m = { ...m, refs, currentSnapshotId: ref.snapshotId, snapshotLog };
      return;
    }
    case "remove-snapshots": {
      const gone = new Set(u.snapshotIds);
      const refs = Object.fromEntries(Object.entries(m.refs).filter(([, r]) => !gone.has(r.snapshotId)));
      const current =
        m.currentSnapshotId !== undefined && gone.has(m.currentSnapshotId) ? undefined : m.currentSnapshotId;
      s.m = {
        ...m,
        snapshots: m.snapshots.filter((x) => !gone.has(x.snapshotId)),
        snapshotLog: m.snapshotLog.filter((e) => !gone.has(e.snapshotId)),
        refs,
        currentSnapshotId: current,
      };
      return;
    }
    case "remove-snapshot-ref": {
      const { [u.refName]: _removed, ...refs } = m.refs;
      s.m = { ...m, refs, currentSnapshotId: u.refName === MAIN_BRANCH ? undefined : m.currentSnapshotId };
      return;
    }
    case "set-location":
      s.m = { ...m, location: u.location };
      return;
    case "set-properties":
      s.m = { ...m, properties: { ...m.properties, ...u.updates } };
      return;
    case "remove-properties":
      s.m = {
        ...m,
        properties: Object.fromEntries(Object.entries(m.properties).filter(([k]) => !u.removals.includes(k))),
      };
      return;
    default: {
      const never: never = u;
      invalid(`unknown update ${JSON.stringify(never)}`);
    }
  }
}

/** Records the file being replaced in the metadata-log, keeping the newest `max` entries. */
export function withMetadataLog(
  m: TableMetadata,
  previous: { metadataFile: string; timestampMs: number } | undefined,
): TableMetadata {
  if (!previous) return m;
  const max = Number(m.properties["write.metadata.previous-versions-max"] ?? DEFAULT_PREVIOUS_VERSIONS_MAX);
  const metadataLog = [...m.metadataLog, previous].slice(-Math.max(1, max));
  return { ...m, metadataLog };
}

function invalid(message: string): never {
  throw new LakelabError("INVALID_ARGUMENT", `invalid table update: ${message}`, { context: {} });
}
