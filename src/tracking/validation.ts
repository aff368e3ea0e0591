import type { Batch, DatasetInput, Metric, Param, RunTag } from "./entities";
import { invalidParameter } from "./errors";

/** MLflow's limits (mlflow/utils/validation.py, MLflow 3.x). */
export const Limits = {
  METRICS_PER_BATCH: 1000,
  PARAMS_TAGS_PER_BATCH: 100,
  ENTITIES_PER_BATCH: 1000,
  ENTITY_KEY_LENGTH: 250,
  PARAM_VALUE_LENGTH: 6000,
  TAG_VALUE_LENGTH: 8000,
  EXPERIMENT_NAME_LENGTH: 500,
  EXPERIMENT_TAG_VALUE_LENGTH: 5000,
  DATASET_NAME_SIZE: 500,
  DATASET_DIGEST_SIZE: 36,
  DATASET_SOURCE_SIZE: 65535,
  DATASET_SCHEMA_SIZE: 1048575,
  DATASET_PROFILE_SIZE: 16777215,
  INPUT_TAG_KEY_SIZE: 255,
  INPUT_TAG_VALUE_SIZE: 500,
} as const;

// POSIX rule: alphanumerics (Unicode word chars), _ - . space / and colon.
const VALID_NAME = /^[/\p{L}\p{N}_.\- :]*$/u;
const RUN_ID = /^[a-zA-Z0-9][\w-]{0,255}$/;
const EXPERIMENT_ID = /^[a-zA-Z0-9][\w-]{0,63}$/;

/** posixpath.normpath, enough to tell whether a key would name another file. */
export function posixNormpath(p: string): string {
  if (p === "") return ".";
  const absolute = p.startsWith("/");
  // POSIX keeps exactly two leading slashes, collapses three or more
  const initial = absolute ? (p.startsWith("//") && !p.startsWith("///") ? "//" : "/") : "";
  const out: string[] = [];
  for (const part of p.split("/")) {
    if (part === "" || part === ".") continue;
    if (part !== ".." || (!absolute && out.length === 0) || out[out.length - 1] === "..") out.push(part);
    else if (out.length > 0) out.pop();
  }
  const joined = initial + out.join("/");
  return joined === "" ? "." : joined;
}

function pathNotUnique(name: string): boolean {
  const norm = posixNormpath(name);
  return norm !== name || norm === "." || norm.startsWith("..") || norm.startsWith("/");
}

function invalidValue(path: string, value: unknown, message: string): string {
  return `Invalid value ${JSON.stringify(value)} for parameter '${path}' supplied: ${message}`;
}

/** A param, metric or tag key: allowed characters, no path tricks, at most 250 characters. */
export function validateKey(
  kind: "param" | "metric" | "tag",
  key: unknown,
  path = kind === "metric" ? "name" : "key",
): string {
  if (typeof key !== "string" || key === "") {
    throw invalidParameter(invalidValue(path, key ?? "", `A ${kind} key must be a non-empty string.`), {
      key,
    });
  }
  if (!VALID_NAME.test(key)) {
    throw invalidParameter(
      invalidValue(
        path,
        key,
        "Names may only contain alphanumerics, underscores (_), dashes (-), periods (.), spaces ( ), colon(:) and slashes (/).",
      ),
      { key },
    );
  }
  if (pathNotUnique(key)) {
    throw invalidParameter(
      invalidValue(
        path,
        key,
        "Names may be treated as files in certain cases, and must not resolve to other names when treated as such. " +
          `This name would resolve to '${posixNormpath(key)}'`,
      ),
      { key },
    );
  }
  if (key.length > Limits.ENTITY_KEY_LENGTH) {
    throw invalidParameter(`'${path}' exceeds the maximum length of ${Limits.ENTITY_KEY_LENGTH} characters`, {
      key: `${key.slice(0, 40)}…`,
      length: key.length,
    });
  }
  return key;
}

function validateLength(what: string, value: string, limit: number, key: string): void {
  if (value.length > limit) {
    throw invalidParameter(
      `${what} for key '${key}' has ${value.length} characters, which exceeds the maximum length of ${limit} characters`,
      { key, length: value.length, limit },
    );
  }
}

export function validateParam(p: Param, path = "key"): Param {
  validateKey("param", p.key, path);
  if (typeof p.value !== "string")
    throw invalidParameter(`Param value for key '${p.key}' must be a string`, { key: p.key });
  validateLength("Param value", p.value, Limits.PARAM_VALUE_LENGTH, p.key);
  return p;
}

export function validateTag(t: RunTag, path = "key"): RunTag {
  validateKey("tag", t.key, path);
  if (typeof t.value !== "string")
    throw invalidParameter(`Tag value for key '${t.key}' must be a string`, { key: t.key });
  validateLength("Tag value", t.value, Limits.TAG_VALUE_LENGTH, t.key);
  return t;
}

