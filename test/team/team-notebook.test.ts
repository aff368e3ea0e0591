/**
 * The shipped notebook on a team lakehouse, end to end with real parts: s3rver as the object store,
 * `lakelab catalog serve` (the built CLI, its own process, bearer token) over an s3:// warehouse,
 * and a real MLflow server. The notebook runs unchanged in real Jupyter with
 * LAKELAB_CONNECTION=team; a second node process ("the teammate", its own folder and
 * lakelab.yaml) re-trains exp3 on the first one's snapshot; pyiceberg's RestCatalog reads the
 * table through the same server and bucket.
 */
import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { GetObjectCommand, ListObjectsV2Command, S3Client } from "@aws-sdk/client-s3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { linkPackages } from "../../kernel/link-packages";
import { expireSnapshots } from "../../src/iceberg/maintenance/expire-snapshots";
import type { Table } from "../../src/iceberg/table/table";
import { closeConnections, getConnection } from "../../src/lakehouse/connection";
import { type ExecutedCell, type ExecutedNotebook, executeNotebook } from "../notebook/harness";
import { readSvg } from "../notebook/svg-reader";
import { pythonPeer, runPeerScript } from "../support/python-peers";
import { type ServerRun, serverRuns } from "./mlflow-runs";
import { startTeamLakehouse, TEAM_TOKEN, type TeamLakehouse } from "./team-servers";

const TEAM_ENV = { LAKELAB_CONNECTION: "team", TEAM_TOKEN };

let team: TeamLakehouse;
let alice: string;
let run: ExecutedNotebook;
let runs: ServerRun[];
let table: Table;
let s3: S3Client;

function cell(fragment: string): ExecutedCell {
  const found = run.cells.find((c) => c.cellType === "code" && c.source.includes(fragment));
  if (!found) throw new Error(`no code cell contains ${fragment}`);
  return found;
}

function byName(name: string): ServerRun {
  const found = runs.find((r) => r.name === name);
  if (!found) throw new Error(`no run named ${name}; runs: ${runs.map((r) => r.name).join(", ")}`);
  return found;
}

/** An object's text, read with a plain S3 client (not lakelab's FileIO). */
async function objectText(location: string): Promise<string> {
  const m = /^s3:\/\/([^/]+)\/(.+)$/.exec(location);
  if (!m) throw new Error(`not an s3 location: ${location}`);
  const res = await s3.send(new GetObjectCommand({ Bucket: m[1], Key: m[2] }));
  return res.Body!.transformToString("utf8");
}

async function bucketKeys(prefix: string): Promise<string[]> {
  const keys: string[] = [];
  let token: string | undefined;
  do {
    const page = await s3.send(
      new ListObjectsV2Command({ Bucket: team.bucket, Prefix: prefix, ContinuationToken: token }),
    );
    keys.push(...(page.Contents ?? []).map((o) => o.Key!));
    token = page.NextContinuationToken;
  } while (token);
  return keys;
}

/** Files below `dir`, relative, not descending into node_modules (links made for the kernel). */
function filesUnder(dir: string): string[] {
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && !path.relative(dir, e.parentPath).split(path.sep).includes("node_modules"))
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)));
}

beforeAll(async () => {
  team = await startTeamLakehouse();
  const props = team.s3.properties();
  s3 = new S3Client({
    endpoint: props["s3.endpoint"],
    region: props["s3.region"],
    forcePathStyle: true,
    credentials: { accessKeyId: props["s3.access-key-id"]!, secretAccessKey: props["s3.secret-access-key"]! },
  });
  alice = team.project("alice");
  run = await executeNotebook("notebooks/iceberg-mlflow.ipynb", { workDir: alice, env: TEAM_ENV });
  runs = await serverRuns(team.mlflow.url, "sparkml-experiment");
  const conn = await getConnection("team", { cwd: alice, home: team.root, env: { TEAM_TOKEN } });
  table = await conn.catalog.loadTable("default.training");
}, 900_000);

afterAll(async () => {
  closeConnections();
  s3?.destroy();
  await team?.stop();
}, 120_000);

