import { existsSync, readdirSync, readFileSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { expireSnapshots } from "../../src/iceberg/maintenance/expire-snapshots";
import { type IcebergCatalog, openCatalog } from "../../src/iceberg/table/iceberg-catalog";
import { type ExecutedCell, type ExecutedNotebook, executeNotebook } from "./harness";
import { readSvg } from "./svg-reader";

/** A run as the MLflow file store holds it, read straight from the files. */
interface RunOnDisk {
  readonly id: string;
  readonly name: string;
  readonly tags: Record<string, string>;
  readonly params: Record<string, string>;
  /** Last logged value per metric, parsed from `<timestamp> <value> <step>` lines. */
  readonly metrics: Record<string, string>;
  readonly datasets: Record<string, string>[];
}

let run: ExecutedNotebook;
let runs: RunOnDisk[];
let catalog: IcebergCatalog;

function cell(fragment: string): ExecutedCell {
  const found = run.cells.find((c) => c.cellType === "code" && c.source.includes(fragment));
  if (!found) throw new Error(`no code cell contains ${fragment}`);
  return found;
}

function readRuns(mlruns: string): RunOnDisk[] {
  const experiments = readdirSync(mlruns).filter((e) => {
    const meta = path.join(mlruns, e, "meta.yaml");
    return existsSync(meta) && parse(readFileSync(meta, "utf8")).name === "sparkml-experiment";
  });
  expect(experiments).toHaveLength(1);
  const exp = path.join(mlruns, experiments[0]);
  const files = (dir: string) =>
    existsSync(dir)
      ? Object.fromEntries(readdirSync(dir).map((k) => [k, readFileSync(path.join(dir, k), "utf8")]))
      : {};
  return readdirSync(exp)
    .filter((d) => /^[0-9a-f]{32}$/.test(d))
    .map((id) => {
      const dir = path.join(exp, id);
      const inputs = existsSync(path.join(dir, "inputs")) ? readdirSync(path.join(dir, "inputs")) : [];
      const datasets = inputs.map((i) => {
        const link = parse(readFileSync(path.join(dir, "inputs", i, "meta.yaml"), "utf8"));
        return parse(readFileSync(path.join(exp, "datasets", link.source_id, "meta.yaml"), "utf8"));
      });
      const metrics = Object.fromEntries(
        Object.entries(files(path.join(dir, "metrics"))).map(([k, v]) => [
          k,
          v.trim().split("\n").at(-1)!.split(" ")[1],
        ]),
      );
      const tags = files(path.join(dir, "tags"));
      return {
        id,
        name: tags["mlflow.runName"],
        tags,
        params: files(path.join(dir, "params")),
        metrics,
        datasets,
      };
    });
}

function byName(name: string): RunOnDisk {
  const found = runs.find((r) => r.name === name);
  if (!found) throw new Error(`no run named ${name}; runs: ${runs.map((r) => r.name).join(", ")}`);
  return found;
}

beforeAll(async () => {
  run = await executeNotebook("notebooks/iceberg-mlflow.ipynb", { workDir: "fresh" });
  runs = readRuns(path.join(run.workDir, "mlruns"));
  catalog = await openCatalog({ warehouse: path.join(run.workDir, "warehouse") });
});

afterAll(() => {
  catalog?.close();
  run?.dispose();
});

describe("notebooks/iceberg-mlflow.ipynb executed in Jupyter with the lakelab kernel", () => {
  it("logs exp1, exp2, exp3 — the three runs searchRuns returns — and the reproduction", () => {
    expect(cell("await exp3(").html.at(-1)).toContain("3 rows × 10 columns");
    expect(runs.map((r) => r.name).sort()).toEqual(["exp1", "exp2", "exp3", "reproduce-exp1"]);
    expect(byName("exp1").params).toMatchObject({ maxIter: "8", regParam: "0.01" });
    expect(byName("exp2").params).toMatchObject({ maxIter: "10", regParam: "0.002" });
    expect(byName("exp3").params).toMatchObject({ maxIter: "7", regParam: "0.005" });
  });

  it("records exact snapshot ids: the tags hold the ids written in the table's metadata file", async () => {
    const table = await catalog.loadTable("default.training");
    // the raw metadata text, not a JSON number parse that would round ids beyond 2^53
    const metadataText = readFileSync(new URL(table.metadataLocation), "utf8");
    const rawIds = [...metadataText.matchAll(/"snapshot-id"\s*:\s*(\d+)/g)].map((m) => m[1]);
    const [first, second] = table.snapshotList();
    expect(byName("exp1").tags.iceberg_snapshot_id).toBe(first.snapshotId.toString());
    expect(byName("exp2").tags.iceberg_snapshot_id).toBe(second.snapshotId.toString());
    expect(byName("exp2").tags.iceberg_parent_id).toBe(first.snapshotId.toString());
    expect(rawIds).toContain(byName("exp1").tags.iceberg_snapshot_id);
    expect(rawIds).toContain(byName("exp2").tags.iceberg_snapshot_id);
    expect(cell("await exp1(").html.join("")).toContain(`default.training @ ${first.snapshotId}`);
  });

  it("trains exp3 on exp1's snapshot: same snapshot id and row count, half of exp2's", () => {
    const [exp1, exp2, exp3] = ["exp1", "exp2", "exp3"].map(byName);
    expect(exp3.tags.iceberg_snapshot_id).toBe(exp1.tags.iceberg_snapshot_id);
    expect(exp3.tags.row_count).toBe(exp1.tags.row_count);
    expect(exp3.metrics.train_row_count).toBe(exp1.metrics.train_row_count);
    expect(Number(exp2.tags.row_count)).toBe(2 * Number(exp1.tags.row_count));
    expect(exp1.tags.row_count).toBe("1512");
  });

  it("gives every run an iceberg dataset input naming its table, snapshot and metadata file", async () => {
    for (const r of runs) {
      expect(r.datasets).toHaveLength(1);
      const [d] = r.datasets;
      expect(d.source_type).toBe("iceberg");
      expect(d.name).toBe(`default.training@${r.tags.iceberg_snapshot_id}`);
      const source = JSON.parse(d.source);
      expect(source).toMatchObject({ table: "default.training", snapshot_id: r.tags.iceberg_snapshot_id });
      // MLflow keeps one dataset per name + digest: the first run on a snapshot wrote its source
      for (const location of [source.metadata_location, r.tags.iceberg_metadata_location]) {
        const metadata = readFileSync(new URL(location), "utf8");
        expect(metadata).toMatch(new RegExp(`"snapshot-id"\\s*:\\s*${source.snapshot_id}\\b`));
      }
      expect(JSON.parse(d.schema).mlflow_colspec.map((c: { name: string }) => c.name)).toEqual([
        "text",
        "label",
      ]);
    }
  });

  it("tags each run's snapshot in Iceberg, so expireSnapshots keeps both snapshots and their rows", async () => {
    const table = await catalog.loadTable("default.training");
    for (const r of runs) {
      expect(table.metadata.refs[`mlflow-run-${r.id}`]?.snapshotId.toString()).toBe(
        r.tags.iceberg_snapshot_id,
      );
    }
    const result = await expireSnapshots(table, { olderThanMs: Date.now() + 60_000, retainLast: 1 });
    expect(result.expiredSnapshotIds).toEqual([]);
    const exp1 = byName("exp1");
    const rows = await table.scan({ snapshotId: BigInt(exp1.tags.iceberg_snapshot_id) }).toArrow();
    expect(rows.numRows).toBe(Number(exp1.tags.row_count));
  });

  it("names the metadata file of the first run on a snapshot as the dataset's source", () => {
    const exp1 = byName("exp1");
    expect(JSON.parse(exp1.datasets[0].source).metadata_location).toBe(exp1.tags.iceberg_metadata_location);
  });

  it("reproduces exp1's run exactly with reproduceRun", () => {
    const [exp1, again] = [byName("exp1"), byName("reproduce-exp1")];
    expect(again.tags["lakelab.reproduces"]).toBe(exp1.id);
    expect(again.tags.iceberg_snapshot_id).toBe(exp1.tags.iceberg_snapshot_id);
    expect(again.metrics).toEqual(exp1.metrics);
    expect(Object.keys(exp1.metrics).sort()).toEqual([
      "accuracy",
      "areaUnderROC",
      "test_row_count",
      "train_row_count",
    ]);
    expect(cell("reproduceRun(r1.runId)").stdout).toBe("every metric reproduced exactly\n");
  });

  it("draws the snapshot timeline and the metrics chart as SVG", () => {
    const outputs = cell("snapshotTimeline(").outputs.flatMap((o) =>
      "data" in o ? [o.data["image/svg+xml"]] : [],
    );
    const [timeline, chart] = outputs.map((svg) => readSvg(svg!));
    expect(timeline.texts).toContain(byName("exp1").tags.iceberg_snapshot_id);
    expect(timeline.texts.filter((t) => /^(exp\d|reproduce-exp1) \(/.test(t))).toHaveLength(3);
    expect(chart.texts).toEqual(expect.arrayContaining(["exp1", "exp2", "exp3", "areaUnderROC", "accuracy"]));
  });

  it("shows no absolute path of the machine and nothing on stderr", () => {
    const all = run.cells.flatMap((c) => c.outputs).map((o) => JSON.stringify(o));
    expect(all.filter((o) => o.includes("stderr"))).toEqual([]);
    for (const root of [run.workDir, os.homedir(), os.tmpdir(), process.cwd()]) {
      expect(all.filter((o) => o.includes(root))).toEqual([]);
    }
  });
});
