import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import type { LakelabError } from "../../src/errors";
import { expireSnapshots } from "../../src/iceberg/maintenance/expire-snapshots";
import { type Connection, closeConnections, getConnection } from "../../src/lakehouse/connection";
import { labeledTextToArrow } from "../../src/lakehouse/corpus";
import { readLineage, recordLineage, snapshotLineage, verifySnapshot } from "../../src/lakehouse/lineage";
import { lineageDataset } from "../../src/lakehouse/snapshot-lineage";

let root: string;
let conn: Connection;

beforeAll(async () => {
  root = mkdtempSync(path.join(os.tmpdir(), "lakelab-lineage-"));
  conn = await getConnection(undefined, { cwd: root, home: root, env: {} });
  await conn.catalog.createNamespace("default");
});
afterAll(() => {
  closeConnections();
  rmSync(root, { recursive: true, force: true });
});

const rows = [
  { text: "win money now", label: 1 },
  { text: "meeting at noon", label: 0 },
  { text: "cheap pills", label: 1 },
];

describe("recordLineage", () => {
  it("writes tags, a dataset input and an Iceberg tag that keeps the snapshot through expireSnapshots", async () => {
    const data = labeledTextToArrow(rows);
    const first = await conn.catalog.writeTo("default.training").createOrReplace(data);
    await conn.catalog.writeTo("default.training").append(data);
    const table = await conn.catalog.loadTable("default.training");
    const expId = await conn.tracking.createExperiment("lineage");
    const run = await conn.tracking.createRun(expId);
    const runId = run.info.runId;
    const lineage = snapshotLineage(conn, table, first.snapshotId, data);
    expect(lineage.rowCount).toBe(3);
    expect(lineage.fields.map((f) => f.name)).toEqual(["text", "label"]);
    await recordLineage(conn, runId, table, lineage);

    // read back through the store, and straight from the files MLflow would read
    const back = await readLineage(conn, runId);
    expect(back.snapshotId).toBe(first.snapshotId);
    expect(back.table).toBe("default.training");
    expect(back.digest).toBe(lineageDataset(lineage).dataset.digest);
    const runDir = path.join(root, "mlruns", expId, runId);
    expect(readFileSync(path.join(runDir, "tags", "iceberg_snapshot_id"), "utf8")).toBe(
      first.snapshotId.toString(),
    );
    const datasets = path.join(root, "mlruns", expId, "datasets");
    const [datasetId] = readdirSync(datasets);
    const meta = parse(readFileSync(path.join(datasets, datasetId, "meta.yaml"), "utf8"));
    expect(meta.source_type).toBe("iceberg");
    expect(meta.name).toBe(`default.training@${first.snapshotId}`);
    expect(JSON.parse(meta.source).snapshot_id).toBe(first.snapshotId.toString());

    await table.refresh();
    expect(table.metadata.refs[`mlflow-run-${runId}`]).toMatchObject({
      type: "tag",
      snapshotId: first.snapshotId,
    });
    const everything = { olderThanMs: Date.now() + 60_000, retainLast: 1 };
    const kept = await expireSnapshots(table, everything);
    expect(kept.expiredSnapshotIds).toEqual([]);
    expect(() => verifySnapshot(back, table, 3)).not.toThrow();

    // without the tag the same expiry removes it: the tag is what protected it
    await table.removeTag(`mlflow-run-${runId}`);
    const gone = await expireSnapshots(table, everything);
    expect(gone.expiredSnapshotIds).toEqual([first.snapshotId]);
    const err = (() => {
      try {
        verifySnapshot(back, table);
      } catch (e) {
        return e as LakelabError;
      }
    })();
    expect(err?.code).toBe("SNAPSHOT_NOT_FOUND");
    expect(err?.message).toContain(
      `run ${runId} trained on snapshot ${first.snapshotId} of default.training`,
    );
  });

  it("flags a snapshot whose digest or row count differs from the run's", async () => {
    const table = await conn.catalog.loadTable("default.training");
    const current = table.currentSnapshot()!;
    const lineage = {
      runId: "r",
      table: "default.training",
      snapshotId: current.snapshotId,
      parentId: null,
      rowCount: 6,
      params: {},
    };
    expect(() => verifySnapshot({ ...lineage, digest: "0000000000000000" }, table)).toThrow(/LINEAGE|digest/);
    try {
      verifySnapshot(lineage, table, 5);
      expect.unreachable();
    } catch (e) {
      expect((e as LakelabError).code).toBe("LINEAGE_MISMATCH");
      expect((e as LakelabError).message).toContain("reads back 5 rows but the run recorded row_count 6");
    }
  });
});
