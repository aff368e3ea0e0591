import { execFileSync } from "node:child_process";
import { promises as fs, readFileSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { MlflowClient } from "../../../../src/tracking/client";
import type { FileInfo } from "../../../../src/tracking/entities";
import { ViewType } from "../../../../src/tracking/entities";
import { datasetId, inputId } from "../../../../src/tracking/store/file/dataset-inputs";
import { FileStore } from "../../../../src/tracking/store/file/file-store";
import { toPythonYaml } from "../../../../src/tracking/store/file/python-yaml";
import { writeFileAtomic } from "../../../../src/tracking/store/file/yaml-file";
import { MLFLOW_FIXTURES } from "../../../fixtures/shared-fixtures";

const FIXTURES = MLFLOW_FIXTURES;
const MLRUNS = path.join(FIXTURES, "mlruns");
const EXP = "884416403990555125";
const RUN_A = "77f2b2907acc48e3ba3062dd57b45bc1";
const expected = JSON.parse(readFileSync(path.join(FIXTURES, "mlruns.expected.json"), "utf8")) as Record<
  string,
  unknown
>;

function metaFiles(root: string): string[] {
  return execFileSync("find", [root, "-name", "meta.yaml"]).toString().trim().split("\n").sort();
}

/** What the fixture's dumper read through MLflow's client, read through lakelab's. */
async function dump(client: MlflowClient) {
  const exp = (e: Awaited<ReturnType<MlflowClient["getExperiment"]>>) => ({
    experiment_id: e.experimentId,
    name: e.name,
    artifact_location: e.artifactLocation,
    lifecycle_stage: e.lifecycleStage,
    tags: e.tags,
    creation_time: e.creationTime,
    last_update_time: e.lastUpdateTime,
  });
  const listAll = async (runId: string, dir = ""): Promise<FileInfo[]> => {
    const out: FileInfo[] = [];
    for (const f of await client.listArtifacts(runId, dir)) {
      out.push(f);
      if (f.isDir) out.push(...(await listAll(runId, f.path)));
    }
    return out;
  };
  const all = (await client.searchExperiments({ viewType: ViewType.ALL })).items;
  const experiments: Record<string, unknown> = {};
  for (const e of all) {
    const page = await client.searchRuns({
      experimentIds: [e.experimentId],
      runViewType: ViewType.ALL,
      orderBy: ["start_time ASC"],
    });
    const runs = [];
    for (const r of page.items) {
      const { info, data } = await client.getRun(r.info.runId);
      runs.push({
        info: {
          run_id: info.runId,
          run_name: info.runName,
          experiment_id: info.experimentId,
          user_id: info.userId,
          status: info.status,
          start_time: info.startTime,
          end_time: info.endTime,
          artifact_uri: info.artifactUri,
          lifecycle_stage: info.lifecycleStage,
        },
        params: data.params,
        tags: data.tags,
        metrics_latest: data.metrics,
        metrics_latest_full: data.latestMetrics,
        loss_history: await client.getMetricHistory(info.runId, "loss"),
        dataset_inputs: r.inputs.datasetInputs.map((d) => ({
          name: d.dataset.name,
          digest: d.dataset.digest,
          source_type: d.dataset.sourceType,
          source: d.dataset.source,
          schema: d.dataset.schema,
          profile: d.dataset.profile,
          tags: Object.fromEntries(d.tags.map((t) => [t.key, t.value])),
        })),
        artifacts: (await listAll(info.runId)).map((f) => ({
          path: f.path,
          is_dir: f.isDir,
          file_size: f.fileSize,
        })),
      });
    }
    experiments[e.experimentId] = { name: e.name, runs };
  }
  return {
    search_experiments: (await client.searchExperiments()).items.map(exp),
    search_experiments_view_all: all.map(exp),
    experiments,
  };
}

describe("file store: the tree MLflow 3.6 wrote", () => {
  it("reads back exactly what MLflow's client read (mlruns.expected.json)", async () => {
    const before = metaFiles(MLRUNS).map((f) => readFileSync(f, "utf8"));
    const got = await dump(new MlflowClient(`file://${MLRUNS}`));
    const { tracking_uri: _uri, ...want } = expected;
    expect(got).toEqual(want);
    // reading wrote nothing
    expect(metaFiles(MLRUNS).map((f) => readFileSync(f, "utf8"))).toEqual(before);
  });

  it("writes every meta.yaml byte for byte as PyYAML did", () => {
    const files = metaFiles(MLRUNS);
    expect(files.length).toBe(9);
    for (const f of files) {
      const text = readFileSync(f, "utf8");
      expect(toPythonYaml(parse(text, { intAsBigInt: true }) as Record<string, unknown>), f).toBe(text);
    }
  });

  it("names dataset and input folders with MLflow's md5 rule", async () => {
    const dsId = datasetId("training", "f4553811");
    expect(dsId).toBe("1f6cfada4cefd0df7e5b8039e4974398");
    expect(await fs.readdir(path.join(MLRUNS, EXP, "datasets"))).toEqual([dsId]);
    expect(await fs.readdir(path.join(MLRUNS, EXP, RUN_A, "inputs"))).toEqual([inputId(dsId, RUN_A)]);
  });
});

describe("file store: what lakelab writes", () => {
  let tmp = "";
  beforeAll(async () => {
    tmp = await fs.mkdtemp(path.join(os.tmpdir(), "lakelab-filestore-"));
  });
  afterAll(async () => {
    await fs.rm(tmp, { recursive: true, force: true });
  });

  it("lays out a run as MLflow does: meta.yaml fields, raw params, metric lines, datasets, inputs", async () => {
    const root = path.join(tmp, "mlruns");
    const c = new MlflowClient(root);
    const expId = await c.createExperiment("sparkml-experiment", { tags: { project: "iceberg-sparkml" } });
    expect(expId).toMatch(/^[1-9][0-9]{17,18}$/);
    const run = await c.createRun(expId, {
      runName: "run-a",
      tags: { "mlflow.user": "root" },
      startTime: 1795842564079,
    });
    const id = run.info.runId;
    await c.logBatch(id, {
      params: [
        { key: "maxIter", value: "8" },
        { key: "regParam", value: "0.01" },
      ],
      metrics: [0.9, 0.6, 1e-5, Number.NaN, Number.POSITIVE_INFINITY, 100].map((value, step) => ({
        key: "loss",
        value,
        step,
        timestamp: 1795824000000 + step * 1000,
      })),
    });
    const fixtureDataset = readFileSync(
      path.join(MLRUNS, EXP, "datasets", datasetId("training", "f4553811"), "meta.yaml"),
      "utf8",
    );
    const ds = parse(fixtureDataset) as Record<string, string>;
    await c.logInputs(id, [
      {
        dataset: {
          name: ds.name!,
          digest: ds.digest!,
          sourceType: ds.source_type!,
          source: ds.source!,
          schema: ds.schema!,
          profile: ds.profile!,
        },
        tags: [{ key: "mlflow.data.context", value: "training" }],
      },
    ]);
    await c.setTerminated(id, "FINISHED", 1795842564113);

    const expDir = path.join(root, expId);
    const runDir = path.join(expDir, id);
    // Default experiment created with the root, as MLflow does
    expect(parse(readFileSync(path.join(root, "0", "meta.yaml"), "utf8"))).toMatchObject({
      experiment_id: "0",
      name: "Default",
    });
    const expMeta = readFileSync(path.join(expDir, "meta.yaml"), "utf8");
    expect(expMeta).toContain(`experiment_id: '${expId}'\n`);
    expect(Object.keys(parse(expMeta))).toEqual(
      Object.keys(parse(readFileSync(path.join(MLRUNS, EXP, "meta.yaml"), "utf8"))),
    );
    expect(readFileSync(path.join(expDir, "tags", "project"), "utf8")).toBe("iceberg-sparkml");

    const runMeta = parse(readFileSync(path.join(runDir, "meta.yaml"), "utf8")) as Record<string, unknown>;
    const fixtureRunMeta = parse(readFileSync(path.join(MLRUNS, EXP, RUN_A, "meta.yaml"), "utf8")) as Record<
      string,
      unknown
    >;
    expect(Object.keys(runMeta)).toEqual(Object.keys(fixtureRunMeta));
    for (const k of Object.keys(fixtureRunMeta)) expect(typeof runMeta[k], k).toBe(typeof fixtureRunMeta[k]);
    expect(runMeta).toMatchObject({
      status: 3,
      source_type: 4,
      tags: [],
      user_id: "root",
      run_name: "run-a",
      end_time: 1795842564113,
    });

    expect(readFileSync(path.join(runDir, "params", "regParam"), "utf8")).toBe("0.01");
    expect(readFileSync(path.join(runDir, "tags", "mlflow.runName"), "utf8")).toBe("run-a");
    expect(readFileSync(path.join(runDir, "metrics", "loss"), "utf8")).toBe(
      "1795824000000 0.9 0\n1795824001000 0.6 1\n1795824002000 1e-05 2\n1795824003000 nan 3\n1795824004000 inf 4\n1795824005000 100.0 5\n",
    );
    // the dataset and input files are the very bytes MLflow wrote for the same dataset
    const dsId = datasetId("training", "f4553811");
    expect(readFileSync(path.join(expDir, "datasets", dsId, "meta.yaml"), "utf8")).toBe(fixtureDataset);
    const inputText = readFileSync(path.join(runDir, "inputs", inputId(dsId, id), "meta.yaml"), "utf8");
    expect(inputText).toBe(
      readFileSync(path.join(MLRUNS, EXP, RUN_A, "inputs", inputId(dsId, RUN_A), "meta.yaml"), "utf8"),
    );
    // no temp files left behind by the atomic writes
    expect(execFileSync("find", [root, "-name", "*.tmp"]).toString()).toBe("");
  });

  it("writes into a copy of MLflow's tree and reads its own writes next to MLflow's", async () => {
    const copy = path.join(tmp, "copy");
    await fs.cp(MLRUNS, copy, { recursive: true });
    await fs.chmod(copy, 0o755);
    execFileSync("chmod", ["-R", "u+w", copy]);
    const c = new MlflowClient(`file://${copy}`);
    await c.logMetric(RUN_A, "loss", 0.2, { step: 5, timestamp: 1795824005000 });
    expect(
      readFileSync(path.join(copy, EXP, RUN_A, "metrics", "loss"), "utf8").endsWith(
        "1795824004000 0.25 4\n1795824005000 0.2 5\n",
      ),
    ).toBe(true);
    expect((await c.getRun(RUN_A)).data.metrics.loss).toBe(0.2);
    const child = await c.createRun(EXP, { runName: "lakelab-run", tags: { "mlflow.parentRunId": RUN_A } });
    const found = await c.searchRuns({
      experimentIds: [EXP],
      filterString: `tags.mlflow.parentRunId = '${RUN_A}'`,
    });
    expect(found.items.map((r) => r.info.runId)).toEqual([child.info.runId]);
    // deleting an experiment moves it to .trash, as MLflow does
    const scratch = await c.createExperiment("to-trash");
    await c.deleteExperiment(scratch);
    expect(parse(readFileSync(path.join(copy, ".trash", scratch, "meta.yaml"), "utf8"))).toMatchObject({
      lifecycle_stage: "deleted",
      tags: {},
    });
    expect((await c.getExperimentByName("to-trash"))?.lifecycleStage).toBe("deleted");
    await expect(c.createRun(scratch)).rejects.toMatchObject({ code: "INVALID_PARAMETER_VALUE" });
    // ids name folders: nothing outside the root can be reached through them
    await expect(c.getExperiment("../..")).rejects.toMatchObject({ code: "INVALID_PARAMETER_VALUE" });
    await expect(c.getRun("../../0")).rejects.toMatchObject({ code: "INVALID_PARAMETER_VALUE" });
  });

  it("reads artifacts of a moved tree from the run's own folder when the stored location is gone", async () => {
    const store = new FileStore(MLRUNS);
    const run = await store.getRun(RUN_A);
    expect(run.info.artifactUri.startsWith("file:///home/analyst/")).toBe(true);
    const c = new MlflowClient(undefined, { store });
    expect(await c.readArtifactText(RUN_A, "notes/summary.txt")).toBe(
      "trained on iceberg snapshot 5173553188971266738\n",
    );
  });

  it("replaces files atomically: a failed write leaves the old file and no temp file", async () => {
    const dir = path.join(tmp, "atomic");
    await fs.mkdir(path.join(dir, "target-is-a-dir", "inner"), { recursive: true });
    await fs.writeFile(path.join(dir, "meta.yaml"), "old: 1\n");
    await writeFileAtomic(path.join(dir, "meta.yaml"), "new: 2\n");
    expect(readFileSync(path.join(dir, "meta.yaml"), "utf8")).toBe("new: 2\n");
    await expect(writeFileAtomic(path.join(dir, "target-is-a-dir"), "x")).rejects.toThrow();
    expect((await fs.readdir(dir)).sort()).toEqual(["meta.yaml", "target-is-a-dir"]);
  });
});
