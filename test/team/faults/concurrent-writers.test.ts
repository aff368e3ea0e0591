/**
 * A 409 storm on the team lakehouse: 4 writer processes (child_process) × 25 appends to one
 * table through one REST catalog (`serveCatalog` over an S3 warehouse on s3rver). Every append
 * must commit, in one linear history, with every row once; the races must really have happened
 * (409 CommitFailedException answers counted in the server's request log, each matched by one
 * retry in a writer), and no failed attempt may leave a file behind.
 */
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bundleWorker } from "../../iceberg/concurrency/bundle-worker";
import { startWriter, writerRows } from "./rest-writer-protocol";
import { startTeamLakehouse, type TeamLakehouse } from "./team-lakehouse";

const WRITERS = 4;
const APPENDS = 25;
const TOKEN = "storm-token-0c7d2e";

describe("4 writer processes × 25 appends through one REST catalog", () => {
  let team: TeamLakehouse;
  let worker: ReturnType<typeof bundleWorker>;
  beforeAll(async () => {
    worker = bundleWorker(path.join(__dirname, "rest-writer.ts"));
    team = await startTeamLakehouse({ token: TOKEN });
  });
  afterAll(async () => {
    await team?.close();
    worker?.cleanup();
  });

  it("all commit: 100 snapshots, a linear history, every row once, after real 409s and retries", async () => {
    const catalog = await team.client({ properties: { token: TOKEN } });
    await catalog.createNamespace("db");
    const first = await catalog.writeTo("db.events").createOrReplace(writerRows(-1, 0));
    const conflicts = () => team.log.filter((l) => /^POST \/v1\/namespaces\/db\/tables\/events 409$/.test(l));
    const commits = () => team.log.filter((l) => /^POST \/v1\/namespaces\/db\/tables\/events 200$/.test(l));
    const committedBefore = commits().length;

    const writers = Array.from({ length: WRITERS }, (_, w) =>
      startWriter(worker, { uri: team.url, token: TOKEN, table: "db.events", writer: w, count: APPENDS }),
    );
    await Promise.all(writers.map((w) => w.ready));
    // All start together so that their commits race.
    for (const w of writers) w.child.send({ type: "go" });
    const exits = await Promise.all(writers.map((w) => w.exited));
    expect(writers.flatMap((w) => w.errors)).toEqual([]);
    expect(exits).toEqual(Array(WRITERS).fill({ code: 0, signal: null }));

    // The storm happened: the server refused commits with 409, and every 409 cost exactly one
    // retry in some writer (a retry for any other reason, or a 409 not retried, breaks this).
    const retries = writers.flatMap((w) => w.done).reduce((sum, d) => sum + d.retries, 0);
    console.log(`${WRITERS}×${APPENDS} REST appends: ${conflicts().length} answers 409, ${retries} retries`);
    expect(conflicts().length).toBeGreaterThan(0);
    expect(retries).toBe(conflicts().length);
    expect(commits().length - committedBefore).toBe(WRITERS * APPENDS);

    const table = await catalog.loadTable("db.events");
    const m = table.metadata;
    const appends = m.snapshots.filter((s) => s.snapshotId !== first.snapshotId);
    expect(appends).toHaveLength(WRITERS * APPENDS);
    expect(appends.every((s) => s.summary.operation === "append")).toBe(true);

    // Linear: from the current snapshot, parents visit every snapshot once down to the seed,
    // sequence numbers counting down by one.
    const byId = new Map(m.snapshots.map((s) => [s.snapshotId, s]));
    const chain: bigint[] = [];
    for (let id = m.currentSnapshotId; id !== undefined; id = byId.get(id)!.parentSnapshotId) chain.push(id);
    expect(chain).toHaveLength(1 + WRITERS * APPENDS);
    expect(chain.at(-1)).toBe(first.snapshotId);
    expect(chain.map((id) => byId.get(id)!.sequenceNumber)).toEqual(
      chain.map((_, i) => BigInt(chain.length - i)),
    );
    chain.forEach((id, i) => {
      expect(byId.get(id)!.summary["total-records"]).toBe(String(3 * (chain.length - i)));
    });

    // Every snapshot a writer was told about is in the chain, in the order that writer made them.
    for (const w of writers) {
      expect(w.done.map((d) => d.batch)).toEqual(Array.from({ length: APPENDS }, (_, i) => i + 1));
      const positions = w.done.map((d) => chain.indexOf(BigInt(d.snapshotId)));
      expect(positions.every((p) => p >= 0)).toBe(true);
      expect([...positions].sort((a, b) => b - a)).toEqual(positions);
    }

    // Every row of all 100 batches (and the seed), exactly once.
    const rows = await table.scan().toRecords();
    const keys = rows.map((r) => `${r.writer}/${r.batch}/${r.idx}`);
    expect(new Set(keys).size).toBe(keys.length);
    const expected = ["-1/0/0", "-1/0/1", "-1/0/2"];
    for (let w = 0; w < WRITERS; w++) {
      for (let b = 1; b <= APPENDS; b++) for (let i = 0; i < 3; i++) expected.push(`${w}/${b}/${i}`);
    }
    expect(keys.sort()).toEqual(expected.sort());

    // One metadata file per successful commit: a lost race on the server left none behind.
    const metadataFiles = (await team.objects(`${team.warehouse}/db/events/metadata`)).filter((o) =>
      o.endsWith(".metadata.json"),
    );
    expect(metadataFiles).toHaveLength(1 + WRITERS * APPENDS);
    // Nor in a writer: the manifest list of each lost attempt was deleted, each manifest reused.
    const orphans = await table.removeOrphanFiles({ olderThan: Date.now() + 60_000, dryRun: true });
    expect(orphans.orphanFiles).toEqual([]);
  }, 600_000);
});
