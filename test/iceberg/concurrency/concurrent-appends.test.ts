import { type ChildProcess, fork } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openCatalog } from "../../../src/iceberg/table";
import { bundleWorker } from "./bundle-worker";

const WRITERS = 4;
const APPENDS = 25;

type Message =
  | { type: "ready" }
  | { type: "committed"; seq: number; snapshotId: string; retries: number }
  | { type: "error"; code?: string; message?: string };

describe("concurrent writers through one catalog.db", () => {
  let worker: ReturnType<typeof bundleWorker>;
  let warehouse: string;
  beforeAll(() => {
    worker = bundleWorker(path.join(__dirname, "append-worker.ts"));
    warehouse = fs.mkdtempSync(path.join(os.tmpdir(), "lakelab-concurrency-"));
  });
  afterAll(() => {
    worker.cleanup();
    fs.rmSync(warehouse, { recursive: true, force: true });
  });

  it(`${WRITERS} processes × ${APPENDS} appends all commit, in one linear history, with every row`, async () => {
    const catalog = await openCatalog({ warehouse });
    await catalog.createNamespace("db");
    // The table starts with one row from the parent; every worker appends to it.
    const first = await catalog
      .writeTo("db.events")
      .createOrReplace([{ writer: -1n, seq: 0n, row: 0n, text: "seed" }]);

    const children: ChildProcess[] = [];
    const committed = new Map<number, { seq: number; snapshotId: string; retries: number }[]>();
    const errors: string[] = [];
    const ready: Promise<void>[] = [];
    const exited: Promise<number | null>[] = [];
    for (let w = 0; w < WRITERS; w++) {
      const child = fork(worker.file, [warehouse, "db.events", String(w), String(APPENDS)], {
        env: worker.env,
        stdio: ["ignore", "inherit", "inherit", "ipc"],
      });
      children.push(child);
      committed.set(w, []);
      ready.push(
        new Promise((resolve) => child.on("message", (m: Message) => m.type === "ready" && resolve())),
      );
      child.on("message", (m: Message) => {
        if (m.type === "committed") {
          committed.get(w)!.push({ seq: m.seq, snapshotId: m.snapshotId, retries: m.retries });
        }
        if (m.type === "error") errors.push(`writer ${w}: ${m.code} ${m.message}`);
      });
      exited.push(new Promise((resolve) => child.on("exit", (code) => resolve(code))));
    }
    await Promise.all(ready);
    // All start together so that their commits race.
    for (const c of children) c.send({ type: "go" });
    const codes = await Promise.all(exited);
    expect(errors).toEqual([]);
    expect(codes).toEqual(Array(WRITERS).fill(0));
    // The writers did race: some commits lost to another writer and were retried (the
    // transaction publishes each retry on lakelab:commit-retry; the workers count them).
    const retries = [...committed.values()].flat().reduce((sum, c) => sum + c.retries, 0);
    expect(retries).toBeGreaterThan(0);

    const table = await catalog.loadTable("db.events");
    const m = table.metadata;
    // The workers' 100 appends, plus the parent's first commit.
    const appends = m.snapshots.filter((s) => s.snapshotId !== first.snapshotId);
    expect(appends).toHaveLength(WRITERS * APPENDS);
    expect(appends.every((s) => s.summary.operation === "append")).toBe(true);

    // Linear: walking parents from the current snapshot visits every snapshot once, the
    // sequence numbers count down by one, and the seed snapshot is the root.
    const byId = new Map(m.snapshots.map((s) => [s.snapshotId, s]));
    const chain: bigint[] = [];
    for (
      let id: bigint | undefined = m.currentSnapshotId;
      id !== undefined;
      id = byId.get(id)!.parentSnapshotId
    ) {
      chain.push(id);
    }
    expect(chain).toHaveLength(m.snapshots.length);
    expect(chain[chain.length - 1]).toBe(first.snapshotId);
    expect(chain.map((id) => byId.get(id)!.sequenceNumber)).toEqual(
      chain.map((_, i) => BigInt(chain.length - i)),
    );
    expect(m.snapshotLog.map((e) => e.snapshotId)).toEqual([...chain].reverse());

    // Every snapshot a worker was told about is in the history, once; each total-records is right.
    const reported = [...committed.values()].flat().map((c) => BigInt(c.snapshotId));
    expect(new Set(reported).size).toBe(WRITERS * APPENDS);
    for (const id of reported) expect(byId.has(id)).toBe(true);
    chain.forEach((id, i) => {
      expect(byId.get(id)!.summary["total-records"]).toBe(String(1 + 3 * (chain.length - 1 - i)));
    });

    // Every row of every append, exactly once.
    const rows = await table.scan().toRecords();
    expect(rows).toHaveLength(1 + WRITERS * APPENDS * 3);
    const keys = new Set(rows.map((r) => `${r.writer}/${r.seq}/${r.row}`));
    expect(keys.size).toBe(rows.length);
    for (let w = 0; w < WRITERS; w++) {
      for (let s = 0; s < APPENDS; s++) {
        for (let r = 0; r < 3; r++) expect(keys.has(`${w}/${s}/${r}`)).toBe(true);
      }
    }
    // Each worker's own appends are in the order it made them.
    for (const list of committed.values()) {
      expect(list.map((c) => c.seq)).toEqual([...Array(APPENDS).keys()]);
      const positions = list.map((c) => chain.indexOf(BigInt(c.snapshotId)));
      expect([...positions].sort((a, b) => b - a)).toEqual(positions);
    }
    catalog.close();
  }, 600_000);
});
