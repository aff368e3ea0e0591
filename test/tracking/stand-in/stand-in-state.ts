import { randomUUID } from "node:crypto";
import type { Metric } from "../../../src/tracking/entities";
import { Limits, validateKey } from "../../../src/tracking/validation";

type Json = Record<string, unknown>;

export interface ExpRecord {
  experiment_id: string;
  name: string;
  artifact_location: string;
  lifecycle_stage: string;
  creation_time: number;
  last_update_time: number;
  tags: Json[];
}

export interface RunRecord {
  info: {
    run_id: string;
    experiment_id: string;
    run_name: string;
    user_id: string;
    status: string;
    start_time: number;
    end_time?: number;
    artifact_uri: string;
    lifecycle_stage: string;
  };
  params: Map<string, string>;
  tags: Map<string, string>;
  metrics: Metric[];
  inputs: Json[];
}

class StandInError extends Error {
  constructor(
    readonly status: number,
    readonly errorCode: string,
    message: string,
  ) {
    super(message);
  }
}

/** The in-memory state of the stand-in server, shaped as MLflow's SQL store answers. */
export class StandInState {
  readonly experiments = new Map<string, ExpRecord>();
  readonly runs = new Map<string, RunRecord>();
  readonly artifacts = new Map<string, Buffer>();
  private nextExperimentId = 1;

  constructor() {
    const now = Date.now();
    this.experiments.set("0", {
      experiment_id: "0",
      name: "Default",
      artifact_location: "mlflow-artifacts:/0",
      lifecycle_stage: "active",
      creation_time: now,
      last_update_time: now,
      tags: [],
    });
  }

  createExperiment(name: string, tags: Json[] | undefined): string {
    if ([...this.experiments.values()].some((e) => e.name === name)) {
      throw new StandInError(
        400,
        "RESOURCE_ALREADY_EXISTS",
        `Experiment(name=${name}) already exists. Error: (raised as a result of Query-invoked autoflush)`,
      );
    }
    const id = String(this.nextExperimentId++);
    const now = Date.now();
    this.experiments.set(id, {
      experiment_id: id,
      name,
      artifact_location: `mlflow-artifacts:/${id}`,
      lifecycle_stage: "active",
      creation_time: now,
      last_update_time: now,
      tags: tags ?? [],
    });
    return id;
  }

  experiment(id: string): ExpRecord {
    const e = this.experiments.get(id);
    if (e === undefined)
      throw new StandInError(404, "RESOURCE_DOES_NOT_EXIST", `No Experiment with id=${id} exists`);
    return e;
  }

  expJson(e: ExpRecord): Json {
    const out: Json = {
      experiment_id: e.experiment_id,
      name: e.name,
      artifact_location: e.artifact_location,
      lifecycle_stage: e.lifecycle_stage,
      last_update_time: e.last_update_time,
      creation_time: e.creation_time,
    };
    if (e.tags.length > 0) out.tags = e.tags;
    return out;
  }

  createRun(b: Json): Json {
    const exp = this.experiment(String(b.experiment_id ?? "0"));
    if (exp.lifecycle_stage !== "active") {
      throw new StandInError(
        400,
        "INVALID_STATE",
        `The experiment ${exp.experiment_id} must be in the 'active' state.`,
      );
    }
    const runId = randomUUID().replace(/-/g, "");
    const tags = new Map<string, string>();
    for (const t of (b.tags ?? []) as Json[]) tags.set(String(t.key), String(t.value));
    const runName =
      typeof b.run_name === "string" && b.run_name !== ""
        ? b.run_name
        : (tags.get("mlflow.runName") ?? `run-${runId.slice(0, 6)}`);
    if (!tags.has("mlflow.runName")) tags.set("mlflow.runName", runName);
    const run: RunRecord = {
      info: {
        run_id: runId,
        experiment_id: exp.experiment_id,
        run_name: runName,
        user_id: typeof b.user_id === "string" ? b.user_id : "",
        status: "RUNNING",
        start_time: Number(b.start_time ?? Date.now()),
        artifact_uri: `${exp.artifact_location}/${runId}/artifacts`,
        lifecycle_stage: "active",
      },
      params: new Map(),
      tags,
      metrics: [],
      inputs: [],
    };
    this.runs.set(runId, run);
    return runJson(run, false);
  }

  run(runId: string): RunRecord {
    const r = this.runs.get(runId);
    if (r === undefined)
      throw new StandInError(404, "RESOURCE_DOES_NOT_EXIST", `Run with id=${runId} not found`);
    return r;
  }

  activeRun(runId: string): RunRecord {
    const r = this.run(runId);
    if (r.info.lifecycle_stage !== "active") {
      throw new StandInError(
        400,
        "INVALID_PARAMETER_VALUE",
        `The run ${runId} must be in the 'active' state. Current state is ${r.info.lifecycle_stage}.`,
      );
    }
    return r;
  }

