import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { isLakelabError, LakelabError } from "../../../src/errors";
import { type IcebergCatalog, openCatalog, type Table } from "../../../src/iceberg/table";
import { FastAppend, type TableOperations, Transaction } from "../../../src/iceberg/transaction";

describe("Transaction", () => {
  let dir: string;
  let a: IcebergCatalog;
  let b: IcebergCatalog;
  beforeEach(async () => {
    dir = mkdtempSync(path.join(tmpdir(), "lakelab-tx-"));
    a = await openCatalog({ warehouse: dir });
    b = await openCatalog({ warehouse: dir });
    await a.createNamespace("default");
    await a.writeTo("default.t").createOrReplace([{ id: 1n }]);
  });
  afterEach(() => {
    a.close();
    b.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("reloads and replays after losing the compare-and-set to another writer", async () => {
    const table = await a.loadTable("default.t");
    const ops = table.operations();
    let raced = false;
    let commits = 0;
    const racing: TableOperations = {
      ...ops,
      refresh: () => ops.refresh(),
      commit: async (base, requirements, updates) => {
        commits++;
        if (!raced) {
          raced = true;
          await b.writeTo("default.t").append([{ id: 2n }]); // the other writer wins the race
        }
        return ops.commit(base, requirements, updates);
      },
    };
    const append = new FastAppend([]);
    const result = await new Transaction(racing).add(append).commit();
    expect(commits).toBe(2);
    const m = result.metadata;
    const ids = m.snapshots.map((s) => s.snapshotId);
    expect(ids).toHaveLength(3);
    // Linear history: the retried append sits on top of the winner.
    expect(m.snapshots[2]!.snapshotId).toBe(append.snapshotId);
    expect(m.snapshots[2]!.parentSnapshotId).toBe(m.snapshots[1]!.snapshotId);
    expect(m.snapshots[2]!.sequenceNumber).toBe(3n);
    expect(m.snapshots[2]!.summary["total-records"]).toBe("2");
  });

  it("builds the first attempt on a state loaded just now, and reloads only when it is stale", async () => {
    const count = (ops: TableOperations) => {
      const n = { refresh: 0, commit: 0 };
      const counted: TableOperations = {
        ...ops,
        refresh: () => {
          n.refresh++;
          return ops.refresh();
        },
        commit: (base, req, upd) => {
          n.commit++;
          return ops.commit(base, req, upd);
        },
      };
      return { n, counted };
    };
    const stateOf = (t: Table) => ({ metadata: t.metadata, metadataLocation: t.metadataLocation });
    const fresh = await a.loadTable("default.t");
    const one = count(fresh.operations());
    await new Transaction(one.counted).add(new FastAppend([])).commit(stateOf(fresh));
    expect(one.n).toEqual({ refresh: 0, commit: 1 });

    const stale = await a.loadTable("default.t");
    await b.writeTo("default.t").append([{ id: 2n }]);
    const two = count(stale.operations());
    const append = new FastAppend([]);
    const result = await new Transaction(two.counted).add(append).commit(stateOf(stale));
    expect(two.n).toEqual({ refresh: 1, commit: 2 });
    const m = result.metadata;
    expect(m.snapshots).toHaveLength(4);
    expect(m.snapshots[3]!.snapshotId).toBe(append.snapshotId);
    expect(m.snapshots[3]!.parentSnapshotId).toBe(m.snapshots[2]!.snapshotId);
    expect(m.snapshots[3]!.summary["total-records"]).toBe("2");
  });

  it("never retries a commit whose outcome is unknown", async () => {
    const table = await a.loadTable("default.t");
    const ops = table.operations();
    let commits = 0;
    const unknown: TableOperations = {
      ...ops,
      commit: async () => {
        commits++;
        throw new LakelabError("COMMIT_STATE_UNKNOWN", "timeout after sending", { retryable: false });
      },
    };
    let err: unknown;
    try {
      await new Transaction(unknown).add(new FastAppend([])).commit();
    } catch (e) {
      err = e;
    }
    expect(isLakelabError(err, "COMMIT_STATE_UNKNOWN")).toBe(true);
    expect(commits).toBe(1);
  });

  it("gives up after the bounded number of attempts with COMMIT_CONFLICT", async () => {
    const ops = (await a.loadTable("default.t")).operations();
    let commits = 0;
    const alwaysLoses: TableOperations = {
      ...ops,
      commit: async () => {
        commits++;
        throw new LakelabError("COMMIT_CONFLICT", "lost", { retryable: true });
      },
    };
    const tx = new Transaction(alwaysLoses, { maxAttempts: 3, minWaitMs: 1, maxWaitMs: 2 }).add(
      new FastAppend([]),
    );
    await expect(tx.commit()).rejects.toThrow(/lost the race 3 times/);
    expect(commits).toBe(3);
    expect((await a.loadTable("default.t")).metadata.snapshots).toHaveLength(1);
  });

  it("deletes the manifest list of every attempt that lost the race; an unknown outcome keeps its own", async () => {
    const table = await a.loadTable("default.t");
    const ops = table.operations();
    const manifestLists = () =>
      readdirSync(path.join(dir, "default", "t", "metadata")).filter((f) => f.startsWith("snap-"));
    const before = manifestLists();
    let losses = 0;
    const losesTwice: TableOperations = {
      ...ops,
      commit: async (base, requirements, updates) => {
        if (losses++ < 2) throw new LakelabError("COMMIT_CONFLICT", "lost", { retryable: true });
        return ops.commit(base, requirements, updates);
      },
    };
    const append = new FastAppend([]);
    await new Transaction(losesTwice, { maxAttempts: 5, minWaitMs: 1, maxWaitMs: 2 }).add(append).commit();
    const committed = (await a.loadTable("default.t")).metadata.snapshots.at(-1)!;
    expect(committed.snapshotId).toBe(append.snapshotId);
    expect(manifestLists().filter((f) => !before.includes(f))).toEqual([
      path.basename(committed.manifestList),
    ]);

    const unknown: TableOperations = {
      ...ops,
      commit: async () => {
        throw new LakelabError("COMMIT_STATE_UNKNOWN", "timeout after sending");
      },
    };
    const settled = manifestLists();
    await expect(new Transaction(unknown).add(new FastAppend([])).commit()).rejects.toThrow(/timeout/);
    expect(manifestLists().length).toBe(settled.length + 1);
  });
});
