import { mkdtempSync, rmSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isLakelabError } from "../../src/errors";
import { expireSnapshots } from "../../src/iceberg/maintenance/expire-snapshots";
import { type Connection, closeConnections, getConnection } from "../../src/lakehouse/connection";
import { labeledTextToArrow } from "../../src/lakehouse/corpus";
import { readSnapshot } from "../../src/lakehouse/snapshot-reader";

let root: string;
let conn: Connection;

beforeAll(async () => {
  root = mkdtempSync(path.join(os.tmpdir(), "lakelab-reader-"));
  conn = await getConnection(undefined, { cwd: root, home: root, env: {} });
  await conn.catalog.createNamespace("default");
});
afterAll(() => {
  closeConnections();
  rmSync(root, { recursive: true, force: true });
});

describe("readSnapshot", () => {
  it("reads each snapshot's own rows, once, and refuses a snapshot that was expired", async () => {
    const a = [{ text: "a", label: 1 }];
    const b = [{ text: "b", label: 0 }];
    const s1 = await conn.catalog.writeTo("default.t").createOrReplace(labeledTextToArrow(a));
    const s2 = await conn.catalog.writeTo("default.t").append(labeledTextToArrow(b));
    const table = await conn.catalog.loadTable("default.t");
    const first = await readSnapshot(table, s1.snapshotId);
    expect(first.getChild("text")!.toArray()).toEqual(["a"]);
    expect([...(await readSnapshot(table, s2.snapshotId)).getChild("text")!.toArray()].sort()).toEqual([
      "a",
      "b",
    ]);
    expect(await readSnapshot(table, s1.snapshotId)).toBe(first);
    await expireSnapshots(table, { olderThanMs: Date.now() + 60_000, retainLast: 1 });
    const err = await readSnapshot(table, s1.snapshotId).catch((e) => e);
    expect(isLakelabError(err, "SNAPSHOT_NOT_FOUND")).toBe(true);
  });
});
