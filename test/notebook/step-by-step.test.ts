import { existsSync, readdirSync, readFileSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { type IcebergCatalog, openCatalog } from "../../src/iceberg/table/iceberg-catalog";
import { type ExecutedCell, type ExecutedNotebook, executeNotebook } from "./harness";

const TABLE = "default.training_steps";
const EXPERIMENT = "sparkml-step-by-step";

interface RunOnDisk {
  readonly id: string;
  readonly tags: Record<string, string>;
  readonly params: Record<string, string>;
}

let run: ExecutedNotebook;
let catalog: IcebergCatalog;
let runs: Map<string, RunOnDisk>;

function cell(fragment: string): ExecutedCell {
  const found = run.cells.find((c) => c.cellType === "code" && c.source.includes(fragment));
  if (!found) throw new Error(`no code cell contains ${fragment}`);
  return found;
}

/** The experiment's runs by name, read straight from the MLflow file store's files. */
function readRuns(mlruns: string): Map<string, RunOnDisk> {
  const experiments = readdirSync(mlruns).filter((e) => {
    const meta = path.join(mlruns, e, "meta.yaml");
    return existsSync(meta) && parse(readFileSync(meta, "utf8")).name === EXPERIMENT;
  });
  expect(experiments).toHaveLength(1);
  const exp = path.join(mlruns, experiments[0]);
  const files = (dir: string) =>
    Object.fromEntries(readdirSync(dir).map((k) => [k, readFileSync(path.join(dir, k), "utf8")]));
  return new Map(
    readdirSync(exp)
      .filter((d) => /^[0-9a-f]{32}$/.test(d))
      .map((id) => {
        const tags = files(path.join(exp, id, "tags"));
        return [tags["mlflow.runName"], { id, tags, params: files(path.join(exp, id, "params")) }];
      }),
  );
}

beforeAll(async () => {
  run = await executeNotebook("notebooks/iceberg-mlflow-step-by-step.ipynb", { workDir: "fresh" });
  runs = readRuns(path.join(run.workDir, "mlruns"));
  catalog = await openCatalog({ warehouse: path.join(run.workDir, "warehouse") });
});

afterAll(() => {
  catalog?.close();
  run?.dispose();
});

describe("notebooks/iceberg-mlflow-step-by-step.ipynb executed in Jupyter with the lakelab kernel", () => {
  it("logs exp1 and exp3 into its own experiment, with the seed's params", () => {
    expect([...runs.keys()].sort()).toEqual(["exp1", "exp3"]);
    expect(runs.get("exp1")!.params).toEqual({ maxIter: "8", regParam: "0.01" });
    expect(runs.get("exp3")!.params).toEqual({ maxIter: "7", regParam: "0.005" });
    expect(existsSync(path.join(run.workDir, "warehouse", "default", "training"))).toBe(false);
  });

  it("tags exp1 and exp3 with the exact id of the first snapshot, as the table's metadata file holds it", async () => {
    const table = await catalog.loadTable(TABLE);
    const [first, appended] = table.snapshotList();
    expect(appended.parentId).toBe(first.snapshotId);
    const raw = readFileSync(new URL(table.metadataLocation), "utf8");
    const rawIds = [...raw.matchAll(/"snapshot-id"\s*:\s*(\d+)/g)].map((m) => m[1]);
    for (const name of ["exp1", "exp3"]) {
      const tags = runs.get(name)!.tags;
      expect(tags.iceberg_snapshot_id).toBe(first.snapshotId.toString());
      expect(rawIds).toContain(tags.iceberg_snapshot_id);
      expect(tags.iceberg_parent_id).toBe("None");
      expect(tags.row_count).toBe("1512");
      const d = first.committedAt;
      const mdy = [d.getUTCMonth() + 1, d.getUTCDate()].map((n) => String(n).padStart(2, "0"));
      expect(tags.iceberg_snapshot_committed_at).toBe(`${mdy.join("/")}/${d.getUTCFullYear()}`);
    }
  });

  it("time-travels: exp3 read the first snapshot's rows while the table holds twice as many", async () => {
    const table = await catalog.loadTable(TABLE);
    const [first] = table.snapshotList();
    const now = (await table.scan().toArrow()).numRows;
    expect(now).toBe(2 * 1512);
    expect(cell("const SNAPSHOT_ID").stdout).toBe(
      `1512 rows at snapshot ${first.snapshotId}; ${now} rows now\n`,
    );
    expect(cell("const SNAPSHOT_ID").html.join("")).toContain(`${TABLE} @ ${first.snapshotId}`);
  });

  it("shows the history, snapshots and searchRuns tables", () => {
    const metadata = cell("table.history()").html;
    expect(metadata).toHaveLength(2);
    expect(metadata[0]).toContain("is_current_ancestor");
    expect(metadata[1]).toContain("manifest_list");
    const last = cell("const tags3").html.at(-1)!;
    expect(last).toContain("2 rows");
    for (const r of runs.values()) expect(last).toContain(r.id);
  });

  it("shows no absolute path of the machine and nothing on stderr", () => {
    const all = run.cells.flatMap((c) => c.outputs).map((o) => JSON.stringify(o));
    expect(all.filter((o) => o.includes("stderr"))).toEqual([]);
    for (const root of [run.workDir, os.homedir(), os.tmpdir(), process.cwd()]) {
      expect(all.filter((o) => o.includes(root))).toEqual([]);
    }
  });
});
