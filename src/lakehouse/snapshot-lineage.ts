import { createHash } from "node:crypto";
import { LakelabError } from "../errors";
import type { IcebergType, NestedField } from "../iceberg/spec/schema";
import type { DatasetInput } from "../tracking/entities";

/** Everything a run records about the table snapshot it trained on. */
export interface SnapshotLineage {
  /** Catalog name, e.g. "lakelab". */
  readonly catalog: string;
  /** `<namespace>.<table>`, e.g. "default.training". */
  readonly table: string;
  readonly metadataLocation: string;
  readonly snapshotId: bigint;
  readonly parentId: bigint | null;
  readonly committedAt: Date;
  readonly manifestList: string;
  /** Rows in the table at this snapshot (the snapshot's `total-records`). */
  readonly rowCount: number;
  /** The table schema's top-level fields at this snapshot. */
  readonly fields: readonly NestedField[];
}

/** The run tags lineage writes: the seed's four, plus lakelab's. */
export const LineageTag = {
  SNAPSHOT_ID: "iceberg_snapshot_id",
  /** `%m/%d/%Y`, as the seed notebook writes it. */
  COMMITTED_AT: "iceberg_snapshot_committed_at",
  /** Full ISO-8601 UTC: the seed's date alone cannot tell two commits of one day apart. */
  COMMITTED_AT_ISO: "iceberg_snapshot_committed_at_iso",
  PARENT_ID: "iceberg_parent_id",
  ROW_COUNT: "row_count",
  TABLE: "iceberg_table",
  METADATA_LOCATION: "iceberg_metadata_location",
  REPRODUCES: "lakelab.reproduces",
} as const;

/** The Iceberg tag that keeps a run's snapshot alive through `expireSnapshots`. */
export function runTagName(runId: string): string {
  return `mlflow-run-${runId}`;
}

/**
 * A digest of the snapshot, exact and cheap: a snapshot id plus its manifest list pin the data
 * files, so no row needs reading. 16 hex characters of SHA-256.
 */
export function snapshotDigest(manifestList: string, snapshotId: bigint): string {
  return createHash("sha256").update(`${manifestList}\n${snapshotId}`).digest("hex").slice(0, 16);
}

/** The seed's tags and lakelab's, all strings; 64-bit ids as exact decimals. */
export function lineageTags(s: SnapshotLineage): Record<string, string> {
  const d = s.committedAt;
  const pad = (n: number) => String(n).padStart(2, "0");
  return {
    [LineageTag.SNAPSHOT_ID]: s.snapshotId.toString(),
    [LineageTag.COMMITTED_AT]: `${pad(d.getUTCMonth() + 1)}/${pad(d.getUTCDate())}/${d.getUTCFullYear()}`,
    [LineageTag.COMMITTED_AT_ISO]: d.toISOString(),
    // str(None) is what the seed's set_tags wrote for a first snapshot
    [LineageTag.PARENT_ID]: s.parentId === null ? "None" : s.parentId.toString(),
    [LineageTag.ROW_COUNT]: String(s.rowCount),
    [LineageTag.TABLE]: s.table,
    [LineageTag.METADATA_LOCATION]: s.metadataLocation,
  };
}

/** The MLflow dataset input (`runs/log-inputs`) naming the snapshot, with context `training`. */
export function lineageDataset(s: SnapshotLineage): DatasetInput {
  const source = {
    catalog: s.catalog,
    table: s.table,
    snapshot_id: s.snapshotId.toString(),
    metadata_location: s.metadataLocation,
    uri: `iceberg://${s.table}@${s.snapshotId}`,
  };
  return {
    dataset: {
      name: `${s.table}@${s.snapshotId}`,
      digest: snapshotDigest(s.manifestList, s.snapshotId),
      sourceType: "iceberg",
      source: JSON.stringify(source),
      schema: JSON.stringify({ mlflow_colspec: s.fields.map(colspec) }),
      profile: JSON.stringify({ num_rows: s.rowCount, num_elements: s.rowCount * s.fields.length }),
    },
    tags: [{ key: "mlflow.data.context", value: "training" }],
  };
}

/** One column in MLflow's schema format: `{ type, name, required }`. */
function colspec(f: NestedField): { type: string; name: string; required: boolean } {
  return { type: mlflowType(f.type, f.name), name: f.name, required: f.required };
}

function mlflowType(t: IcebergType, column: string): string {
  if (typeof t !== "string") {
    throw new LakelabError(
      "UNSUPPORTED_FEATURE",
      `column '${column}' is a ${t.type}; lineage schemas take primitive columns`,
      {
        context: { column },
      },
    );
  }
  if (t === "int") return "integer";
  if (t === "long" || t === "float" || t === "double" || t === "boolean" || t === "string" || t === "binary")
    return t;
  if (t.startsWith("timestamp") || t === "date") return "datetime";
  return "string";
}
