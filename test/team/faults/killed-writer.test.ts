/**
 * A teammate's writer killed (SIGKILL) in the middle of an append on the team lakehouse
 * (`serveCatalog` over an S3 warehouse on s3rver). The writer process kills itself at a counted
 * HTTP request of its second append (see rest-writer.ts): before or after a data file, manifest
 * or manifest list upload, or before or after the commit. The table must hold exactly the
 * committed batches (the killed one only if its commit was answered), in one linear history;
 * what the dead writer uploaded and never committed is left for `removeOrphanFiles`, which
 * finds exactly those files and nothing the table reads.
 */
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { IcebergCatalog } from "../../../src/iceberg/table";
import { bundleWorker } from "../../iceberg/concurrency/bundle-worker";
import { startWriter, writerRows } from "./rest-writer-protocol";
import { startTeamLakehouse, type TeamLakehouse } from "./team-lakehouse";

const TOKEN = "killed-writer-token-91ab";

type Kind = "data" | "manifest" | "manifest-list" | "metadata";

interface Trial {
  readonly name: string;
  /** Matched against `METHOD host/path` of each HTTP request; `%t` is the trial's table. */
  readonly pattern: string;
  readonly nth: number;
  readonly when: "before" | "after";
  /** Whether the killed append's commit reached the catalog and was answered. */
  readonly committed: boolean;
  /** The kinds of the files the dead writer left unreferenced. */
  readonly orphans: readonly Kind[];
}

// Each append loads the table once (writeTo; the transaction builds on that fresh state), so the
// 2nd load is the second append's first request; every other pattern matches once per append.
const TRIALS: readonly Trial[] = [
  {
    name: "loading the table",
    pattern: "^GET .*/tables/%t$",
    nth: 2,
    when: "before",
    committed: false,
    orphans: [],
  },
  {
    name: "uploading the data file",
    pattern: "^PUT .*/%t/data/.*\\.parquet",
    nth: 2,
    when: "before",
    committed: false,
    orphans: [],
  },
  {
    name: "the data file uploaded",
    pattern: "^PUT .*/%t/data/.*\\.parquet",
    nth: 2,
    when: "after",
    committed: false,
    orphans: ["data"],
  },
  {
    name: "the manifest uploaded",
    pattern: "^PUT .*/%t/metadata/[^/]*-m\\d+\\.avro",
    nth: 2,
    when: "after",
    committed: false,
    orphans: ["data", "manifest"],
  },
  {
    name: "the manifest list uploaded",
    pattern: "^PUT .*/%t/metadata/snap-",
    nth: 2,
    when: "after",
    committed: false,
    orphans: ["data", "manifest", "manifest-list"],
  },
  {
    name: "sending the commit",
    pattern: "^POST .*/tables/%t$",
    nth: 2,
    when: "before",
    committed: false,
    orphans: ["data", "manifest", "manifest-list"],
  },
  {
    name: "the commit answered",
    pattern: "^POST .*/tables/%t$",
    nth: 2,
    when: "after",
    committed: true,
    orphans: [],
  },
];

function kindOf(location: string): Kind {
  if (location.includes("/data/")) return "data";
  if (location.endsWith(".metadata.json")) return "metadata";
  return /\/snap-[^/]*\.avro$/.test(location) ? "manifest-list" : "manifest";
}

describe("a writer killed mid-append through the REST catalog", () => {
  let team: TeamLakehouse;
  let catalog: IcebergCatalog;
  let worker: ReturnType<typeof bundleWorker>;
  beforeAll(async () => {
    worker = bundleWorker(path.join(__dirname, "rest-writer.ts"));
    team = await startTeamLakehouse({ token: TOKEN });
    catalog = await team.client({ properties: { token: TOKEN } });
    await catalog.createNamespace("db");
  });
  afterAll(async () => {
    await team?.close();
    worker?.cleanup();
  });

  TRIALS.forEach((trial, i) => {
    it(`killed ${trial.when === "before" ? "before" : "after"} ${trial.name}: ${trial.committed ? "committed" : "not committed"}, orphans [${trial.orphans.join(", ")}]`, async () => {
      const name = `k${i}`;
      const seed = await catalog.writeTo(`db.${name}`).createOrReplace(writerRows(-1, 0));
      const writer = startWriter(worker, {
        uri: team.url,
        token: TOKEN,
        table: `db.${name}`,
        writer: 1,
        count: 3,
        kill: { pattern: trial.pattern.replaceAll("%t", name), nth: trial.nth, when: trial.when },
      });
      await writer.ready;
      writer.child.send({ type: "go" });
      const exit = await writer.exited;
      expect(writer.errors).toEqual([]);
      expect(exit.signal).toBe("SIGKILL");
      expect(writer.done.map((d) => d.batch)).toEqual([1]);
      expect(writer.inFlight()).toBe(2);

      // Exactly the committed batches, in a linear history with one snapshot each.
      const batches = trial.committed ? [0, 1, 2] : [0, 1];
      const table = await catalog.loadTable(`db.${name}`);
      const rows = await table.scan().toRecords();
      expect(rows.map((r) => `${r.batch}/${r.idx}`).sort()).toEqual(
        batches.flatMap((b) => [0, 1, 2].map((i) => `${b}/${i}`)).sort(),
      );
      const m = table.metadata;
      expect(m.snapshots).toHaveLength(batches.length);
      const byId = new Map(m.snapshots.map((s) => [s.snapshotId, s]));
      const chain: bigint[] = [];
      for (let id = m.currentSnapshotId; id !== undefined; id = byId.get(id)!.parentSnapshotId)
        chain.push(id);
      expect(chain).toHaveLength(batches.length);
      expect(chain.at(-1)).toBe(seed.snapshotId);
      expect(chain).toContain(BigInt(writer.done[0]!.snapshotId));
      expect(table.currentSnapshot()!.summary["total-records"]).toBe(String(rows.length));

      // What the dead writer uploaded and never committed is all removeOrphanFiles finds.
      const cleaned = await table.removeOrphanFiles({ olderThan: Date.now() + 60_000 });
      expect(cleaned.orphanFiles.map(kindOf).sort()).toEqual([...trial.orphans].sort());
      for (const f of cleaned.orphanFiles) expect(f.startsWith(`${table.location}/`)).toBe(true);
      const again = await table.removeOrphanFiles({ olderThan: Date.now() + 60_000, dryRun: true });
      expect(again.orphanFiles).toEqual([]);
      for (const s of m.snapshots) await table.scan({ snapshotId: s.snapshotId }).toRecords();
      expect((await (await table.refresh()).scan().toRecords()).length).toBe(rows.length);

      // Nothing is held: a teammate appends next without a conflict left over.
      const next = await catalog.writeTo(`db.${name}`).append(writerRows(2, 9));
      expect(next.parentId).toBe(m.currentSnapshotId);
    }, 120_000);
  });
});