  /** runs/log-batch (and the single-value endpoints, with `singlePath` naming their field). */
  logBatch(b: Json, singlePath?: string): Json {
    if (typeof b.run_id !== "string" || b.run_id === "")
      throw bad("Missing value for required parameter 'run_id'.");
    const r = this.activeRun(b.run_id);
    const metrics = (b.metrics ?? []) as Json[];
    const params = (b.params ?? []) as Json[];
    const tags = (b.tags ?? []) as Json[];
    const limit = (entity: string, max: number, n: number) => {
      if (n > max) {
        throw bad(
          `A batch logging request can contain at most ${max} ${entity}. Got ${n} ${entity}. Please split up ${entity} across multiple requests and try again.`,
        );
      }
    };
    limit("metrics", Limits.METRICS_PER_BATCH, metrics.length);
    limit("params", Limits.PARAMS_TAGS_PER_BATCH, params.length);
    limit("tags", Limits.PARAMS_TAGS_PER_BATCH, tags.length);
    limit(
      "metrics, params, and tags",
      Limits.ENTITIES_PER_BATCH,
      metrics.length + params.length + tags.length,
    );
    metrics.forEach((m, i) => {
      validateKey("metric", m.key, singlePath ?? `metrics[${i}].name`);
      const v = m.value;
      if (typeof v !== "number" && v !== "NaN" && v !== "Infinity" && v !== "-Infinity")
        throw bad(`Invalid value ${JSON.stringify(v)} for metric '${String(m.key)}'`);
      if (typeof m.timestamp !== "number")
        throw bad(
          `Missing value for required parameter '${singlePath === undefined ? `metrics[${i}].timestamp` : "timestamp"}'.`,
        );
    });
    params.forEach((p, i) => {
      validateKey("param", p.key, singlePath ?? `params[${i}].key`);
    });
    tags.forEach((t, i) => {
      validateKey("tag", t.key, singlePath ?? `tags[${i}].key`);
    });
    const keys = params.map((p) => String(p.key));
    const dupes = keys.filter((k, i) => keys.indexOf(k) !== i);
    if (dupes.length > 0) {
      throw bad(
        `Duplicate parameter keys have been submitted: [${dupes.map((d) => `'${d}'`).join(", ")}]. Please ensure the request contains only one param value per param key.`,
      );
    }
    const changed = params.filter(
      (p) => r.params.has(String(p.key)) && r.params.get(String(p.key)) !== String(p.value),
    );
    if (changed.length > 0) {
      if (singlePath !== undefined) {
        const p = changed[0]!;
        throw bad(
          `Changing param values is not allowed. Param with key='${String(p.key)}' was already logged with value='${r.params.get(String(p.key))}' for run ID='${r.info.run_id}'. Attempted logging new value '${String(p.value)}'.`,
        );
      }
      const desc = changed.map(
        (p) =>
          `{'key': '${String(p.key)}', 'old_value': '${r.params.get(String(p.key))}', 'new_value': '${String(p.value)}'}`,
      );
      throw bad(
        `Changing param values is not allowed. Params were already logged='[${desc.join(", ")}]' for run ID='${r.info.run_id}'.`,
      );
    }
    for (const p of params) r.params.set(String(p.key), String(p.value));
    for (const t of tags) {
      r.tags.set(String(t.key), String(t.value));
      if (t.key === "mlflow.runName") r.info.run_name = String(t.value);
    }
    for (const m of metrics)
      r.metrics.push({
        key: String(m.key),
        value: sqlDouble(m.value),
        timestamp: Number(m.timestamp),
        step: Number(m.step ?? 0),
      });
    return {};
  }
}

export function runInfoJson(r: RunRecord): Json {
  const i = r.info;
  return {
    run_uuid: i.run_id,
    experiment_id: i.experiment_id,
    run_name: i.run_name,
    user_id: i.user_id,
    status: i.status,
    start_time: i.start_time,
    ...(i.end_time !== undefined ? { end_time: i.end_time } : {}),
    artifact_uri: i.artifact_uri,
    lifecycle_stage: i.lifecycle_stage,
    run_id: i.run_id,
  };
}

/** Latest metric per key as the SQL store keeps it: largest (step, timestamp, value). */
function latest(metrics: readonly Metric[]): Metric[] {
  const best = new Map<string, Metric>();
  for (const m of metrics) {
    const b = best.get(m.key);
    if (
      b === undefined ||
      m.step > b.step ||
      (m.step === b.step && (m.timestamp > b.timestamp || (m.timestamp === b.timestamp && m.value > b.value)))
    )
      best.set(m.key, m);
  }
  return [...best.values()];
}

export function runJson(r: RunRecord, withOutputs: boolean): Json {
  const data: Json = {};
  const metrics = latest(r.metrics).map((m) => ({
    key: m.key,
    value: jsonDouble(m.value),
    timestamp: m.timestamp,
    step: m.step,
  }));
  if (metrics.length > 0) data.metrics = metrics;
  if (r.params.size > 0) data.params = [...r.params].map(([key, value]) => ({ key, value }));
  if (r.tags.size > 0) data.tags = [...r.tags].map(([key, value]) => ({ key, value }));
  const out: Json = {
    info: runInfoJson(r),
    data,
    inputs: r.inputs.length > 0 ? { dataset_inputs: r.inputs } : {},
  };
  if (withOutputs) out.outputs = {};
  return out;
}

export { StandInError };

export function jsonDouble(v: number): number | string {
  return Number.isNaN(v) ? "NaN" : v;
}

/** The SQL store keeps NaN and clamps ±Infinity to ±max double. */
function sqlDouble(v: unknown): number {
  if (v === "NaN") return Number.NaN;
  if (v === "Infinity" || v === Number.POSITIVE_INFINITY) return Number.MAX_VALUE;
  if (v === "-Infinity" || v === Number.NEGATIVE_INFINITY) return -Number.MAX_VALUE;
  return Number(v);
}

const bad = (m: string) => new StandInError(400, "INVALID_PARAMETER_VALUE", m);
