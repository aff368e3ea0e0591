import { describe, expect, it } from "vitest";
import { isLakelabError } from "../../../src/errors";
import type { Schema, Snapshot } from "../../../src/iceberg/spec";
import {
  applyUpdates,
  checkRequirements,
  newTableMetadata,
  withMetadataLog,
} from "../../../src/iceberg/transaction";

const schema: Schema = {
  type: "struct",
  schemaId: 0,
  fields: [{ id: 1, name: "id", required: true, type: "long" }],
};
const base = newTableMetadata({ location: "file:///w/t", schema, lastColumnId: 1, uuid: "u-1", nowMs: 1000 });
const snap = (id: bigint, seq: bigint, parent?: bigint): Snapshot => ({
  snapshotId: id,
  ...(parent !== undefined ? { parentSnapshotId: parent } : {}),
  sequenceNumber: seq,
  timestampMs: 2000 + Number(seq),
  manifestList: `file:///w/t/metadata/snap-${id}.avro`,
  summary: { operation: "append" },
});

describe("applyUpdates", () => {
  it("adds snapshots, moves main with a snapshot-log entry, and never modifies its input", () => {
    const frozen = JSON.stringify(base, (_k, v) => (typeof v === "bigint" ? `${v}n` : v));
    const m = applyUpdates(
      base,
      [
        { action: "add-snapshot", snapshot: snap(5173553188971266738n, 1n) },
        { action: "set-snapshot-ref", refName: "main", type: "branch", snapshotId: 5173553188971266738n },
      ],
      3000,
    );
    expect(JSON.stringify(base, (_k, v) => (typeof v === "bigint" ? `${v}n` : v))).toBe(frozen);
    expect(m.currentSnapshotId).toBe(5173553188971266738n);
    expect(m.lastSequenceNumber).toBe(1n);
    expect(m.snapshotLog).toEqual([{ timestampMs: 2001, snapshotId: 5173553188971266738n }]);
    expect(m.refs.main).toEqual({ type: "branch", snapshotId: 5173553188971266738n });
    expect(m.lastUpdatedMs).toBe(3000);
    const tagged = applyUpdates(m, [
      { action: "set-snapshot-ref", refName: "v1", type: "tag", snapshotId: 5173553188971266738n },
    ]);
    expect(tagged.snapshotLog).toHaveLength(1);
    const untagged = applyUpdates(tagged, [{ action: "remove-snapshot-ref", refName: "v1" }]);
    expect(Object.keys(untagged.refs)).toEqual(["main"]);
  });

  it("reuses an identical schema, adds a changed one as a new version, and resolves -1 to it", () => {
    const same = applyUpdates(base, [
      { action: "add-schema", schema, lastColumnId: 1 },
      { action: "set-current-schema", schemaId: -1 },
    ]);
    expect(same.schemas).toHaveLength(1);
    const wider: Schema = {
      ...schema,
      fields: [...schema.fields, { id: 2, name: "x", required: false, type: "string" }],
    };
    const m = applyUpdates(base, [
      { action: "add-schema", schema: wider, lastColumnId: 2 },
      { action: "set-current-schema", schemaId: -1 },
    ]);
    expect(m.schemas.map((s) => s.schemaId)).toEqual([0, 1]);
    expect(m.currentSchemaId).toBe(1);
    expect(m.lastColumnId).toBe(2);
  });

  it("refuses a ref to an unknown snapshot and a stale sequence number", () => {
    expect(() =>
      applyUpdates(base, [{ action: "set-snapshot-ref", refName: "main", type: "branch", snapshotId: 1n }]),
    ).toThrow(/unknown snapshot 1/);
    const m = applyUpdates(base, [{ action: "add-snapshot", snapshot: snap(1n, 1n) }]);
    expect(() => applyUpdates(m, [{ action: "add-snapshot", snapshot: snap(2n, 1n, 1n) }])).toThrow(
      /sequence number/,
    );
  });

  it("keeps the newest metadata-log entries up to write.metadata.previous-versions-max", () => {
    let m = applyUpdates(base, [
      { action: "set-properties", updates: { "write.metadata.previous-versions-max": "2" } },
    ]);
    for (let i = 0; i < 4; i++) m = withMetadataLog(m, { metadataFile: `f${i}`, timestampMs: i });
    expect(m.metadataLog.map((e) => e.metadataFile)).toEqual(["f2", "f3"]);
  });
});

describe("checkRequirements", () => {
  it("passes when met and names the violated requirement otherwise", () => {
    const m = applyUpdates(base, [
      { action: "add-snapshot", snapshot: snap(7n, 1n) },
      { action: "set-snapshot-ref", refName: "main", type: "branch", snapshotId: 7n },
    ]);
    checkRequirements(
      m,
      [
        { type: "assert-table-uuid", uuid: "u-1" },
        { type: "assert-ref-snapshot-id", ref: "main", snapshotId: 7n },
        { type: "assert-ref-snapshot-id", ref: "v1", snapshotId: null },
        { type: "assert-current-schema-id", currentSchemaId: 0 },
        { type: "assert-last-assigned-field-id", lastAssignedFieldId: 1 },
        { type: "assert-default-spec-id", defaultSpecId: 0 },
      ],
      "default.t",
    );
    let err: unknown;
    try {
      checkRequirements(m, [{ type: "assert-ref-snapshot-id", ref: "main", snapshotId: 6n }], "default.t");
    } catch (e) {
      err = e;
    }
    expect(isLakelabError(err, "COMMIT_CONFLICT")).toBe(true);
    expect((err as Error).message).toBe(
      "commit to default.t failed: ref 'main' is at snapshot 7, expected 6",
    );
    expect(() => checkRequirements(m, [{ type: "assert-create" }], "default.t")).toThrow(/already exists/);
    expect(() => checkRequirements(undefined, [{ type: "assert-create" }], "default.t")).not.toThrow();
  });
});
