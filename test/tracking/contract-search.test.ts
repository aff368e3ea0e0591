import { promises as fs } from "node:fs";
import * as path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { MlflowClient } from "../../src/tracking/client";
import { rejects, useStores } from "./store-cases";

/** The store contract, part 2: dataset inputs, search grammar and paging, tags, artifacts (stores: see store-cases.ts). */
const STORES = useStores();

for (const store of STORES) {
  describe(`tracking store contract: ${store.name}`, () => {
    let c: MlflowClient;
    let expId = "";
    beforeAll(async () => {
      c = store.client();
      expId = await c.createExperiment(`contract-${store.name}`, { tags: { project: "iceberg-sparkml" } });
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
      const local = path.join(store.tmp(), `art-${store.name}`);
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
        path.join(store.tmp(), `dl-${store.name}`),
      );
      expect(await fs.readFile(downloaded, "utf8")).toContain("5173553188971266738");
      await rejects(c.logText(id, "x", "../escape.txt"), "INVALID_PARAMETER_VALUE");
    });
  });
}
