/**
 * A catalog that answers 500 during a commit, on the team lakehouse (s3rver + `serveCatalog`
 * over an S3 warehouse). A fault proxy in front of the real server either forwards the commit
 * and then answers 500 (the commit happened; the client cannot know) or answers 500 without
 * forwarding (nothing happened). Either way the client must report COMMIT_STATE_UNKNOWN, send
 * the commit once, keep every file it wrote, and never show the token; a reload tells which.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { IcebergCatalog } from "../../../src/iceberg/table";
import { type FaultProxy, FORWARD, restErrorAnswer, startFaultProxy } from "./fault-proxy";
import {
  batchOf,
  everything,
  failure,
  keysOf,
  startTeamLakehouse,
  type TeamLakehouse,
} from "./team-lakehouse";

const TOKEN = "team-bearer-token-5f1c9a";
const COMMIT = (table: string) => new RegExp(`^/v1/namespaces/db/tables/${table}$`);

describe("a catalog answering 500 during a commit", () => {
  let team: TeamLakehouse;
  let proxy: FaultProxy;
  let catalog: IcebergCatalog;

  beforeAll(async () => {
    team = await startTeamLakehouse({ token: TOKEN });
    proxy = await startFaultProxy(team.url);
    catalog = await team.client({ uri: proxy.url, properties: { token: TOKEN } });
    await catalog.createNamespace("db");
  });
  afterAll(async () => {
    await proxy?.close();
    await team?.close();
  });
  beforeEach(() => {
    proxy.decide = () => FORWARD;
  });

  /** Makes the next commit POST to `table` fail with 500, forwarded to the server or not. */
  function failNextCommit(table: string, forwarded: boolean): void {
    let used = false;
    proxy.decide = (req) => {
      if (used || req.method !== "POST" || !COMMIT(table).test(req.url)) return FORWARD;
      used = true;
      const answer = restErrorAnswer(500, "ServerErrorException", "the catalog's database timed out");
      return forwarded ? { kind: "forward-then", answer } : { kind: "answer", answer };
    };
  }
  const commitsTo = (table: string) =>
    proxy.records.filter((r) => r.method === "POST" && COMMIT(table).test(r.url));

  it("forwarded, then 500: COMMIT_STATE_UNKNOWN, sent once, files kept, and a reload shows the commit", async () => {
    const s1 = await catalog.writeTo("db.t").createOrReplace(batchOf(1));
    const before = await team.objects();
    const sent = commitsTo("t").length;
    failNextCommit("t", true);

    const err = await failure(() => catalog.writeTo("db.t").append(batchOf(2)));
    expect(err.code).toBe("COMMIT_STATE_UNKNOWN");
    expect(err.retryable).toBe(false);
    expect(err.message).toContain("the catalog's database timed out");
    expect(err.message).toContain("reload the table before retrying");
    expect(err.message).toContain(proxy.url);
    expect(everything(err)).not.toContain(TOKEN);
    // Sent exactly once, and the server did commit it (200 behind the proxy's 500).
    expect(
      commitsTo("t")
        .slice(sent)
        .map((r) => [r.upstreamStatus, r.status]),
    ).toEqual([[200, 500]]);

    const after = await team.objects();
    expect(after.filter((o) => !before.includes(o)).length).toBeGreaterThan(0);
    expect(before.filter((o) => !after.includes(o))).toEqual([]);
    const table = await catalog.loadTable("db.t");
    const current = table.currentSnapshot()!;
    expect(current.parentId).toBe(s1.snapshotId);
    expect(current.summary["added-records"]).toBe("3");
    expect(keysOf(await table.scan().toRecords())).toEqual(keysOf([...batchOf(1), ...batchOf(2)]));
    // Every file the new snapshot reads is one the client wrote and kept.
    const files = (await table.files()).getChild("file_path")!.toArray() as string[];
    for (const f of files) expect(after).toContain(f);
    // Nothing is an orphan: the commit happened, so what the client wrote is all reachable.
    const dry = await table.removeOrphanFiles({ olderThan: Date.now() + 60_000, dryRun: true });
    expect(dry.orphanFiles).toEqual([]);
  });

  it("500 without forwarding: COMMIT_STATE_UNKNOWN, the table unchanged, its files left for removeOrphanFiles", async () => {
    await catalog.writeTo("db.u").createOrReplace(batchOf(1));
    const base = await catalog.loadTable("db.u");
    const before = await team.objects();
    const serverCommits = () =>
      team.log.filter((l) => /^POST \/v1\/namespaces\/db\/tables\/u /.test(l)).length;
    const heard = serverCommits();
    failNextCommit("u", false);

    const err = await failure(() => catalog.writeTo("db.u").append(batchOf(2)));
    expect(err.code).toBe("COMMIT_STATE_UNKNOWN");
    expect(err.message).toContain("reload the table before retrying");
    expect(everything(err)).not.toContain(TOKEN);
    expect(commitsTo("u").at(-1)).toMatchObject({ upstreamStatus: undefined, status: 500 });
    expect(serverCommits()).toBe(heard);

    const table = await catalog.loadTable("db.u");
    expect(table.metadataLocation).toBe(base.metadataLocation);
    expect(table.snapshotList().map((s) => s.snapshotId)).toEqual(
      base.snapshotList().map((s) => s.snapshotId),
    );
    expect(keysOf(await table.scan().toRecords())).toEqual(keysOf(batchOf(1)));

    // The data file, manifest and manifest list the client wrote are still there...
    const after = await team.objects();
    expect(before.filter((o) => !after.includes(o))).toEqual([]);
    const written = after.filter((o) => !before.includes(o));
    expect(written.some((o) => o.includes("/db/u/data/") && o.endsWith(".parquet"))).toBe(true);
    expect(written.some((o) => /\/db\/u\/metadata\/snap-.*\.avro$/.test(o))).toBe(true);
    // ...and they are exactly what removeOrphanFiles finds and deletes; the table still reads.
    const cleaned = await table.removeOrphanFiles({ olderThan: Date.now() + 60_000 });
    expect([...cleaned.orphanFiles].sort()).toEqual(written);
    expect(await team.objects()).toEqual(before);
    expect(keysOf(await (await table.refresh()).scan().toRecords())).toEqual(keysOf(batchOf(1)));

    // The same append succeeds once the catalog answers again.
    await catalog.writeTo("db.u").append(batchOf(2));
    expect(keysOf(await (await catalog.loadTable("db.u")).scan().toRecords())).toEqual(
      keysOf([...batchOf(1), ...batchOf(2)]),
    );
  });

  it("a new table's create-commit answered 500 after forwarding exists on reload with its rows", async () => {
    failNextCommit("fresh", true);
    const err = await failure(() => catalog.writeTo("db.fresh").createOrReplace(batchOf(7)));
    expect(err.code).toBe("COMMIT_STATE_UNKNOWN");
    expect(everything(err)).not.toContain(TOKEN);
    expect(await catalog.tableExists("db.fresh")).toBe(true);
    const table = await catalog.loadTable("db.fresh");
    expect(table.snapshotList()).toHaveLength(1);
    expect(keysOf(await table.scan().toRecords())).toEqual(keysOf(batchOf(7)));
  });

  it("a new table's create-commit answered 500 without forwarding does not exist; its files are kept", async () => {
    failNextCommit("never", false);
    const err = await failure(() => catalog.writeTo("db.never").createOrReplace(batchOf(8)));
    expect(err.code).toBe("COMMIT_STATE_UNKNOWN");
    expect(await catalog.tableExists("db.never")).toBe(false);
    const kept = await team.objects(`${team.warehouse}/db/never`);
    expect(kept.some((o) => o.includes("/data/") && o.endsWith(".parquet"))).toBe(true);
  });
});
