import { describe, expect, it } from "vitest";
import {
  commitTableRequest,
  createTableUpdates,
  requirementToJson,
  updateToJson,
} from "../../../../src/iceberg/catalog/rest/table-change.serde";
import { parseJson, stringifyJson } from "../../../../src/iceberg/spec/json";
import { newTableMetadata } from "../../../../src/iceberg/transaction/new-table-metadata";
import type { TableRequirement } from "../../../../src/iceberg/transaction/table-requirement";
import type { TableUpdate } from "../../../../src/iceberg/transaction/table-update";
import {
  CommitTableRequest,
  problems,
  TableRequirement as RequirementShape,
  TableUpdate as UpdateShape,
} from "./spec-shapes";

const BIG = 5173553188971266738n;
const schema = {
  type: "struct" as const,
  schemaId: 1,
  fields: [{ id: 1, name: "id", required: true, type: "long" as const }],
};

const REQUIREMENTS: TableRequirement[] = [
  { type: "assert-create" },
  { type: "assert-table-uuid", uuid: "9c12d441-03fe-4693-9a96-a0705ddf69c1" },
  { type: "assert-ref-snapshot-id", ref: "main", snapshotId: BIG },
  { type: "assert-ref-snapshot-id", ref: "tag1", snapshotId: null },
  { type: "assert-last-assigned-field-id", lastAssignedFieldId: 3 },
  { type: "assert-current-schema-id", currentSchemaId: 1 },
  { type: "assert-last-assigned-partition-id", lastAssignedPartitionId: 1000 },
  { type: "assert-default-spec-id", defaultSpecId: 0 },
  { type: "assert-default-sort-order-id", defaultSortOrderId: 0 },
];

const UPDATES: TableUpdate[] = [
  { action: "assign-uuid", uuid: "9c12d441-03fe-4693-9a96-a0705ddf69c1" },
  { action: "upgrade-format-version", formatVersion: 2 },
  { action: "add-schema", schema, lastColumnId: 1 },
  { action: "set-current-schema", schemaId: -1 },
  {
    action: "add-spec",
    spec: { specId: 1, fields: [{ sourceId: 1, fieldId: 1000, name: "id_bucket", transform: "bucket[16]" }] },
  },
  { action: "set-default-spec", specId: -1 },
  { action: "add-sort-order", sortOrder: { orderId: 1, fields: [] } },
  { action: "set-default-sort-order", sortOrderId: 1 },
  {
    action: "add-snapshot",
    snapshot: {
      snapshotId: BIG,
      parentSnapshotId: BIG - 1n,
      sequenceNumber: 2n,
      timestampMs: 1_700_000_000_000,
      manifestList: "s3://b/t/metadata/snap-1.avro",
      summary: { operation: "append", "added-records": "3" },
      schemaId: 1,
    },
  },
  { action: "set-snapshot-ref", refName: "main", snapshotId: BIG, type: "branch", maxRefAgeMs: 86_400_000 },
  { action: "remove-snapshots", snapshotIds: [BIG - 1n] },
  { action: "remove-snapshot-ref", refName: "tag1" },
  { action: "set-location", location: "s3://b/t" },
  { action: "set-properties", updates: { "write.format.default": "parquet" } },
  { action: "remove-properties", removals: ["owner"] },
];

describe("REST table changes serde", () => {
  it("every requirement has its spec variant's shape", () => {
    for (const r of REQUIREMENTS)
      expect(problems(RequirementShape, requirementToJson(r)), r.type).toEqual([]);
    expect(requirementToJson(REQUIREMENTS[3]!)).toEqual({
      type: "assert-ref-snapshot-id",
      ref: "tag1",
      "snapshot-id": null,
    });
  });

  it("every update has its spec variant's shape", () => {
    for (const u of UPDATES) expect(problems(UpdateShape, updateToJson(u, 2)), u.action).toEqual([]);
    expect(updateToJson(UPDATES[9]!, 2)).toEqual({
      action: "set-snapshot-ref",
      "ref-name": "main",
      "snapshot-id": BIG,
      type: "branch",
      "max-ref-age-ms": 86_400_000,
    });
  });

  it("a shape check catches a camelCase field and a wrong type", () => {
    expect(problems(UpdateShape, { action: "set-current-schema", schemaId: 1 })).toEqual([
      "$: SetCurrentSchemaUpdate requires 'schema-id'",
      "$: SetCurrentSchemaUpdate has no field 'schemaId'",
    ]);
    expect(
      problems(RequirementShape, { type: "assert-current-schema-id", "current-schema-id": "1" }),
    ).toHaveLength(1);
  });

  it("a CommitTableRequest writes 64-bit ids as exact decimals", () => {
    const json = commitTableRequest({ namespace: ["a", "b"], name: "t" }, REQUIREMENTS, UPDATES, 2);
    expect(problems(CommitTableRequest, json)).toEqual([]);
    const text = stringifyJson(json);
    expect(text).toContain('"snapshot-id":5173553188971266738');
    expect(text).toContain('"snapshot-ids":[5173553188971266737]');
    expect(problems(CommitTableRequest, parseJson(text))).toEqual([]);
  });

  it("createTableUpdates rebuilds a table's metadata from nothing", () => {
    const m = newTableMetadata({ location: "s3://b/t", schema, lastColumnId: 1, properties: { a: "1" } });
    const actions = createTableUpdates(m).map((u) => u.action);
    expect(actions).toEqual([
      "assign-uuid",
      "upgrade-format-version",
      "add-schema",
      "set-current-schema",
      "add-spec",
      "set-default-spec",
      "add-sort-order",
      "set-default-sort-order",
      "set-location",
      "set-properties",
    ]);
    for (const u of createTableUpdates(m)) expect(problems(UpdateShape, updateToJson(u, 2))).toEqual([]);
  });
});
