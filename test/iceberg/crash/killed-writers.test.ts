import { fork } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { removeOrphanFiles } from "../../../src/iceberg/maintenance";
import { openCatalog } from "../../../src/iceberg/table";
import { bundleWorker, seededRandom } from "../concurrency/bundle-worker";
import { batchRows, expectedRows, type Op, rowKey } from "./batches";

const SEED = 20_261_128;
/**
 * Killed by themselves right before or after their N-th step (file-system call or SQLite write),
 * N drawn from the seed over the whole run: anywhere in any of the writer's commits, where a
 * wall-clock timer used to land, but the same place on every machine.
 */
const STEP_TRIALS = 18;
/** Killed by themselves right before or after their N-th file-system call, early in the run. */
const IO_TRIALS = 18;
/** Killed during the very first createOrReplace, which creates the table. */
const CREATE_TRIALS = 6;
/** Killed right after a commit returned, before the writer could report it. */
const AFTER_COMMIT_TRIALS = 4;
/** The step trials' N ranges over about the first 15 of the writer's 40 commits (~20 steps each). */
const STEP_RANGE = 300;
const TRIALS = STEP_TRIALS + IO_TRIALS + CREATE_TRIALS + AFTER_COMMIT_TRIALS;

type Message =
  | { type: "begin"; batch: number; op: Op["op"] }
  | { type: "done"; batch: number; snapshotId: string }
  | { type: "error"; code?: string; message?: string };

interface TrialResult {
  readonly confirmed: Op[];
  readonly inFlight: Op | undefined;
  readonly signal: NodeJS.Signals | null;
  readonly errors: string[];
}

