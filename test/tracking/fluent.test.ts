import { promises as fs } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { isLakelabError } from "../../src/errors";
import { mlflow } from "../../src/tracking";
import { StandInServer } from "./stand-in/stand-in-server";

const server = new StandInServer();
let tmp = "";
const savedEnv = { ...process.env };

beforeAll(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), "lakelab-fluent-"));
  await server.start();
});
afterAll(async () => {
  await server.stop();
  await fs.rm(tmp, { recursive: true, force: true });
});
afterEach(() => {
  process.env = { ...savedEnv };
  mlflow.resetFluentState();
  mlflow.setTrackingUri(`file://${tmp}/unused`);
});

async function code(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (err) {
    expect(isLakelabError(err), String(err)).toBe(true);
    return (err as { code: string }).code;
  }
  return "no error";
}

describe("tracking URI resolution", () => {
  it("prefers setTrackingUri, then MLFLOW_TRACKING_URI, then ./mlruns", () => {
    mlflow.setTrackingUri(`${tmp}/explicit`);
    process.env.MLFLOW_TRACKING_URI = "http://127.0.0.1:5000/";
    expect(mlflow.getTrackingUri()).toBe(`file://${tmp}/explicit`);
    mlflow.setTrackingUri(undefined);
    expect(mlflow.getTrackingUri()).toBe("http://127.0.0.1:5000");
    process.env.MLFLOW_TRACKING_URI = "file:./mlruns-rel";
    expect(mlflow.getTrackingUri()).toBe(`file://${path.resolve("mlruns-rel")}`);
    delete process.env.MLFLOW_TRACKING_URI;
    expect(mlflow.getTrackingUri()).toBe(`file://${path.resolve("mlruns")}`);
    expect(() => mlflow.setTrackingUri("sqlite:///mlflow.db")).toThrow(/not supported/);
  });
});

const STORES = [
  { name: "file", uri: () => `file://${tmp}/mlruns` },
  { name: "rest", uri: () => server.url },
] as const;

