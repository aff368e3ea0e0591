import { promises as fs } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isLakelabError } from "../../src/errors";
import { MlflowClient } from "../../src/tracking/client";
import type { Metric } from "../../src/tracking/entities";
import { ViewType } from "../../src/tracking/entities";
import { StandInServer } from "../../src/tracking/stand-in/stand-in-server";

/**
 * One contract, every store: the file store in a temp dir and the REST store against the
 * stand-in server (src/tracking/stand-in, proven against every recorded exchange by
 * test/tracking/stand-in/stand-in-server.test.ts). Where the stand-in is LESS STRICT than a
 * real MLflow server:
 * - it parses and evaluates search filters with lakelab's own parser, so a grammar mistake
 *   shared by both goes unnoticed here (the recorded search cases and the file-store runs of
 *   this suite still check them);
 * - it has no 1 MB request-size limit for log-batch, no auth unless a test asks for it, no
 *   experiment filters in experiments/search, no restore of experiments, no logged models;
 * - errors for wrongly typed JSON fields carry generic messages, not protobuf's;
 * - metric history pages like runs/search (a full page gets a token).
 */
interface StoreCase {
  readonly name: "file" | "rest";
  client(): MlflowClient;
  /** log-batch requests the server saw (REST only). */
  batches(): { metrics?: unknown[]; params?: unknown[]; tags?: unknown[] }[];
}

const server = new StandInServer();
let tmp = "";
const noSleep = async () => {};

const STORES: StoreCase[] = [
  { name: "file", client: () => new MlflowClient(`file://${tmp}/mlruns`), batches: () => [] },
  {
    name: "rest",
    client: () => new MlflowClient(server.url, { http: { sleep: noSleep, retry: { maxRetries: 2 } } }),
    batches: () => server.calls("runs/log-batch").map((r) => r.body as { metrics?: unknown[] }),
  },
];

async function rejects(p: Promise<unknown>, code: string): Promise<Error> {
  try {
    await p;
  } catch (err) {
    expect(isLakelabError(err), String(err)).toBe(true);
    expect((err as { code: string }).code, (err as Error).message).toBe(code);
    return err as Error;
  }
  throw new Error(`expected a ${code} error`);
}

beforeAll(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), "lakelab-contract-"));
  await server.start();
});

afterAll(async () => {
  await server.stop();
  await fs.rm(tmp, { recursive: true, force: true });
});