describe("writers killed with SIGKILL", () => {
  let worker: ReturnType<typeof bundleWorker>;
  let root: string;
  beforeAll(() => {
    worker = bundleWorker(path.join(__dirname, "killable-writer.ts"));
    root = fs.mkdtempSync(path.join(os.tmpdir(), "lakelab-crash-"));
  });
  afterAll(() => {
    worker.cleanup();
    fs.rmSync(root, { recursive: true, force: true });
  });

  /** Runs one writer until it dies; returns what it confirmed and what it had begun. */
  function runWriter(
    warehouse: string,
    seed: number,
    kill: { atStep?: number; afterStep?: boolean; countSql?: boolean; afterBatch?: number },
  ) {
    return new Promise<TrialResult>((resolve) => {
      const child = fork(
        worker.file,
        [
          warehouse,
          "db.t",
          String(seed),
          String(kill.atStep ?? -1),
          kill.afterStep ? "1" : "0",
          "40",
          String(kill.afterBatch ?? 0),
          kill.countSql ? "1" : "0",
        ],
        { env: worker.env, stdio: ["ignore", "inherit", "inherit", "ipc"] },
      );
      const confirmed: Op[] = [];
      const errors: string[] = [];
      let inFlight: Op | undefined;
      child.on("message", (m: Message) => {
        if (m.type === "begin") inFlight = { batch: m.batch, op: m.op };
        else if (m.type === "done") {
          confirmed.push(inFlight!);
          inFlight = undefined;
        } else errors.push(`${m.code}: ${m.message}`);
      });
      child.on("exit", (_code, signal) => {
        resolve({ confirmed, inFlight, signal, errors });
      });
    });
  }

  /** The table holds exactly the rows of the confirmed ops, or of those plus the one in flight. */
  async function checkTable(warehouse: string, before: Op[], r: TrialResult): Promise<Op[]> {
    const catalog = await openCatalog({ warehouse });
    try {
      const outcomes = [[...before, ...r.confirmed]];
      if (r.inFlight) outcomes.push([...before, ...r.confirmed, r.inFlight]);
      if (!(await catalog.tableExists("db.t"))) {
        // Only a killed first create may leave no table.
        expect(outcomes[0]).toEqual([]);
        return [];
      }
      const table = await catalog.loadTable("db.t");
      const rows = (await table.scan().toRecords()).map(rowKey).sort();
      const match = outcomes.find((ops) => JSON.stringify(expectedRows(ops)) === JSON.stringify(rows));
      expect(
        match,
        `rows ${JSON.stringify(rows)} match no committed prefix of ${JSON.stringify(outcomes.at(-1))}`,
      ).toBeDefined();
      // One snapshot per committed op, in a single chain from the current snapshot.
      const m = table.metadata;
      const byId = new Map(m.snapshots.map((s) => [s.snapshotId, s]));
      let depth = 0;
      for (let id = m.currentSnapshotId; id !== undefined; id = byId.get(id)!.parentSnapshotId) depth++;
      // createOrReplace creates the table with its first snapshot atomically: never an empty table.
      expect(match!.length, "a killed first createOrReplace left an empty table").toBeGreaterThan(0);
      expect(depth).toBe(match!.length);
      expect(m.snapshots).toHaveLength(match!.length);
      if (match!.length > 0)
        expect(table.currentSnapshot()!.summary["total-records"]).toBe(String(rows.length));

      // Orphans of the killed commit go; everything the table reads stays.
      const cleaned = await removeOrphanFiles(table, { olderThan: Date.now() + 1_000 });
      await table.refresh();
      expect((await table.scan().toRecords()).map(rowKey).sort()).toEqual(rows);
      for (const s of m.snapshots) await table.scan({ snapshotId: s.snapshotId }).toRecords();
      const again = await removeOrphanFiles(table, { olderThan: Date.now() + 60_000, dryRun: true });
      expect(again.orphanFiles).toEqual([]);
      expect(listFiles(table.location).filter((f) => f.endsWith(".tmp"))).toEqual([]);
      orphansRemoved += cleaned.orphanFiles.length;
      return match!;
    } finally {
      catalog.close();
    }
  }

  let orphansRemoved = 0;

  it(`leave the table at its last commit with exactly the committed rows (${TRIALS} seeded trials)`, async () => {
    const random = seededRandom(SEED);
    let killedMidOp = 0;
    let inFlightLanded = 0;
    for (let trial = 0; trial < TRIALS; trial++) {
      const warehouse = path.join(root, `trial-${trial}`);
      const before: Op[] = [];
      const creating = trial >= STEP_TRIALS + IO_TRIALS && trial < STEP_TRIALS + IO_TRIALS + CREATE_TRIALS;
      const afterCommit = trial >= STEP_TRIALS + IO_TRIALS + CREATE_TRIALS;
      if (!creating) {
        const catalog = await openCatalog({ warehouse });
        await catalog.createNamespace("db");
        await catalog.writeTo("db.t").createOrReplace(batchRows(0));
        catalog.close();
        before.push({ batch: 0, op: "createOrReplace" });
      } else {
        const catalog = await openCatalog({ warehouse });
        await catalog.createNamespace("db");
        catalog.close();
      }
      const kill =
        trial < STEP_TRIALS
          ? { atStep: Math.floor(random() * STEP_RANGE), afterStep: random() < 0.5, countSql: true }
          : afterCommit
            ? { afterBatch: 1 + Math.floor(random() * 4) }
            : { atStep: Math.floor(random() * (creating ? 24 : 90)), afterStep: random() < 0.5 };
      const result = await runWriter(warehouse, SEED + trial, kill);
      expect(result.errors, `trial ${trial}`).toEqual([]);
      const match = await checkTable(warehouse, before, result);
      if (result.signal === "SIGKILL" && result.inFlight) {
        killedMidOp++;
        if (match.at(-1) === result.inFlight) inFlightLanded++;
      }
      fs.rmSync(warehouse, { recursive: true, force: true });
    }
    // The trials did hit writers in the middle of commits, left orphans to clean, and some
    // commits landed without their writer knowing (the after-commit trials at least).
    expect(killedMidOp).toBeGreaterThan(TRIALS / 2);
    expect(orphansRemoved).toBeGreaterThan(0);
    expect(inFlightLanded).toBeGreaterThanOrEqual(AFTER_COMMIT_TRIALS);
    expect(inFlightLanded).toBeLessThan(killedMidOp);
  }, 600_000);
});

function listFiles(location: string): string[] {
  const dir = location.startsWith("file:") ? new URL(location).pathname : location;
  return fs.existsSync(dir) ? (fs.readdirSync(dir, { recursive: true }) as string[]) : [];
}