for (const store of STORES) {
  describe(`fluent API on the ${store.name} store`, () => {
    it("runs the seed notebook's cell: experiment, run with params and tags, search", async () => {
      mlflow.setTrackingUri(store.uri());
      const exp = await mlflow.setExperiment("sparkml-experiment");
      expect((await mlflow.setExperiment("sparkml-experiment")).experimentId).toBe(exp.experimentId);
      const batchesBefore = server.calls("runs/log-batch").length;
      const runId = await mlflow.withRun(async (run) => {
        await mlflow.logParam("maxIter", 8);
        await mlflow.logParam("regParam", 0.01);
        await mlflow.setTags({
          iceberg_snapshot_id: 5173553188971266738n,
          iceberg_parent_id: null,
          row_count: 6046,
        });
        await mlflow.logMetrics({ accuracy: 0.97, loss: 0.25 }, { step: 1 });
        expect((await mlflow.activeRun())?.info.status).toBe("RUNNING");
        return run.info.runId;
      });
      if (store.name === "rest") expect(server.calls("runs/log-batch").length - batchesBefore).toBe(4);
      expect(await mlflow.activeRun()).toBeNull();
      const experimentId = (await mlflow.getExperimentByName("sparkml-experiment"))!.experimentId;
      const runs = await mlflow.searchRuns({ experimentIds: experimentId, runViewType: 1 });
      expect(runs.length).toBe(1);
      const row = runs.records[0]!;
      expect(row).toMatchObject({
        run_id: runId,
        experiment_id: experimentId,
        status: "FINISHED",
        "params.maxIter": "8",
        "params.regParam": "0.01",
        "metrics.accuracy": 0.97,
        "tags.iceberg_snapshot_id": "5173553188971266738",
        "tags.iceberg_parent_id": "None",
        "tags.row_count": "6046",
      });
      expect(row.start_time).toBeInstanceOf(Date);
      expect(row.end_time).toBeInstanceOf(Date);
      expect(runs.columns.slice(0, 6)).toEqual([
        "run_id",
        "experiment_id",
        "status",
        "artifact_uri",
        "start_time",
        "end_time",
      ]);
      expect(runs.columns).toContain("tags.mlflow.user");
    });

    it("marks a run FAILED and rethrows when the body of withRun throws", async () => {
      mlflow.setTrackingUri(store.uri());
      await mlflow.setExperiment("failing");
      let id = "";
      await expect(
        mlflow.withRun({ runName: "boom" }, async (run) => {
          id = run.info.runId;
          throw new Error("training diverged");
        }),
      ).rejects.toThrow("training diverged");
      const run = await mlflow.getRun(id);
      expect(run.info.status).toBe("FAILED");
      expect(run.info.endTime).not.toBeNull();
      expect(await mlflow.activeRun()).toBeNull();
    });

    it("nests runs with mlflow.parentRunId and refuses a second top-level run", async () => {
      mlflow.setTrackingUri(store.uri());
      await mlflow.setExperiment("nesting");
      const parent = await mlflow.startRun({ runName: "parent" });
      expect(await code(mlflow.startRun())).toBe("INVALID_STATE");
      const child = await mlflow.startRun({ runName: "child", nested: true });
      expect(child.data.tags["mlflow.parentRunId"]).toBe(parent.info.runId);
      await mlflow.endRun();
      expect((await mlflow.activeRun())?.info.runId).toBe(parent.info.runId);
      await mlflow.endRun("KILLED");
      expect((await mlflow.getRun(parent.info.runId)).info.status).toBe("KILLED");
      expect((await mlflow.getRun(child.info.runId)).info.status).toBe("FINISHED");
      await mlflow.endRun(); // nothing active: no-op
      expect(await code(mlflow.logParam("a", 1))).toBe("INVALID_STATE");
      // resuming a finished run by id makes it RUNNING again
      const resumed = await mlflow.startRun({ runId: parent.info.runId });
      expect(resumed.info.status).toBe("RUNNING");
      await mlflow.endRun();
    });

    it("logs an Iceberg dataset input, artifacts and a whole metric history in one call", async () => {
      mlflow.setTrackingUri(store.uri());
      await mlflow.setExperiment("inputs");
      await mlflow.withRun(async (run) => {
        await mlflow.logInput(
          {
            name: "default.training@5173553188971266738",
            digest: "f4553811",
            sourceType: "iceberg",
            source: {
              uri: "iceberg://default.training@5173553188971266738",
              table: "default.training",
              snapshot_id: "5173553188971266738",
            },
            schema: { mlflow_colspec: [{ type: "long", name: "label", required: true }] },
            profile: { num_rows: 3 },
          },
          { context: "training" },
        );
        await mlflow.logBatch({
          metrics: Array.from({ length: 1200 }, (_, step) => ({ key: "loss", value: 1 / (step + 1), step })),
        });
        await mlflow.logDict({ stages: ["tokenizer"] }, "model/pipeline.json");
        await mlflow.logText("hello", "notes.txt");
        const got = await mlflow.getRun(run.info.runId);
        expect(got.inputs.datasetInputs[0]!.dataset.source).toBe(
          '{"uri": "iceberg://default.training@5173553188971266738", "table": "default.training", "snapshot_id": "5173553188971266738"}',
        );
        expect(got.inputs.datasetInputs[0]!.tags).toEqual([
          { key: "mlflow.data.context", value: "training" },
        ]);
        expect(got.data.metrics.loss).toBe(1 / 1200);
        expect(JSON.parse(await mlflow.readArtifactText("model/pipeline.json"))).toEqual({
          stages: ["tokenizer"],
        });
        expect((await mlflow.listArtifacts()).map((f) => f.path)).toEqual(["model", "notes.txt"]);
      });
      const found = await mlflow.searchRuns({
        experimentNames: ["inputs"],
        filterString: "datasets.name LIKE 'default.training@%'",
      });
      expect(found.length).toBe(1);
    });
  });
}

describe("searchRuns as a DataFrame", () => {
  it("gives danfojs a frame with MLflow's columns", async () => {
    mlflow.setTrackingUri(`file://${tmp}/frame`);
    await mlflow.setExperiment("frame");
    for (const acc of [0.9, 0.8]) {
      await mlflow.withRun(async () => {
        await mlflow.logParams({ maxIter: 8 });
        await mlflow.logMetric("accuracy", acc);
      });
    }
    await mlflow.withRun(async () => mlflow.setTag("note", "no metrics"));
    const table = await mlflow.searchRuns({ orderBy: ["metrics.accuracy DESC"] });
    const df = table.toDataFrame();
    expect(df.shape).toEqual([3, table.columns.length]);
    expect(df.columns).toEqual(table.columns);
    const acc = df.column("metrics.accuracy").values as number[];
    expect(acc.slice(0, 2)).toEqual([0.9, 0.8]);
    expect(Number.isNaN(acc[2])).toBe(true);
    expect(df.column("status").values).toEqual(["FINISHED", "FINISHED", "FINISHED"]);
  });
});
