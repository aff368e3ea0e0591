import { beforeAll, describe, expect, it } from "vitest";
import type { MlflowClient } from "../../src/tracking/client";
import type { Metric } from "../../src/tracking/entities";
import { ViewType } from "../../src/tracking/entities";
import { rejects, useStores } from "./store-cases";

/** The store contract, part 1: experiments, runs, batches, validation, NaN/Inf, deleted runs (stores: see store-cases.ts). */
const STORES = useStores();

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
      const sent = store.requestCount();
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
      if (store.name !== "file") expect(store.requestCount()).toBe(sent);
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
  });
}