for (const store of STORES) {
  describe(`tracking store contract: ${store.name}`, () => {
    let c: MlflowClient;
    let expId = "";
    beforeAll(async () => {
      c = store.client();
      expId = await c.createExperiment(`contract-${store.name}`, { tags: { project: "iceberg-sparkml" } });
    });

    it("creates and finds experiments by id and name; unknown ones are errors or null", async () => {
      const exp = await c.getExperiment(expId);
      expect(exp).toMatchObject({
        name: `contract-${store.name}`,
        lifecycleStage: "active",
        tags: { project: "iceberg-sparkml" },
      });
      expect((await c.getExperimentByName(`contract-${store.name}`))?.experimentId).toBe(expId);
      expect(await c.getExperimentByName("no-such-experiment")).toBeNull();
      await rejects(c.createExperiment(`contract-${store.name}`), "RESOURCE_ALREADY_EXISTS");
      await rejects(c.getExperiment("999"), "RESOURCE_DOES_NOT_EXIST");
      const all = await c.searchExperiments({ viewType: ViewType.ALL });
      expect(all.items.map((e) => e.name)).toContain(`contract-${store.name}`);
    });

    it("creates a RUNNING run with its tags and name, and ends it", async () => {
      const run = await c.createRun(expId, {
        runName: "run-a",
        tags: { "mlflow.user": "analyst" },
        startTime: 1795824000000,
      });
      expect(run.info).toMatchObject({
        status: "RUNNING",
        runName: "run-a",
        experimentId: expId,
        startTime: 1795824000000,
        endTime: null,
      });
      expect(run.info.runId).toMatch(/^[0-9a-f]{32}$/);
      expect(run.data.tags).toMatchObject({ "mlflow.runName": "run-a", "mlflow.user": "analyst" });
      const ended = await c.setTerminated(run.info.runId, "FAILED", 1795824060000);
      expect(ended).toMatchObject({ status: "FAILED", endTime: 1795824060000 });
      expect((await c.getRun(run.info.runId)).info.status).toBe("FAILED");
      await rejects(c.getRun("deadbeefdeadbeefdeadbeefdeadbeef"), "RESOURCE_DOES_NOT_EXIST");
      await rejects(c.logParam("deadbeefdeadbeefdeadbeefdeadbeef", "a", "b"), "RESOURCE_DOES_NOT_EXIST");
    });

    it("logs params, tags and metrics and reads them back exactly", async () => {
      const { info } = await c.createRun(expId);
      const id = info.runId;
      await c.logParam(id, "maxIter", 8);
      await c.logParam(id, "regParam", 0.01);
      await c.logParam(id, "maxIter", "8"); // the same value again is fine
      await c.setTag(id, "iceberg_snapshot_id", "5173553188971266738");
      await c.setTag(id, "iceberg_parent_id", null);
      await c.setTag(id, "nested/key with space:colon", "v");
      const loss = [0.9, 0.6, 0.45, 0.31, 0.25];
      await c.logBatch(id, {
        metrics: loss.map((value, step) => ({
          key: "loss",
          value,
          step,
          timestamp: 1795824000000 + step * 1000,
        })),
      });
      await c.logMetric(id, "accuracy", 0.97, { timestamp: 1795824010000 });
      await c.logMetric(id, "tiny", 1e-5, { timestamp: 1795824010000 });
      const run = await c.getRun(id);
      expect(run.data.params).toEqual({ maxIter: "8", regParam: "0.01" });
      expect(run.data.tags).toMatchObject({
        iceberg_snapshot_id: "5173553188971266738",
        iceberg_parent_id: "None",
        "nested/key with space:colon": "v",
      });
      expect(run.data.metrics).toEqual({ accuracy: 0.97, loss: 0.25, tiny: 1e-5 });
      const history = await c.getMetricHistory(id, "loss");
      expect(history.map((m) => [m.step, m.value, m.timestamp])).toEqual(
        loss.map((v, s) => [s, v, 1795824000000 + s * 1000]),
      );
      expect(await c.getMetricHistory(id, "never-logged")).toEqual([]);
    });

    it("takes the point with the largest (step, timestamp) as the latest metric", async () => {
      const { info } = await c.createRun(expId);
      const pts: Metric[] = [
        { key: "m", value: 5, step: 3, timestamp: 10 },
        { key: "m", value: 7, step: 3, timestamp: 20 },
        { key: "m", value: 1, step: 1, timestamp: 99 },
      ];
      await c.logBatch(info.runId, { metrics: pts });
      const run = await c.getRun(info.runId);
      expect(run.data.latestMetrics).toEqual([{ key: "m", value: 7, step: 3, timestamp: 20 }]);
    });

    it("refuses to change a param and writes nothing of a refused batch", async () => {
      const { info } = await c.createRun(expId);
      await c.logParam(info.runId, "regParam", "0.01");
      const err = await rejects(
        c.logBatch(info.runId, {
          params: [
            { key: "fresh", value: "1" },
            { key: "regParam", value: "0.5" },
          ],
        }),
        "INVALID_PARAMETER_VALUE",
      );
      expect(err.message).toContain("Changing param values is not allowed");
      await rejects(c.logParam(info.runId, "regParam", 0.5), "INVALID_PARAMETER_VALUE");
      expect((await c.getRun(info.runId)).data.params).toEqual({ regParam: "0.01" });
    });

    it("validates keys, lengths and values before anything is sent or written", async () => {
      const { info } = await c.createRun(expId);
      const id = info.runId;
      const sent = server.requests.length;
      const bad = await rejects(c.logMetric(id, "bad/../key", 1), "INVALID_PARAMETER_VALUE");
      expect(bad.message).toContain("This name would resolve to 'key'");
      await rejects(c.logParam(id, "/abs", "1"), "INVALID_PARAMETER_VALUE");
      await rejects(c.logParam(id, "semi;colon", "1"), "INVALID_PARAMETER_VALUE");
      await rejects(c.logParam(id, "k".repeat(251), "1"), "INVALID_PARAMETER_VALUE");
      await rejects(c.logParam(id, "long", "x".repeat(6001)), "INVALID_PARAMETER_VALUE");
      await rejects(c.setTag(id, "long", "x".repeat(8001)), "INVALID_PARAMETER_VALUE");
      await rejects(c.logMetric(id, "m", "0.5" as unknown as number), "INVALID_PARAMETER_VALUE");
      await rejects(
        c.logBatch(id, {
          params: [
            { key: "dup", value: "1" },
            { key: "dup", value: "2" },
          ],
        }),
        "INVALID_PARAMETER_VALUE",
      );
      // a bad entity anywhere in a large batch stops every request of it
      await rejects(
        c.logBatch(id, {
          metrics: Array.from({ length: 1500 }, (_, i) => ({
            key: i === 1400 ? "a/../b" : "m",
            value: i,
            step: i,
            timestamp: 1,
          })),
        }),
        "INVALID_PARAMETER_VALUE",
      );
      if (store.name === "rest") expect(server.requests.length).toBe(sent);
      const run = await c.getRun(id);
      expect(run.data.params).toEqual({});
      expect(run.data.metrics).toEqual({});
      await c.logParam(id, "ok-key_1.2/sub dir:x", "x".repeat(6000));
      expect((await c.getRun(id)).data.params["ok-key_1.2/sub dir:x"]).toHaveLength(6000);
    });

    it("stores NaN and ±Infinity as MLflow's store does", async () => {
      const { info } = await c.createRun(expId);
      await c.logBatch(info.runId, {
        metrics: [
          { key: "nan", value: Number.NaN, step: 0, timestamp: 1 },
          { key: "inf", value: Number.POSITIVE_INFINITY, step: 0, timestamp: 1 },
          { key: "neg", value: Number.NEGATIVE_INFINITY, step: 0, timestamp: 1 },
        ],
      });
      const m = (await c.getRun(info.runId)).data.metrics;
      expect(m.nan).toBeNaN();
      // the file store writes inf / -inf; MLflow's SQL store (behind the server) clamps to ±max double
      const big = store.name === "file" ? Number.POSITIVE_INFINITY : Number.MAX_VALUE;
      expect(m.inf).toBe(big);
      expect(m.neg).toBe(-big);
      expect((await c.getMetricHistory(info.runId, "nan"))[0]!.value).toBeNaN();
    });

    it("splits a large batch into requests within MLflow's limits and keeps every point", async () => {
      const { info } = await c.createRun(expId);
      const before = store.batches().length;
      await c.logBatch(info.runId, {
        params: Array.from({ length: 100 }, (_, i) => ({ key: `p${i}`, value: String(i) })),
        tags: Array.from({ length: 10 }, (_, i) => ({ key: `t${i}`, value: String(i) })),
        metrics: Array.from({ length: 1000 }, (_, step) => ({
          key: "loss",
          value: 1 / (step + 1),
          step,
          timestamp: 1795824000000 + step,
        })),
      });
      if (store.name === "rest") {
        const sent = store.batches().slice(before);
        expect(sent).toHaveLength(2);
        for (const b of sent) {
          const n = (b.metrics?.length ?? 0) + (b.params?.length ?? 0) + (b.tags?.length ?? 0);
          expect(n).toBeLessThanOrEqual(1000);
          expect(b.metrics?.length ?? 0).toBeLessThanOrEqual(1000);
        }
      }
      const run = await c.getRun(info.runId);
      expect(Object.keys(run.data.params)).toHaveLength(100);
      expect(run.data.tags.t9).toBe("9");
      const history = await c.getMetricHistory(info.runId, "loss");
      expect(history.map((m) => m.step)).toEqual(Array.from({ length: 1000 }, (_, i) => i));
      expect(run.data.metrics.loss).toBe(1 / 1000);
    });

    it("keeps deleted runs readable, refuses logging to them, and filters them by view type", async () => {
      const { info } = await c.createRun(expId, { runName: "to-delete" });
      await c.deleteRun(info.runId);
      expect((await c.getRun(info.runId)).info.lifecycleStage).toBe("deleted");
      const err = await rejects(c.logParam(info.runId, "maxIter", 8), "INVALID_PARAMETER_VALUE");
      expect(err.message).toContain("must be in the 'active' state");
      const ids = async (runViewType: ViewType) =>
        (await c.searchRuns({ experimentIds: expId, runViewType })).items.map((r) => r.info.runId);
      expect(await ids(ViewType.ACTIVE_ONLY)).not.toContain(info.runId);
      expect(await ids(ViewType.DELETED_ONLY)).toEqual([info.runId]);
      expect(await ids(ViewType.ALL)).toContain(info.runId);
      await c.restoreRun(info.runId);
      expect(await ids(ViewType.ACTIVE_ONLY)).toContain(info.runId);
    });

    it("records dataset inputs with their context tag", async () => {
      const { info } = await c.createRun(expId, { runName: "with-input" });
      const dataset = {
        name: "default.training@5173553188971266738",
        digest: "f4553811",
        sourceType: "iceberg",
        source: '{"uri": "iceberg://default.training@5173553188971266738"}',
        schema: '{"mlflow_colspec": [{"type": "long", "name": "label", "required": true}]}',
        profile: null,
      };
      await c.logInputs(info.runId, [{ dataset, tags: [{ key: "mlflow.data.context", value: "training" }] }]);
      const run = await c.getRun(info.runId);
      expect(run.inputs.datasetInputs).toEqual([
        { dataset, tags: [{ key: "mlflow.data.context", value: "training" }] },
      ]);
      const found = await c.searchRuns({
        experimentIds: expId,
        filterString: "datasets.name LIKE 'default.training@%' and datasets.context = 'training'",
      });
      expect(found.items.map((r) => r.info.runId)).toEqual([info.runId]);
    });

    it("searches with MLflow's filter grammar, order and pages", async () => {
      const e = await c.createExperiment(`search-${store.name}`);
      const make = async (name: string, maxIter: string, acc: number, start: number) => {
        const { info } = await c.createRun(e, {
          runName: name,
          startTime: start,
          tags: { "my tag": `snap-${name}` },
        });
        await c.logBatch(info.runId, {
          params: [{ key: "maxIter", value: maxIter }],
          metrics: [{ key: "accuracy", value: acc, step: 0, timestamp: 1 }],
        });
        return info.runId;
      };
      const a = await make("run-a", "8", 0.97, 1000);
      const b = await make("run-b", "8", 0.95, 2000);
      const d = await make("run-d", "10", 0.5, 3000);
      await c.setTerminated(a, "FINISHED");
      const noMetric = (await c.createRun(e, { runName: "run-e", startTime: 4000 })).info.runId;
      const q = async (filterString: string, orderBy?: string[]) =>
        (await c.searchRuns({ experimentIds: [e], filterString, ...(orderBy ? { orderBy } : {}) })).items.map(
          (r) => r.info.runName,
        );
      expect(await q("")).toEqual(["run-e", "run-d", "run-b", "run-a"]);
      expect(await q("params.maxIter = '8'", ["metrics.accuracy DESC"])).toEqual(["run-a", "run-b"]);
      expect(await q("metrics.accuracy > 0.9 and params.maxIter != '10'", ["metrics.accuracy ASC"])).toEqual([
        "run-b",
        "run-a",
      ]);
      expect(await q("tags.`my tag` LIKE '%run-_'")).toEqual(["run-d", "run-b", "run-a"]);
      expect(await q("tags.`my tag` ILIKE 'SNAP-RUN-D'")).toEqual(["run-d"]);
      expect(await q("attributes.status = 'FINISHED'")).toEqual(["run-a"]);
      expect(await q(`attributes.run_id IN ('${a}', '${d}')`)).toEqual(["run-d", "run-a"]);
      expect(await q("attributes.start_time >= 2000 and attributes.run_name != 'run-e'")).toEqual([
        "run-d",
        "run-b",
      ]);
      expect(await q("", ["metrics.accuracy DESC"])).toEqual(["run-a", "run-b", "run-d", "run-e"]);
      expect(await q("", ["metrics.accuracy ASC"])).toEqual(["run-d", "run-b", "run-a", "run-e"]);
      expect(noMetric).toMatch(/^[0-9a-f]{32}$/);
      await rejects(q("params.maxIter = = '8'"), "INVALID_PARAMETER_VALUE");
      await rejects(q("params.maxIter = 8"), "INVALID_PARAMETER_VALUE");
      await rejects(q("metrics.accuracy > 0.9 or params.maxIter = '8'"), "INVALID_PARAMETER_VALUE");
      const seen: string[] = [];
      let pageToken: string | null = null;
      do {
        const page = await c.searchRuns({
          experimentIds: [e],
          maxResults: 3,
          pageToken,
          orderBy: ["attributes.start_time ASC"],
        });
        seen.push(...page.items.map((r) => r.info.runName));
        pageToken = page.nextPageToken;
      } while (pageToken !== null);
      expect(seen).toEqual(["run-a", "run-b", "run-d", "run-e"]);
      expect(b).not.toBe(a);
    });

    it("sets and deletes tags, renames runs", async () => {
      const { info } = await c.createRun(expId, { runName: "before" });
      await c.setTag(info.runId, "temp", "1");
      await c.deleteTag(info.runId, "temp");
      expect((await c.getRun(info.runId)).data.tags.temp).toBeUndefined();
      await rejects(c.deleteTag(info.runId, "temp"), "RESOURCE_DOES_NOT_EXIST");
      await c.updateRun(info.runId, { name: "after" });
      const run = await c.getRun(info.runId);
      expect(run.info.runName).toBe("after");
      expect(run.data.tags["mlflow.runName"]).toBe("after");
    });

    it("writes artifacts (text, dict, file, folder) under the run and reads them back", async () => {
      const { info } = await c.createRun(expId);
      const id = info.runId;
      await c.logText(id, "trained on iceberg snapshot 5173553188971266738\n", "notes/summary.txt");
      await c.logDict(
        id,
        { stages: ["tokenizer", "hashingTF"], snapshot: 5173553188971266738n },
        "model/pipeline.json",
      );
      const local = path.join(tmp, `art-${store.name}`);
      await fs.mkdir(path.join(local, "sub"), { recursive: true });
      await fs.writeFile(path.join(local, "a.txt"), "A");
      await fs.writeFile(path.join(local, "sub", "b.bin"), Buffer.from([0, 1, 2, 255]));
      await c.logArtifact(id, path.join(local, "a.txt"));
      await c.logArtifact(id, local, "folder");
      expect(await c.readArtifactText(id, "notes/summary.txt")).toBe(
        "trained on iceberg snapshot 5173553188971266738\n",
      );
      const dict = await c.readArtifactText(id, "model/pipeline.json");
      expect(dict).toContain('"snapshot": 5173553188971266738');
      expect(JSON.parse(dict).stages).toEqual(["tokenizer", "hashingTF"]);
      expect(Array.from(await c.readArtifactBytes(id, "folder/sub/b.bin"))).toEqual([0, 1, 2, 255]);
      expect(await c.listArtifacts(id)).toEqual([
        { path: "a.txt", isDir: false, fileSize: 1 },
        { path: "folder", isDir: true, fileSize: null },
        { path: "model", isDir: true, fileSize: null },
        { path: "notes", isDir: true, fileSize: null },
      ]);
      expect(await c.listArtifacts(id, "notes")).toEqual([
        { path: "notes/summary.txt", isDir: false, fileSize: 48 },
      ]);
      const downloaded = await c.downloadArtifact(
        id,
        "notes/summary.txt",
        path.join(tmp, `dl-${store.name}`),
      );
      expect(await fs.readFile(downloaded, "utf8")).toContain("5173553188971266738");
      await rejects(c.logText(id, "x", "../escape.txt"), "INVALID_PARAMETER_VALUE");
    });
  });
}
