/**
 * What lakelab itself reads from a table, in the shapes read_tables.py reports for pyiceberg,
 * so a test can put the two side by side.
 */

import type { IcebergType, NestedField, PartitionSpec, Schema, Table } from "../../../src/iceberg";
import type { Expression } from "../../../src/iceberg/expressions";
import { canon, canonRows } from "./canonical";

export interface LakelabSnapshotView {
  readonly snapshot_id: bigint;
  readonly parent_id: bigint | null;
  readonly sequence_number: bigint;
  readonly schema_id: bigint | null;
  readonly summary: Record<string, string>;
  readonly rows: Record<string, unknown>[];
  readonly files: Record<string, unknown>[];
  readonly entries: Record<string, unknown>[];
}

export interface LakelabView {
  readonly current_snapshot_id: bigint | null;
  readonly snapshots: LakelabSnapshotView[];
  readonly filters: Record<string, unknown>[][];
  readonly inspect: Record<"history" | "snapshots" | "refs" | "manifests", Record<string, unknown>[]>;
}

/** An Iceberg type as the spec's JSON spells it (what pyiceberg's model dump prints). */
function typeJson(t: IcebergType): unknown {
  if (typeof t === "string") return t;
  switch (t.type) {
    case "struct":
      return { type: "struct", fields: t.fields.map(fieldJson) };
    case "list":
      return {
        type: "list",
        "element-id": t.elementId,
        element: typeJson(t.element),
        "element-required": t.elementRequired,
      };
    case "map":
      return {
        type: "map",
        "key-id": t.keyId,
        key: typeJson(t.key),
        "value-id": t.valueId,
        value: typeJson(t.value),
        "value-required": t.valueRequired,
      };
  }
}

function fieldJson(f: NestedField): unknown {
  return { id: f.id, name: f.name, type: typeJson(f.type), required: f.required };
}

/** Schema id and fields (id, name, type, required): what both readers must agree on. */
export function schemaJson(s: Schema): unknown {
  return canon({ "schema-id": s.schemaId, fields: s.fields.map(fieldJson) });
}

/** The same subset of a schema pyiceberg dumped. */
export function pySchemaJson(s: Record<string, unknown>): unknown {
  const strip = (t: unknown): unknown => {
    if (typeof t !== "object" || t === null) return t;
    const o = t as Record<string, unknown>;
    if (o.type === "struct")
      return { type: "struct", fields: (o.fields as Record<string, unknown>[]).map(pyField) };
    const { type, ...rest } = o;
    const out: Record<string, unknown> = { type };
    for (const [k, v] of Object.entries(rest))
      out[k] = k === "element" || k === "key" || k === "value" ? strip(v) : v;
    return out;
  };
  const pyField = (f: Record<string, unknown>) => ({
    id: f.id,
    name: f.name,
    type: strip(f.type),
    required: f.required,
  });
  return canon({ "schema-id": s["schema-id"], fields: (s.fields as Record<string, unknown>[]).map(pyField) });
}

export function specJson(s: PartitionSpec): unknown {
  return canon({
    "spec-id": s.specId,
    fields: s.fields.map((f) => ({
      "source-id": f.sourceId,
      "field-id": f.fieldId,
      name: f.name,
      transform: f.transform,
    })),
  });
}

/** lakelab's reading of every snapshot, its metadata tables, and the filtered scans of the current snapshot. */
export async function lakelabView(table: Table, filters: readonly Expression[] = []): Promise<LakelabView> {
  const m = table.metadata;
  const snapshots: LakelabSnapshotView[] = [];
  for (const s of m.snapshots) {
    snapshots.push({
      snapshot_id: s.snapshotId,
      parent_id: s.parentSnapshotId ?? null,
      sequence_number: s.sequenceNumber,
      schema_id: s.schemaId === undefined ? null : BigInt(s.schemaId),
      summary: { ...s.summary },
      rows: canonRows(await table.scan({ snapshotId: s.snapshotId }).toArrow()),
      files: canonRows(await table.files(s.snapshotId)),
      entries: canonRows(await table.entries(s.snapshotId)),
    });
  }
  const filtered: Record<string, unknown>[][] = [];
  for (const f of filters) filtered.push(canonRows(await table.scan({ filter: f }).toArrow()));
  return {
    current_snapshot_id: m.currentSnapshotId ?? null,
    snapshots,
    filters: filtered,
    inspect: {
      history: canonRows(await table.history()),
      snapshots: canonRows(await table.snapshots()),
      refs: canonRows(await table.refs()),
      manifests: m.currentSnapshotId === undefined ? [] : canonRows(await table.manifests()),
    },
  };
}
