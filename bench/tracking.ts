/**
 * `npm run bench -- tracking`: one run with 100 params, 10 tags and 1,000 metric points (one key,
 * steps 0..999), logged through lakelab's file store and REST store, beside a naive baseline of
 * one fs.writeFile / fs.appendFile per value, all measured in this run.
 */
import { promises as fs } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { MlflowClient } from "../src/tracking/client";
import type { Batch } from "../src/tracking/entities";
import { RestCredentials } from "../src/tracking/store/rest/credentials";
import { RestStore } from "../src/tracking/store/rest/rest-store";
import { StandInServer } from "../test/tracking/stand-in/stand-in-server";

const REPEATS = 9;

function workload(): Required<Batch> {
  const t0 = 1795824000000;
  return {
    params: Array.from({ length: 100 }, (_, i) => ({ key: `param_${i}`, value: String(i * 0.01) })),
    tags: Array.from({ length: 10 }, (_, i) => ({ key: `tag_${i}`, value: `value-${i}` })),
    metrics: Array.from({ length: 1000 }, (_, step) => ({
      key: "loss",
      value: 1 / (step + 1),
      step,
      timestamp: t0 + step,
    })),
  };
}

/** Runs the cases in interleaved rounds (so machine load hits them alike); median ms of each. */
async function medians(cases: Record<string, () => Promise<void>>): Promise<Record<string, number>> {
  const times: Record<string, number[]> = {};
  for (const [name, fn] of Object.entries(cases)) {
    await fn(); // warm-up
    times[name] = [];
  }
  for (let i = 0; i < REPEATS; i++) {
    for (const [name, fn] of Object.entries(cases)) {
      const start = process.hrtime.bigint();
      await fn();
      times[name]!.push(Number(process.hrtime.bigint() - start) / 1e6);
    }
  }
  const out: Record<string, number> = {};
  for (const [name, t] of Object.entries(times))
    out[name] = t.sort((a, b) => a - b)[Math.floor(t.length / 2)]!;
  return out;
}

/** The whole run through the client: create, one logBatch (split within MLflow's limits), end. */
async function batched(client: MlflowClient, experimentId: string): Promise<void> {
  const run = await client.createRun(experimentId, { runName: "bench" });
  await client.logBatch(run.info.runId, workload());
  await client.setTerminated(run.info.runId);
}

/** The same run with one client call per value (as naive fluent code would log it). */
async function perValue(client: MlflowClient, experimentId: string): Promise<void> {
  const w = workload();
  const run = await client.createRun(experimentId, { runName: "bench-per-value" });
  const id = run.info.runId;
  for (const p of w.params) await client.logParam(id, p.key, p.value);
  for (const t of w.tags) await client.setTag(id, t.key, t.value);
  for (const m of w.metrics)
    await client.logMetric(id, m.key, m.value, { step: m.step, timestamp: m.timestamp });
  await client.setTerminated(id);
}

/** Baseline: the same files written with one fs call per value and no validation or reads. */
async function naiveFiles(root: string, n: number): Promise<void> {
  const w = workload();
  const dir = path.join(root, `naive-${n}`);
  await fs.mkdir(path.join(dir, "params"), { recursive: true });
  await fs.mkdir(path.join(dir, "tags"), { recursive: true });
  await fs.mkdir(path.join(dir, "metrics"), { recursive: true });
  await fs.writeFile(path.join(dir, "meta.yaml"), "status: 1\n");
  for (const p of w.params) await fs.writeFile(path.join(dir, "params", p.key), p.value);
  for (const t of w.tags) await fs.writeFile(path.join(dir, "tags", t.key), t.value);
  for (const m of w.metrics)
    await fs.appendFile(path.join(dir, "metrics", m.key), `${m.timestamp} ${m.value} ${m.step}\n`);
  await fs.writeFile(path.join(dir, "meta.yaml"), "status: 3\n");
}

export async function main(_args: string[]): Promise<void> {
  const tmp = await fs.mkdtemp(path.join(os.tmpdir(), "lakelab-bench-tracking-"));
  const server = await new StandInServer().start();
  try {
    const fileClient = new MlflowClient(path.join(tmp, "mlruns"));
    const fileExp = await fileClient.createExperiment("bench");
    const store = new RestStore(server.url, { credentials: new RestCredentials({}) });
    const restClient = new MlflowClient(undefined, { store });
    const restExp = await restClient.createExperiment("bench");

    const count = async (fn: () => Promise<void>) => {
      const before = store.http.requestCount;
      await fn();
      return store.http.requestCount - before;
    };
    const restBatchedRequests = await count(() => batched(restClient, restExp));
    const restPerValueRequests = await count(() => perValue(restClient, restExp));
    let n = 0;
    const t = await medians({
      naive: () => naiveFiles(tmp, n++),
      fileBatched: () => batched(fileClient, fileExp),
      filePerValue: () => perValue(fileClient, fileExp),
      restBatched: () => batched(restClient, restExp),
      restPerValue: () => perValue(restClient, restExp),
    });
    const naive = t.naive!;
    const [fileBatched, filePerValue, restBatched, restPerValue] = [
      t.fileBatched!,
      t.filePerValue!,
      t.restBatched!,
      t.restPerValue!,
    ];

    const ms = (x: number) => `${x.toFixed(1)} ms`;
    const ratio = (x: number) => `${(x / naive).toFixed(2)}×`;
    console.log(
      `One run: 100 params, 10 tags, 1,000 metric points (one key); median of ${REPEATS} after a warm-up.\n`,
    );
    console.log("| store | how | requests (runs/create → runs/update) | wall time | vs naive fs baseline |");
    console.log("|---|---|---:|---:|---:|");
    console.log(`| naive baseline | one fs.writeFile / appendFile per value | — | ${ms(naive)} | 1.00× |`);
    console.log(
      `| file store | client.logBatch (metric lines batched per key) | — | ${ms(fileBatched)} | ${ratio(fileBatched)} |`,
    );
    console.log(
      `| file store | one client call per value | — | ${ms(filePerValue)} | ${ratio(filePerValue)} |`,
    );
    console.log(
      `| REST (stand-in server) | client.logBatch → runs/log-batch | ${restBatchedRequests} | ${ms(restBatched)} | ${ratio(restBatched)} |`,
    );
    console.log(
      `| REST (stand-in server) | one client call per value | ${restPerValueRequests} | ${ms(restPerValue)} | ${ratio(restPerValue)} |`,
    );
  } finally {
    await server.stop();
    await fs.rm(tmp, { recursive: true, force: true });
  }
}