describe("notebooks/iceberg-mlflow.ipynb on a team connection (REST catalog + S3 + MLflow server)", () => {
  it("opens the team connection from LAKELAB_CONNECTION, unchanged, and logs its runs to the MLflow server", () => {
    const storage = Object.entries(team.s3.properties())
      .map(([k, v]) => `${k}=${k === "s3.secret-access-key" ? "***" : v}`)
      .join(", ");
    expect(cell("await getConnection(").stdout).toBe(
      `connection 'team' (./lakelab.yaml): catalog ${team.catalog.url} (token=***), storage ${storage}, tracking ${team.mlflow.url}\n`,
    );
    expect(cell("await exp3(").html.at(-1)).toContain("3 rows × 10 columns");
    expect(runs.map((r) => r.name).sort()).toEqual(["exp1", "exp2", "exp3", "reproduce-exp1"]);
    expect(byName("exp1").params).toMatchObject({ maxIter: "8", regParam: "0.01" });
    expect(byName("exp2").params).toMatchObject({ maxIter: "10", regParam: "0.002" });
    expect(byName("exp3").params).toMatchObject({ maxIter: "7", regParam: "0.005" });
  });

  it("tags runs with the exact 64-bit ids written in the table's metadata file in the bucket", async () => {
    expect(table.metadataLocation).toMatch(new RegExp(`^s3://${team.bucket}/wh/default/training/metadata/`));
    const metadataText = await objectText(table.metadataLocation);
    const rawIds = [...metadataText.matchAll(/"snapshot-id"\s*:\s*(\d+)/g)].map((m) => m[1]);
    const [first, second] = table.snapshotList();
    expect(byName("exp1").tags.iceberg_snapshot_id).toBe(first!.snapshotId.toString());
    expect(byName("exp2").tags.iceberg_snapshot_id).toBe(second!.snapshotId.toString());
    expect(byName("exp2").tags.iceberg_parent_id).toBe(first!.snapshotId.toString());
    expect(rawIds).toContain(byName("exp1").tags.iceberg_snapshot_id);
    expect(rawIds).toContain(byName("exp2").tags.iceberg_snapshot_id);
    expect(cell("await exp1(").html.join("")).toContain(`default.training @ ${first!.snapshotId}`);
  });

  it("trains exp3 on exp1's snapshot and reproduces exp1 exactly", () => {
    const [exp1, exp2, exp3, again] = ["exp1", "exp2", "exp3", "reproduce-exp1"].map(byName);
    expect(exp3!.tags.iceberg_snapshot_id).toBe(exp1!.tags.iceberg_snapshot_id);
    expect(exp3!.tags.row_count).toBe("1512");
    expect(exp1!.tags.row_count).toBe("1512");
    expect(exp2!.tags.row_count).toBe("3024");
    expect(exp3!.metrics.train_row_count).toBe(exp1!.metrics.train_row_count);
    expect(again!.tags["lakelab.reproduces"]).toBe(exp1!.id);
    expect(again!.metrics).toEqual(exp1!.metrics);
    expect(cell("reproduceRun(r1.runId)").stdout).toBe("every metric reproduced exactly\n");
  });

  it("gives every run an iceberg dataset whose metadata file is in the bucket, and an Iceberg tag", async () => {
    for (const r of runs) {
      expect(r.datasets).toHaveLength(1);
      const source = JSON.parse(r.datasets[0]!.source);
      expect(source).toMatchObject({ table: "default.training", snapshot_id: r.tags.iceberg_snapshot_id });
      for (const location of [source.metadata_location, r.tags.iceberg_metadata_location]) {
        expect(location).toMatch(new RegExp(`^s3://${team.bucket}/wh/`));
        expect(await objectText(location)).toMatch(
          new RegExp(`"snapshot-id"\\s*:\\s*${source.snapshot_id}\\b`),
        );
      }
      expect(table.metadata.refs[`mlflow-run-${r.id}`]?.snapshotId.toString()).toBe(
        r.tags.iceberg_snapshot_id,
      );
    }
  });

  it("tags each run's snapshot in Iceberg, so expireSnapshots over REST keeps both snapshots and their rows", async () => {
    const result = await expireSnapshots(table, { olderThanMs: Date.now() + 60_000, retainLast: 1 });
    expect(result.expiredSnapshotIds).toEqual([]);
    const exp1 = byName("exp1");
    const rows = await table.scan({ snapshotId: BigInt(exp1.tags.iceberg_snapshot_id!) }).toArrow();
    expect(rows.numRows).toBe(1512);
  });

  it("draws the snapshot timeline with exp1's exact id and the metrics chart as SVG", () => {
    const outputs = cell("snapshotTimeline(").outputs.flatMap((o) =>
      "data" in o ? [o.data["image/svg+xml"]] : [],
    );
    const [timeline, chart] = outputs.map((svg) => readSvg(svg!));
    expect(timeline!.texts).toContain(byName("exp1").tags.iceberg_snapshot_id);
    expect(chart!.texts).toEqual(
      expect.arrayContaining(["exp1", "exp2", "exp3", "areaUnderROC", "accuracy"]),
    );
  });

  it("keeps the table's files in the bucket and none on the notebook's disk", async () => {
    const keys = await bucketKeys("wh/default/training/");
    expect(
      keys.filter((k) => /^wh\/default\/training\/data\/.+\.parquet$/.test(k)).length,
    ).toBeGreaterThanOrEqual(2);
    expect(keys.filter((k) => k.endsWith(".metadata.json")).length).toBeGreaterThanOrEqual(2);
    expect(keys.filter((k) => /\/metadata\/snap-.+\.avro$/.test(k))).toHaveLength(2);
    expect(filesUnder(alice)).toEqual(["lakelab.yaml"]);
    const serverFiles = filesUnder(path.join(team.root, "catalog-server"));
    expect(serverFiles.filter((f) => !/^(token|catalog\.db(-journal|-wal|-shm)?)$/.test(f))).toEqual([]);
  });

  it("prints nothing on stderr, no absolute path, and never the token", () => {
    const all = run.cells.flatMap((c) => c.outputs).map((o) => JSON.stringify(o));
    expect(all.filter((o) => o.includes("stderr"))).toEqual([]);
    for (const root of [alice, os.homedir(), os.tmpdir(), process.cwd()]) {
      expect(all.filter((o) => o.includes(root))).toEqual([]);
    }
    expect(all.filter((o) => o.includes(TEAM_TOKEN))).toEqual([]);
    expect(team.catalog.output()).toContain(`lakelab catalog serving ${team.catalog.url}`);
    expect(team.catalog.output()).not.toContain(TEAM_TOKEN);
    // the server prints "error: ..." for failures it did not expect
    expect(team.catalog.output()).not.toMatch(/^error:/m);
    for (const r of runs) expect(JSON.stringify(r)).not.toContain(TEAM_TOKEN);
  });
});

