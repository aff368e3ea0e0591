import { mkdtempSync, rmSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isLakelabError } from "../../src/errors";
import { exp1, exp2, exp3, runsReport } from "../../src/experiments";
import type { ExperimentResult } from "../../src/experiments/experiment";
import { type Connection, closeConnections, getConnection } from "../../src/lakehouse/connection";
import { spamCorpusArrow } from "../../src/lakehouse/corpus";
import { runsOverview } from "../../src/notebook/runs-overview";

let root: string;
let conn: Connection;
const shown: string[] = [];
const display = { html: (s: string) => shown.push(s), text: (s: string) => shown.push(s) };
const options = { display, progress: false } as const;
let r1: ExperimentResult;
let r2: ExperimentResult;
let r3: ExperimentResult;
const training = spamCorpusArrow({ every: 12 });

beforeAll(async () => {
  root = mkdtempSync(path.join(os.tmpdir(), "lakelab-exp-"));
  conn = await getConnection(undefined, { cwd: root, home: root, env: {} });
  r1 = await exp1(training, options);
  r2 = await exp2(options);
  // a string id, as a user pastes it from the snapshots table
  r3 = await exp3(r1.snapshot.snapshotId.toString(), options);
});
afterAll(() => {
  closeConnections();
  rmSync(root, { recursive: true, force: true });
});

describe("exp1, exp2, exp3 (the seed's cells)", () => {
  it("exp1 replaces the table, trains on its new snapshot and shows data, history and snapshots", async () => {
    const table = await conn.catalog.loadTable("default.training");
    expect(table.snapshotList()[0].snapshotId).toBe(r1.snapshot.snapshotId);
    expect(r1.metrics.train_row_count + r1.metrics.test_row_count).toBe(training.numRows);
    expect(shown.some((h) => h.includes(`default.training @ ${r1.snapshot.snapshotId}`))).toBe(true);
    expect(shown.some((h) => h.includes("default.training.history"))).toBe(true);
    expect(shown.some((h) => h.includes("default.training.snapshots"))).toBe(true);
    expect(shown.join("")).not.toContain(root);
  });

  it("exp2 doubles the table and trains on the appended snapshot", async () => {
    expect(r2.snapshot.parentId).toBe(r1.snapshot.snapshotId);
    expect(r2.snapshot.operation).toBe("append");
    expect(r2.metrics.train_row_count + r2.metrics.test_row_count).toBe(2 * training.numRows);
    const table = await conn.catalog.loadTable("default.training");
    expect(table.currentSnapshot()?.snapshotId).toBe(r2.snapshot.snapshotId);
  });

  it("exp3 trains on exactly exp1's snapshot, not the current one, and all three runs are found", async () => {
    expect(r3.snapshot.snapshotId).toBe(r1.snapshot.snapshotId);
    expect(r3.metrics.train_row_count).toBe(r1.metrics.train_row_count);
    const byName = new Map(r3.runs.runs.map((r) => [r.info.runName, r]));
    expect([...byName.keys()].sort()).toEqual(["exp1", "exp2", "exp3"]);
    const t1 = byName.get("exp1")!.data.tags;
    const t3 = byName.get("exp3")!.data.tags;
    expect(t3.iceberg_snapshot_id).toBe(r1.snapshot.snapshotId.toString());
    expect(t3.row_count).toBe(t1.row_count);
    expect(t3["lakelab.derived_from"]).toBe(r1.runId);
    expect(byName.get("exp3")!.data.params).toMatchObject({ maxIter: "7", regParam: "0.005" });
    expect(byName.get("exp2")!.data.tags.row_count).toBe(String(2 * training.numRows));
  });

  it("runsOverview lists the runs oldest first with the snapshot each trained on", () => {
    const rows = runsOverview(r3.runs);
    expect(rows.map((r) => r.run)).toEqual(["exp1", "exp2", "exp3"]);
    expect(rows.map((r) => r.iceberg_snapshot_id)).toEqual(
      [r1, r2, r1].map((r) => r.snapshot.snapshotId.toString()),
    );
    expect(rows[2]).toMatchObject({ maxIter: "7", regParam: "0.005", reproduces: r1.runId });
    expect(rows[0].areaUnderROC).toBe(r1.metrics.areaUnderROC);
  });

  it("runsReport prints the three runs with their snapshot ids for a terminal", async () => {
    const report = await runsReport(path.join(root, "mlruns"));
    const lines = report.split("\n");
    expect(lines[0]).toBe("sparkml-experiment");
    expect(lines.at(-1)).toBe("3 rows × 9 columns");
    for (const r of [r1, r2, r3]) {
      const line = lines.find((l) => l.includes(r.runId))!;
      expect(line.startsWith(r.runName)).toBe(true);
      expect(line).toContain(r.snapshot.snapshotId.toString());
    }
    expect(await runsReport(path.join(root, "mlruns"), "nope")).toContain("no experiment named 'nope'");
  });

  it("exp3 names a snapshot id that is not an integer", async () => {
    const err = await exp3("51735531.8e12", options).catch((e) => e);
    expect(isLakelabError(err, "INVALID_ARGUMENT")).toBe(true);
    const missing = await exp3("42", options).catch((e) => e);
    expect(isLakelabError(missing, "SNAPSHOT_NOT_FOUND")).toBe(true);
  });

  it("exp3 takes a snapshot id as a safe JS number, and explains why a larger one must be a bigint", async () => {
    const id = r1.snapshot.snapshotId;
    // untyped code (a plain JS cell) can pass what the table shows as a number literal
    const asNumber = exp3 as (snapshotId: unknown, o: typeof options) => ReturnType<typeof exp3>;
    const rounded = await asNumber(Number(id), options).catch((e) => e);
    expect(isLakelabError(rounded, "INVALID_ARGUMENT")).toBe(true);
    expect(rounded.message).toContain("was given as a JS number");
    const small = await asNumber(Number.MAX_SAFE_INTEGER, options).catch((e) => e);
    expect(isLakelabError(small, "SNAPSHOT_NOT_FOUND")).toBe(true);
  });
});