export function validateMetric(m: Metric, path = "name"): Metric {
  validateKey("metric", m.key, path);
  if (typeof m.value !== "number") {
    throw invalidParameter(
      `Got invalid value ${String(m.value)} for metric '${m.key}'. Please specify value as a valid double (64-bit floating point)`,
      { key: m.key },
    );
  }
  if (!Number.isSafeInteger(m.timestamp) || m.timestamp < 0) {
    throw invalidParameter(
      `Got invalid timestamp ${String(m.timestamp)} for metric '${m.key}'. Timestamp must be a nonnegative long (64-bit integer), in milliseconds`,
      { key: m.key },
    );
  }
  if (!Number.isSafeInteger(m.step)) {
    throw invalidParameter(
      `Got invalid step ${String(m.step)} for metric '${m.key}'. Step must be a valid long (64-bit integer).`,
      {
        key: m.key,
      },
    );
  }
  return m;
}

function batchLimit(entity: string, limit: number, length: number): void {
  if (length > limit) {
    throw invalidParameter(
      `A batch logging request can contain at most ${limit} ${entity}. Got ${length} ${entity}. ` +
        `Please split up ${entity} across multiple requests and try again.`,
      { limit, length },
    );
  }
}

/** The limits of ONE log-batch request (a client splits bigger batches before sending). */
export function validateBatchLimits(batch: Batch): void {
  const m = batch.metrics?.length ?? 0;
  const p = batch.params?.length ?? 0;
  const t = batch.tags?.length ?? 0;
  batchLimit("metrics", Limits.METRICS_PER_BATCH, m);
  batchLimit("params", Limits.PARAMS_TAGS_PER_BATCH, p);
  batchLimit("tags", Limits.PARAMS_TAGS_PER_BATCH, t);
  batchLimit("metrics, params, and tags", Limits.ENTITIES_PER_BATCH, m + p + t);
}

/** Every entity of a batch, and no param key twice (MLflow rejects a batch that repeats one). */
export function validateBatchData(batch: Batch): void {
  batch.metrics?.forEach((m, i) => {
    validateMetric(m, `metrics[${i}].name`);
  });
  batch.params?.forEach((p, i) => {
    validateParam(p, `params[${i}].key`);
  });
  batch.tags?.forEach((t, i) => {
    validateTag(t, `tags[${i}].key`);
  });
  const seen = new Set<string>();
  const dupes: string[] = [];
  for (const p of batch.params ?? []) {
    if (seen.has(p.key)) dupes.push(p.key);
    seen.add(p.key);
  }
  if (dupes.length > 0) {
    throw invalidParameter(
      `Duplicate parameter keys have been submitted: [${dupes.map((d) => `'${d}'`).join(", ")}]. ` +
        "Please ensure the request contains only one param value per param key.",
      { keys: dupes },
    );
  }
}

export function validateRunId(runId: unknown): string {
  if (typeof runId !== "string" || !RUN_ID.test(runId)) {
    throw invalidParameter(
      `Invalid run ID: ${JSON.stringify(runId)}; expected letters, digits, _ or - (32 hex chars)`,
      {
        runId,
      },
    );
  }
  return runId;
}

export function validateExperimentId(id: unknown): string {
  if (typeof id !== "string" || !EXPERIMENT_ID.test(id)) {
    throw invalidParameter(
      `Invalid experiment ID: ${JSON.stringify(id)}; expected a string of digits like '0'`,
      { id },
    );
  }
  return id;
}

export function validateExperimentName(name: unknown): string {
  if (typeof name !== "string" || name === "") {
    throw invalidParameter(`Invalid experiment name: ${JSON.stringify(name)}; expected a non-empty string`, {
      name,
    });
  }
  if (name.length > Limits.EXPERIMENT_NAME_LENGTH) {
    throw invalidParameter(
      `Experiment name exceeds the maximum length of ${Limits.EXPERIMENT_NAME_LENGTH} characters`,
      {
        length: name.length,
      },
    );
  }
  return name;
}

export function validateDatasetInputs(inputs: readonly DatasetInput[]): void {
  for (const { dataset, tags } of inputs) {
    const check = (what: string, v: string | null, limit: number) => {
      if (v !== null && v.length > limit) {
        throw invalidParameter(
          `Dataset ${what} of '${dataset.name}' has ${v.length} characters; at most ${limit} allowed`,
          {
            dataset: dataset.name,
          },
        );
      }
    };
    if (typeof dataset.name !== "string" || dataset.name === "")
      throw invalidParameter("Dataset name must be a non-empty string");
    if (typeof dataset.digest !== "string" || dataset.digest === "")
      throw invalidParameter(`Dataset digest of '${dataset.name}' must be a non-empty string`);
    check("name", dataset.name, Limits.DATASET_NAME_SIZE);
    check("digest", dataset.digest, Limits.DATASET_DIGEST_SIZE);
    check("source", dataset.source, Limits.DATASET_SOURCE_SIZE);
    check("schema", dataset.schema, Limits.DATASET_SCHEMA_SIZE);
    check("profile", dataset.profile, Limits.DATASET_PROFILE_SIZE);
    for (const t of tags) {
      check(`tag key '${t.key}'`, t.key, Limits.INPUT_TAG_KEY_SIZE);
      check(`tag value of '${t.key}'`, t.value, Limits.INPUT_TAG_VALUE_SIZE);
    }
  }
}