const TEAMMATE = `
const { createHash } = require("node:crypto");
const { exp3, getConnection } = require("lakelab");
(async () => {
  const conn = await getConnection();
  const r = await exp3(process.env.SNAPSHOT_ID, { progress: false, display: { html() {}, text() {} } });
  const table = await conn.catalog.loadTable("default.training");
  const records = await table.scan({ snapshotId: r.snapshot.snapshotId }).toRecords();
  const rows = records.map((x) => JSON.stringify([x.text, x.label])).sort();
  const rowsSha256 = createHash("sha256").update(rows.join("\\n")).digest("hex");
  const out = { runId: r.runId, snapshotId: String(r.snapshot.snapshotId), metrics: r.metrics, rowsSha256 };
  console.log("RESULT " + JSON.stringify(out));
  process.exit(0);
})().catch((err) => { console.error(String(err && err.stack || err)); process.exit(1); });
`;

interface TeammateResult {
  readonly runId: string;
  readonly snapshotId: string;
  readonly metrics: Record<string, number>;
  /** sha256 of the snapshot's rows as the teammate read them: sorted JSON [text, label] lines. */
  readonly rowsSha256: string;
}

async function rowsSha256(snapshotId: bigint): Promise<string> {
  const records = await table.scan({ snapshotId }).toRecords();
  const rows = records.map((x) => JSON.stringify([x.text, x.label])).sort();
  return createHash("sha256").update(rows.join("\n")).digest("hex");
}

