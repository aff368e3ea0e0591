import * as fs from "node:fs";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { isLakelabError, LakelabError } from "../../../src/errors";
import { toLocalPath } from "../../../src/iceberg/io/local-file-io";
import { expireSnapshots, removeOrphanFiles } from "../../../src/iceberg/maintenance";
import { type IcebergCatalog, openCatalog, type Table } from "../../../src/iceberg/table";
import type { TableOperations } from "../../../src/iceberg/transaction/table-operations";
import { batch, dataFilesOf, expectedOf, filesUnder, rowsOf, tempDir } from "./helpers";

const FUTURE = () => Date.now() + 1_000;

describe("expireSnapshots", () => {
  let tmp: ReturnType<typeof tempDir>;
  let catalog: IcebergCatalog;
  beforeEach(async () => {
    tmp = tempDir("lakelab-expire-");
    catalog = await openCatalog({ warehouse: tmp.dir });
    await catalog.createNamespace("db");
  });
  afterEach(() => {
    catalog.close();
    tmp.cleanup();
  });

  /** Commits each step in order; returns the table and the snapshot ids. */
  async function build(
    steps: [op: "createOrReplace" | "append", name: string][],
  ): Promise<[Table, bigint[]]> {
    const ids: bigint[] = [];
    for (const [op, name] of steps) ids.push((await catalog.writeTo("db.t")[op](batch(name))).snapshotId);
    return [await catalog.loadTable("db.t"), ids];
  }

  it("keeps the tagged and the current snapshot, deletes only the expired manifest lists of fast appends", async () => {
    const [table, [s1, s2, s3, s4, s5]] = await build([
      ["createOrReplace", "a"],
      ["append", "b"],
      ["append", "c"],
      ["append", "d"],
      ["append", "e"],
    ]);
    await table.createTag("v2", s2!);
    const lists = Object.fromEntries(
      table.metadata.snapshots.map((s) => [String(s.snapshotId), toLocalPath(s.manifestList)]),
    );
    const before = filesUnder(table.location);

    // Through the Table facade's method.
    const result = await table.expireSnapshots({ olderThanMs: FUTURE(), retainLast: 1 });

    expect([...result.expiredSnapshotIds].sort()).toEqual([s1, s3, s4].sort());
    expect(result.removedRefs).toEqual([]);
    expect(table.metadata.snapshots.map((s) => s.snapshotId)).toEqual([s2, s5]);
    expect(Object.keys(table.metadata.refs).sort()).toEqual(["main", "v2"]);
    expect(table.metadata.snapshotLog.map((e) => e.snapshotId)).toEqual([s2, s5]);
    // Every data file and manifest is still live in s5: only the three lists go.
    const gone = [s1, s3, s4].map((id) => lists[String(id)]!).sort();
    expect(result.deletedFiles).toEqual({ manifestLists: gone, manifests: [], contentFiles: [] });
    expect(filesUnder(table.location)).toEqual(
      [...before.filter((f) => !gone.includes(f)), toLocalPath(result.metadataLocation!)].sort(),
    );
    // The catalog serves the committed state; the kept snapshots read back row for row.
    const reloaded = await catalog.loadTable("db.t");
    expect(reloaded.metadataLocation).toBe(result.metadataLocation);
    expect(await rowsOf(reloaded)).toEqual(expectedOf("a", "b", "c", "d", "e"));
    expect(await rowsOf(reloaded, { ref: "v2" })).toEqual(expectedOf("a", "b"));
    expect(await rowsOf(reloaded, { snapshotId: s2! })).toEqual(expectedOf("a", "b"));
    await expect(rowsOf(reloaded, { snapshotId: s1! })).rejects.toMatchObject({ code: "SNAPSHOT_NOT_FOUND" });
  });

  it("deletes replaced data files only once no kept snapshot reads them (tag first, then without it)", async () => {
    const [table, [s1, s2, s3, s4]] = await build([
      ["createOrReplace", "a"],
      ["append", "b"],
      ["createOrReplace", "c"],
      ["append", "d"],
    ]);
    await table.createTag("t", s2!);
    const abFiles = await dataFilesOf(table, s2!);
    const cdFiles = await dataFilesOf(table, s4!);
    expect(abFiles).toHaveLength(2);

    const first = await expireSnapshots(table, { olderThanMs: FUTURE(), retainLast: 1 });
    expect([...first.expiredSnapshotIds].sort()).toEqual([s1, s3].sort());
    expect(first.deletedFiles.contentFiles).toEqual([]);
    for (const f of [...abFiles, ...cdFiles]) expect(fs.existsSync(f)).toBe(true);
    expect(await rowsOf(table, { ref: "t" })).toEqual(expectedOf("a", "b"));

    await table.removeTag("t");
    const second = await expireSnapshots(table, { olderThanMs: FUTURE(), retainLast: 1 });
    expect(second.expiredSnapshotIds).toEqual([s2]);
    expect(second.deletedFiles.contentFiles).toEqual(abFiles);
    expect(second.deletedFiles.manifests.length).toBeGreaterThan(0);
    for (const f of abFiles) expect(fs.existsSync(f)).toBe(false);
    for (const f of [...second.deletedFiles.manifests, ...second.deletedFiles.manifestLists])
      expect(fs.existsSync(f)).toBe(false);
    for (const f of cdFiles) expect(fs.existsSync(f)).toBe(true);
    expect(await rowsOf(table)).toEqual(expectedOf("c", "d"));
    expect(await rowsOf(table, { snapshotId: s4! })).toEqual(expectedOf("c", "d"));
    // Nothing unreachable is left behind: the orphan check finds nothing.
    const orphans = await removeOrphanFiles(table, { olderThan: FUTURE(), dryRun: true });
    expect(orphans.orphanFiles).toEqual([]);
  });

  it("removes a tag older than its max-ref-age and then its snapshot; a tag within its age keeps its own", async () => {
    const [table, [s1, s2, s3]] = await build([
      ["createOrReplace", "a"],
      ["append", "b"],
      ["append", "c"],
    ]);
    await table.createTag("old", s1!, { maxRefAgeMs: 60_000 });
    await table.createTag("young", s2!, { maxRefAgeMs: 3_600_000 });
    // Ten minutes from now, 'old' has outlived its minute; 'young' has not outlived its hour.
    const result = await expireSnapshots(table, {
      olderThanMs: FUTURE(),
      retainLast: 1,
      nowMs: Date.now() + 600_000,
    });
    expect(result.removedRefs).toEqual(["old"]);
    expect(result.expiredSnapshotIds).toEqual([s1]);
    expect(Object.keys(table.metadata.refs).sort()).toEqual(["main", "young"]);
    expect(table.metadata.snapshots.map((s) => s.snapshotId)).toEqual([s2, s3]);
    expect(await rowsOf(table, { ref: "young" })).toEqual(expectedOf("a", "b"));
  });

  it("keeps a branch head and main's last N snapshots, expires the rest", async () => {
    const [table, [s1, s2, s3, s4, s5]] = await build([
      ["createOrReplace", "a"],
      ["append", "b"],
      ["append", "c"],
      ["append", "d"],
      ["append", "e"],
    ]);
    await table.createBranch("audit", s1!);
    const result = await expireSnapshots(table, { olderThanMs: FUTURE(), retainLast: 2 });
    expect([...result.expiredSnapshotIds].sort()).toEqual([s2, s3].sort());
    expect(table.metadata.snapshots.map((s) => s.snapshotId)).toEqual([s1, s4, s5]);
    expect(await rowsOf(table, { ref: "audit" })).toEqual(expectedOf("a"));
    expect(await rowsOf(table, { snapshotId: s4! })).toEqual(expectedOf("a", "b", "c", "d"));
  });

  it("commits nothing when nothing expires, and by default keeps snapshots younger than 5 days", async () => {
    const [table] = await build([
      ["createOrReplace", "a"],
      ["append", "b"],
    ]);
    const location = table.metadataLocation;
    const result = await expireSnapshots(table);
    expect(result).toMatchObject({ expiredSnapshotIds: [], removedRefs: [], metadataLocation: undefined });
    expect((await catalog.loadTable("db.t")).metadataLocation).toBe(location);
  });

  it("deletes no file when the commit's outcome is unknown or the commit failed", async () => {
    const [table] = await build([
      ["createOrReplace", "a"],
      ["append", "b"],
      ["append", "c"],
    ]);
    const before = filesUnder(table.location);
    const real = table.operations();
    const failing = (
      fail: (base: Parameters<TableOperations["commit"]>) => Promise<never>,
    ): TableOperations => ({
      ...real,
      commit: (...args) => fail(args),
    });
    // Not committed: a non-retryable conflict.
    const refused = failing(async () => {
      throw new LakelabError("COMMIT_CONFLICT", "refused by the test");
    });
    await expect(expireSnapshots(refused, { olderThanMs: FUTURE() })).rejects.toMatchObject({
      code: "COMMIT_CONFLICT",
    });
    expect(filesUnder(table.location)).toEqual(before);
    // Committed, but the writer cannot know: the expired snapshots are gone from the metadata,
    // their files must stay (another process may yet roll back to them).
    const unknown = failing(async (args) => {
      await real.commit(...args);
      throw new LakelabError("COMMIT_STATE_UNKNOWN", "connection lost after sending (test)");
    });
    const err = await expireSnapshots(unknown, { olderThanMs: FUTURE() }).catch((e: unknown) => e);
    expect(isLakelabError(err, "COMMIT_STATE_UNKNOWN")).toBe(true);
    const after = await catalog.loadTable("db.t");
    expect(after.metadata.snapshots).toHaveLength(1);
    for (const f of before) expect(fs.existsSync(f)).toBe(true);
  });

  it("replays on a concurrent commit and keeps what that commit added", async () => {
    const [table, [s1, s2]] = await build([
      ["createOrReplace", "a"],
      ["append", "b"],
    ]);
    const real = table.operations();
    let raced = false;
    const racing: TableOperations = {
      ...real,
      commit: async (...args) => {
        if (!raced) {
          raced = true;
          await catalog.writeTo("db.t").append(batch("c"));
        }
        return real.commit(...args);
      },
    };
    const result = await expireSnapshots(racing, { olderThanMs: FUTURE(), retainLast: 1 });
    const after = await catalog.loadTable("db.t");
    expect(raced).toBe(true);
    expect([...result.expiredSnapshotIds].sort()).toEqual([s1, s2].sort());
    expect(after.metadata.snapshots).toHaveLength(1);
    expect(after.metadata.snapshots[0]!.summary.operation).toBe("append");
    expect(await rowsOf(after)).toEqual(expectedOf("a", "b", "c"));
    expect(
      (await removeOrphanFiles(after, { olderThan: FUTURE(), dryRun: true })).orphanFiles.filter((f) =>
        f.includes("/data/"),
      ),
    ).toEqual([]);
  });

  it("with cleanFiles: false keeps the files, which orphan removal then finds", async () => {
    const [table, [s1]] = await build([
      ["createOrReplace", "a"],
      ["append", "b"],
    ]);
    const list = toLocalPath(table.metadata.snapshots[0]!.manifestList);
    const result = await expireSnapshots(table, { olderThanMs: FUTURE(), cleanFiles: false });
    expect(result.expiredSnapshotIds).toEqual([s1]);
    expect(fs.existsSync(list)).toBe(true);
    const orphans = await table.removeOrphanFiles({ olderThan: FUTURE() });
    expect(orphans.orphanFiles.map(toLocalPath)).toEqual([list]);
    expect(fs.existsSync(list)).toBe(false);
    expect(await rowsOf(table)).toEqual(expectedOf("a", "b"));
  });
});
