import type {
  Dataset,
  DatasetInput,
  Experiment,
  Metric,
  Run,
  RunInfo,
  RunStatus,
  RunTag,
} from "../../entities";
import { RUN_STATUSES } from "../../entities";

/**
 * MLflow REST API 2.0 JSON (proto3 JSON as MLflow's server writes it: int64 as numbers,
 * empty repeated fields left out, NaN/Infinity as the strings "NaN"/"Infinity").
 */
type Json = Record<string, unknown>;

function arr(v: unknown): Json[] {
  return Array.isArray(v) ? (v as Json[]) : [];
}

function num(v: unknown): number | null {
  if (v === null || v === undefined || v === "") return null;
  return Number(v);
}

/** A JSON double as MLflow sends it; "NaN", "Infinity", "-Infinity" are strings on the wire. */
export function doubleFromJson(v: unknown): number {
  if (v === "NaN") return Number.NaN;
  if (v === "Infinity") return Number.POSITIVE_INFINITY;
  if (v === "-Infinity") return Number.NEGATIVE_INFINITY;
  return Number(v);
}

export function doubleToJson(v: number): number | string {
  if (Number.isNaN(v)) return "NaN";
  if (v === Number.POSITIVE_INFINITY) return "Infinity";
  if (v === Number.NEGATIVE_INFINITY) return "-Infinity";
  return v;
}

export function tagsToJson(tags: readonly RunTag[]): Json[] {
  return tags.map((t) => ({ key: t.key, value: t.value }));
}

function tagMap(v: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const t of arr(v)) out[String(t.key)] = String(t.value ?? "");
  return out;
}

export function experimentFromJson(e: Json): Experiment {
  return {
    experimentId: String(e.experiment_id),
    name: String(e.name ?? ""),
    artifactLocation: String(e.artifact_location ?? ""),
    lifecycleStage: e.lifecycle_stage === "deleted" ? "deleted" : "active",
    tags: tagMap(e.tags),
    creationTime: num(e.creation_time),
    lastUpdateTime: num(e.last_update_time),
  };
}

function status(v: unknown): RunStatus {
  return RUN_STATUSES.includes(v as RunStatus) ? (v as RunStatus) : "RUNNING";
}

export function runInfoFromJson(i: Json): RunInfo {
  return {
    runId: String(i.run_id ?? i.run_uuid),
    runName: String(i.run_name ?? ""),
    experimentId: String(i.experiment_id),
    userId: String(i.user_id ?? ""),
    status: status(i.status),
    startTime: num(i.start_time),
    endTime: num(i.end_time),
    artifactUri: String(i.artifact_uri ?? ""),
    lifecycleStage: i.lifecycle_stage === "deleted" ? "deleted" : "active",
  };
}

export function metricFromJson(m: Json): Metric {
  return {
    key: String(m.key),
    value: doubleFromJson(m.value),
    timestamp: Number(m.timestamp ?? 0),
    step: Number(m.step ?? 0),
  };
}

export function metricToJson(m: Metric): Json {
  return { key: m.key, value: doubleToJson(m.value), timestamp: m.timestamp, step: m.step };
}

export function datasetToJson(d: Dataset): Json {
  return {
    name: d.name,
    digest: d.digest,
    source_type: d.sourceType,
    source: d.source,
    ...(d.schema !== null ? { schema: d.schema } : {}),
    ...(d.profile !== null ? { profile: d.profile } : {}),
  };
}

export function datasetInputToJson(d: DatasetInput): Json {
  return { tags: tagsToJson(d.tags), dataset: datasetToJson(d.dataset) };
}

function datasetInputFromJson(d: Json): DatasetInput {
  const ds = (d.dataset ?? {}) as Json;
  const opt = (v: unknown) => (v === undefined || v === null ? null : String(v));
  return {
    tags: arr(d.tags).map((t) => ({ key: String(t.key), value: String(t.value ?? "") })),
    dataset: {
      name: String(ds.name ?? ""),
      digest: String(ds.digest ?? ""),
      sourceType: String(ds.source_type ?? ""),
      source: String(ds.source ?? ""),
      schema: opt(ds.schema),
      profile: opt(ds.profile),
    },
  };
}

export function runFromJson(r: Json): Run {
  const data = (r.data ?? {}) as Json;
  const inputs = (r.inputs ?? {}) as Json;
  const latestMetrics = arr(data.metrics)
    .map(metricFromJson)
    .sort((a, b) => (a.key < b.key ? -1 : 1));
  const sortedMap = (m: Record<string, string>) =>
    Object.fromEntries(Object.entries(m).sort(([a], [b]) => (a < b ? -1 : 1)));
  return {
    info: runInfoFromJson((r.info ?? {}) as Json),
    data: {
      params: sortedMap(tagMap(data.params)),
      tags: sortedMap(tagMap(data.tags)),
      metrics: Object.fromEntries(latestMetrics.map((m) => [m.key, m.value])),
      latestMetrics,
    },
    inputs: { datasetInputs: arr(inputs.dataset_inputs).map(datasetInputFromJson) },
  };
}
