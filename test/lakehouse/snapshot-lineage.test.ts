import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import type { LakelabError } from "../../src/errors";
import { readRunLineage } from "../../src/lakehouse/run-lineage";
import {
  lineageDataset,
  lineageTags,
  runTagName,
  type SnapshotLineage,
  snapshotDigest,
} from "../../src/lakehouse/snapshot-lineage";
import type { Run } from "../../src/tracking/entities";

const lineage: SnapshotLineage = {
  catalog: "lakelab",
  table: "default.training",
  metadataLocation: "file:///lake/warehouse/default/training/metadata/00001-a.metadata.json",
  snapshotId: 5173553188971266738n,
  parentId: null,
  committedAt: new Date("2026-03-07T23:59:58.123Z"),
  manifestList: "file:///lake/warehouse/default/training/metadata/snap-5173553188971266738-1-b.avro",
  rowCount: 6046,
  fields: [
    { id: 1, name: "text", required: false, type: "string" },
    { id: 2, name: "label", required: true, type: "double" },
  ],
};

function runWith(tags: Record<string, string>, withInput: boolean): Run {
  return {
    info: {
      runId: "r1",
      runName: "exp1",
      experimentId: "1",
      userId: "ada",
      status: "FINISHED",
      startTime: 0,
      endTime: 1,
      artifactUri: "",
      lifecycleStage: "active",
    },
    data: { params: { maxIter: "8" }, tags, metrics: {}, latestMetrics: [] },
    inputs: { datasetInputs: withInput ? [lineageDataset(lineage)] : [] },
  };
}

describe("lineage tags and dataset", () => {
  it("writes the seed's tags with exact ids, the seed's date and full ISO time", () => {
    expect(lineageTags(lineage)).toEqual({
      iceberg_snapshot_id: "5173553188971266738",
      iceberg_snapshot_committed_at: "03/07/2026",
      iceberg_snapshot_committed_at_iso: "2026-03-07T23:59:58.123Z",
      iceberg_parent_id: "None",
      row_count: "6046",
      iceberg_table: "default.training",
      iceberg_metadata_location: lineage.metadataLocation,
    });
    expect(lineageTags({ ...lineage, parentId: 9007199254740993n }).iceberg_parent_id).toBe(
      "9007199254740993",
    );
  });

  it("names the dataset <table>@<snapshot> with an iceberg source, MLflow colspec schema and training context", () => {
    const input = lineageDataset(lineage);
    expect(input.dataset.name).toBe("default.training@5173553188971266738");
    expect(input.dataset.sourceType).toBe("iceberg");
    expect(JSON.parse(input.dataset.source)).toEqual({
      catalog: "lakelab",
      table: "default.training",
      snapshot_id: "5173553188971266738",
      metadata_location: lineage.metadataLocation,
      uri: "iceberg://default.training@5173553188971266738",
    });
    expect(JSON.parse(input.dataset.schema!)).toEqual({
      mlflow_colspec: [
        { type: "string", name: "text", required: false },
        { type: "double", name: "label", required: true },
      ],
    });
    expect(input.tags).toEqual([{ key: "mlflow.data.context", value: "training" }]);
    const expected = createHash("sha256")
      .update(`${lineage.manifestList}\n5173553188971266738`)
      .digest("hex");
    expect(input.dataset.digest).toBe(expected.slice(0, 16));
    expect(snapshotDigest(lineage.manifestList, lineage.snapshotId + 1n)).not.toBe(input.dataset.digest);
    expect(runTagName("abc")).toBe("mlflow-run-abc");
  });
});

describe("readRunLineage", () => {
  it("reads back the exact snapshot id, digest, row count and params", () => {
    const back = readRunLineage(runWith(lineageTags(lineage), true));
    expect(back).toEqual({
      runId: "r1",
      catalog: "lakelab",
      table: "default.training",
      snapshotId: 5173553188971266738n,
      parentId: null,
      committedAt: lineage.committedAt,
      rowCount: 6046,
      metadataLocation: lineage.metadataLocation,
      digest: lineageDataset(lineage).dataset.digest,
      params: { maxIter: "8" },
    });
  });

  it("falls back to the seed's tags for runs without a dataset input", () => {
    const back = readRunLineage(runWith({ ...lineageTags(lineage), iceberg_parent_id: "42" }, false));
    expect(back.snapshotId).toBe(5173553188971266738n);
    expect(back.parentId).toBe(42n);
    expect(back.digest).toBeUndefined();
  });

  it("throws LINEAGE_MISSING naming what is absent or unreadable", () => {
    const noRows = lineageTags(lineage) as Record<string, string>;
    delete noRows.row_count;
    expect(() => readRunLineage(runWith(noRows, true))).toThrow(
      "run r1 has no lineage: tag 'row_count' is missing",
    );
    const rounded = { ...lineageTags(lineage), iceberg_snapshot_id: "5.173553188971267e18" };
    try {
      readRunLineage(runWith(rounded, false));
      expect.unreachable();
    } catch (err) {
      expect((err as LakelabError).code).toBe("LINEAGE_MISSING");
      expect((err as LakelabError).message).toContain("is not an exact decimal snapshot id");
    }
  });
});
