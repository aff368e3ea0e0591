import type { Table as ArrowTable } from "apache-arrow";
import { LakelabError } from "../errors";
import type { Table } from "../iceberg/table/table";
import { tagList } from "../tracking/client";
import type { Connection } from "./connection";
import { type RunLineage, readRunLineage } from "./run-lineage";
import {
  lineageDataset,
  lineageTags,
  runTagName,
  type SnapshotLineage,
  snapshotDigest,
} from "./snapshot-lineage";

/**
 * The lineage of `table` at `snapshotId`, given the rows read from it: exact ids, the schema the
 * snapshot was written with, and the row count of the data actually read.
 */
export function snapshotLineage(
  conn: Connection,
  table: Table,
  snapshotId: bigint,
  data: ArrowTable,
): SnapshotLineage {
  const snap = table.snapshot(snapshotId);
  const m = table.metadata;
  const schema = m.schemas.find((s) => s.schemaId === snap.schemaId) ?? table.schema();
  return {
    catalog: conn.catalog.name,
    table: table.name,
    metadataLocation: table.metadataLocation,
    snapshotId: snap.snapshotId,
    parentId: snap.parentId,
    committedAt: snap.committedAt,
    manifestList: snap.manifestList,
    rowCount: data.numRows,
    fields: schema.fields,
  };
}

/**
 * Records a run's training data three ways: the seed's tags (+ table, metadata location, ISO
 * time), an MLflow dataset input, and the Iceberg tag `mlflow-run-<run_id>` that keeps the
 * snapshot alive through expireSnapshots.
 */
export async function recordLineage(conn: Connection, runId: string, table: Table, lineage: SnapshotLineage) {
  await conn.tracking.logBatch(runId, { tags: tagList(lineageTags(lineage)) });
  await conn.tracking.logInputs(runId, [lineageDataset(lineage)]);
  await table.createTag(runTagName(runId), lineage.snapshotId);
}

/** A run's lineage as recorded (exact snapshot id, digest, row count, params). */
export async function readLineage(conn: Connection, runId: string): Promise<RunLineage> {
  return readRunLineage(await conn.tracking.getRun(runId));
}

/**
 * Checks that `table` still holds the snapshot a run trained on, unchanged: SNAPSHOT_NOT_FOUND
 * when it was expired, LINEAGE_MISMATCH when its manifest list (digest) or row count differ.
 */
export function verifySnapshot(lineage: RunLineage, table: Table, rowsRead?: number): void {
  const known = table.snapshotList().find((s) => s.snapshotId === lineage.snapshotId);
  if (known === undefined) {
    throw new LakelabError(
      "SNAPSHOT_NOT_FOUND",
      `run ${lineage.runId} trained on snapshot ${lineage.snapshotId} of ${lineage.table}, which is no longer in the table (expired or the table was replaced); its data cannot be read back`,
      { context: { runId: lineage.runId, table: lineage.table, snapshotId: lineage.snapshotId.toString() } },
    );
  }
  const digest = snapshotDigest(known.manifestList, known.snapshotId);
  if (lineage.digest !== undefined && lineage.digest !== digest) {
    throw mismatch(
      lineage,
      `its digest is ${digest} but the run recorded ${lineage.digest} (a different table now has this snapshot id)`,
    );
  }
  if (rowsRead !== undefined && rowsRead !== lineage.rowCount) {
    throw mismatch(
      lineage,
      `it reads back ${rowsRead} rows but the run recorded row_count ${lineage.rowCount}`,
    );
  }
}

function mismatch(lineage: RunLineage, what: string): LakelabError {
  return new LakelabError(
    "LINEAGE_MISMATCH",
    `snapshot ${lineage.snapshotId} of ${lineage.table} is not the data run ${lineage.runId} trained on: ${what}`,
    { context: { runId: lineage.runId, table: lineage.table, snapshotId: lineage.snapshotId.toString() } },
  );
}