/** Runs TEAMMATE with `node -e` in `cwd`; its stdout, stderr and the RESULT line parsed. */
function runTeammate(cwd: string, snapshotId: string): Promise<{ result: TeammateResult; output: string }> {
  const env: NodeJS.ProcessEnv = { ...process.env, ...TEAM_ENV, SNAPSHOT_ID: snapshotId };
  delete env.MLFLOW_TRACKING_URI; // the teammate's tracking comes from their lakelab.yaml
  return new Promise((resolve, reject) => {
    execFile(process.execPath, ["-e", TEAMMATE], { cwd, env, timeout: 300_000 }, (err, stdout, stderr) => {
      const output = `${stdout}${stderr}`;
      const line = stdout.split("\n").find((l) => l.startsWith("RESULT "));
      if (err || line === undefined) reject(new Error(`teammate failed: ${err?.message}\n${output}`));
      else resolve({ result: JSON.parse(line.slice(7)) as TeammateResult, output });
    });
  });
}

describe("a teammate's own process and connection", () => {
  it("re-trains exp3 on the first teammate's snapshot id, with vended S3 credentials, and gets the same rows and metrics", async () => {
    // no storage settings in bob's lakelab.yaml: the S3 access comes from the catalog's vended credentials
    const bob = team.project("bob", { storage: false });
    expect(fs.readFileSync(path.join(bob, "lakelab.yaml"), "utf8")).not.toContain("s3.");
    linkPackages(bob);
    const exp1 = byName("exp1");
    const { result, output } = await runTeammate(bob, exp1.tags.iceberg_snapshot_id!);
    expect(output).not.toContain(TEAM_TOKEN);
    expect(result.snapshotId).toBe(exp1.tags.iceberg_snapshot_id);
    expect(result.rowsSha256).toBe(await rowsSha256(BigInt(result.snapshotId)));
    const aliceExp3 = byName("exp3");
    expect(result.metrics).toEqual(aliceExp3.metrics);
    const after = await serverRuns(team.mlflow.url, "sparkml-experiment");
    const bobs = after.find((r) => r.id === result.runId);
    expect(bobs?.name).toBe("exp3");
    expect(bobs?.tags.iceberg_snapshot_id).toBe(exp1.tags.iceberg_snapshot_id);
    expect(bobs?.tags.row_count).toBe("1512");
    expect(bobs?.metrics).toEqual(aliceExp3.metrics);
    expect(filesUnder(bob)).toEqual(["lakelab.yaml"]);
  }, 300_000);
});

const PYICEBERG_READ = `
import json, sys
from pyiceberg.catalog.rest import RestCatalog
inp = json.load(sys.stdin)
cat = RestCatalog("team", uri=inp["uri"], token=inp["token"], **inp["storage"])
t = cat.load_table("default.training")
out = {"metadataLocation": t.metadata_location, "snapshots": {}}
for s in t.snapshots():
    rows = t.scan(snapshot_id=s.snapshot_id, selected_fields=("text", "label")).to_arrow().to_pylist()
    out["snapshots"][str(s.snapshot_id)] = sorted(json.dumps([r["text"], r["label"]]) for r in rows)
print(json.dumps(out))
`;

describe("pyiceberg through `lakelab catalog serve` and the bucket", () => {
  it("reads the same rows at each snapshot as lakelab", async () => {
    const peer = await pythonPeer("pyiceberg");
    const out = await runPeerScript<{ metadataLocation: string; snapshots: Record<string, string[]> }>(
      peer,
      PYICEBERG_READ,
      { uri: team.catalog.url, token: TEAM_TOKEN, storage: team.s3.properties() },
      { timeoutMs: 300_000 },
    );
    const ids = table.snapshotList().map((s) => s.snapshotId);
    expect(Object.keys(out.snapshots).sort()).toEqual(ids.map(String).sort());
    for (const id of ids) {
      const records = await table.scan({ snapshotId: id }).toRecords();
      const ours = records.map((r) => JSON.stringify([r.text, r.label])).sort();
      const theirs = out.snapshots[id.toString()]!.map((s) => JSON.stringify(JSON.parse(s))).sort();
      expect(theirs).toHaveLength(ours.length);
      expect(theirs).toEqual(ours);
    }
    expect(ids).toHaveLength(2);
  }, 300_000);
});
