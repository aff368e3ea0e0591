/**
 * MLflow's fluent API for notebooks: one active-run stack per process, like `import mlflow`.
 *
 * @example
 * import { mlflow } from "lakelab";
 * await mlflow.setExperiment("sparkml-experiment");
 * await mlflow.withRun(async () => {
 *   await mlflow.logParams({ maxIter: 8, regParam: 0.01 });
 *   await mlflow.setTags({ iceberg_snapshot_id: "5173553188971266738" });
 * });
 */
import * as os from "node:os";
import * as path from "node:path";
import { LakelabError } from "../errors";
import { MlflowClient, tagList } from "./client";
import type { Batch, DatasetInput, Experiment, FileInfo, Metric, Run, RunStatus } from "./entities";
import { SystemTags, ViewType } from "./entities";
import { invalidParameter } from "./errors";
import { pythonJsonDumps } from "./python-format";
import { RunTable } from "./run-table";
import { getTrackingUri, setTrackingUri as setUri } from "./tracking-uri";

export { ViewType } from "./entities";
export { type RunRecord, RunTable } from "./run-table";
export { getTrackingUri } from "./tracking-uri";

const DEFAULT_EXPERIMENT_ID = "0";
const activeRuns: Run[] = [];
let activeExperimentId: string | undefined;
let cachedClient: MlflowClient | undefined;

/** Like mlflow.set_tracking_uri; later calls use the store it names (`undefined` goes back to the environment). */
export function setTrackingUri(uri: string | undefined): void {
  setUri(uri);
  activeExperimentId = undefined;
}

/** The client behind the fluent calls (for the current tracking URI). */
export function client(): MlflowClient {
  const uri = getTrackingUri();
  if (cachedClient === undefined || !cachedClient.isFor(uri)) cachedClient = new MlflowClient(uri);
  return cachedClient;
}

/** Makes `name` the active experiment, creating it when missing (a deleted one is an error). */
export async function setExperiment(name: string): Promise<Experiment> {
  const c = client();
  let exp = await c.getExperimentByName(name);
  if (exp === null) exp = await c.getExperiment(await c.createExperiment(name));
  else if (exp.lifecycleStage === "deleted") {
    throw invalidParameter(
      `Cannot set a deleted experiment '${name}' as the active experiment; restore it or choose another name`,
      { name },
    );
  }
  activeExperimentId = exp.experimentId;
  return exp;
}

export async function getExperimentByName(name: string): Promise<Experiment | null> {
  return client().getExperimentByName(name);
}

export async function getExperiment(experimentId: string): Promise<Experiment> {
  return client().getExperiment(experimentId);
}

async function currentExperimentId(): Promise<string> {
  if (activeExperimentId !== undefined) return activeExperimentId;
  if (process.env.MLFLOW_EXPERIMENT_ID) return process.env.MLFLOW_EXPERIMENT_ID;
  if (process.env.MLFLOW_EXPERIMENT_NAME)
    return (await setExperiment(process.env.MLFLOW_EXPERIMENT_NAME)).experimentId;
  return DEFAULT_EXPERIMENT_ID;
}

export interface StartRunOptions {
  readonly runId?: string;
  readonly experimentId?: string;
  readonly runName?: string;
  readonly nested?: boolean;
  readonly tags?: Record<string, unknown>;
  readonly description?: string;
}

function contextTags(): Record<string, string> {
  let user = process.env.USER ?? "unknown";
  try {
    user = os.userInfo().username;
  } catch {
    // no passwd entry (some containers): keep $USER
  }
  const script = process.argv[1];
  return {
    [SystemTags.USER]: user,
    [SystemTags.SOURCE_NAME]: script === undefined ? "node" : path.basename(script),
    [SystemTags.SOURCE_TYPE]: "LOCAL",
  };
}

/** Starts (or resumes, with `runId`) a run and makes it active; nested runs need `nested: true`. */
export async function startRun(options: StartRunOptions = {}): Promise<Run> {
  const parent = activeRuns[activeRuns.length - 1];
  if (parent !== undefined && options.nested !== true) {
    throw new LakelabError(
      "INVALID_STATE",
      `Run with UUID ${parent.info.runId} is already active. End it with mlflow.endRun() first, or pass { nested: true } to start a nested run`,
      { context: { activeRunId: parent.info.runId } },
    );
  }
  const c = client();
  let run: Run;
  if (options.runId !== undefined) {
    run = await c.getRun(options.runId);
    if (run.info.lifecycleStage === "deleted") {
      throw invalidParameter(`Cannot start run with ID ${options.runId} because it is in the deleted state`, {
        runId: options.runId,
      });
    }
    await c.store.updateRunInfo(options.runId, "RUNNING", null);
    run = await c.getRun(options.runId);
  } else {
    const tags: Record<string, unknown> = { ...contextTags(), ...options.tags };
    if (parent !== undefined) tags[SystemTags.PARENT_RUN_ID] = parent.info.runId;
    if (options.description !== undefined) tags[SystemTags.NOTE] = options.description;
    const experimentId = options.experimentId ?? (await currentExperimentId());
    run = await c.createRun(experimentId, {
      tags,
      ...(options.runName !== undefined ? { runName: options.runName } : {}),
    });
  }
  activeRuns.push(run);
  return run;
}

/** The active run as the store has it now, or null. */
export async function activeRun(): Promise<Run | null> {
  const top = activeRuns[activeRuns.length - 1];
  return top === undefined ? null : client().getRun(top.info.runId);
}

/** Ends the active run (FINISHED unless told otherwise); does nothing when none is active. */
export async function endRun(status: RunStatus = "FINISHED"): Promise<void> {
  const top = activeRuns[activeRuns.length - 1];
  if (top === undefined) return;
  await client().setTerminated(top.info.runId, status);
  activeRuns.pop();
}

/**
 * Runs `fn` inside a run: FINISHED when it returns, FAILED (and the error rethrown) when it throws,
 * like Python's `with mlflow.start_run() as run:`.
 */
export async function withRun<T>(fn: (run: Run) => Promise<T> | T): Promise<T>;
export async function withRun<T>(options: StartRunOptions, fn: (run: Run) => Promise<T> | T): Promise<T>;
export async function withRun<T>(
  a: StartRunOptions | ((run: Run) => Promise<T> | T),
  b?: (run: Run) => Promise<T> | T,
): Promise<T> {
  const [options, fn] = typeof a === "function" ? [{}, a] : [a, b!];
  const run = await startRun(options);
  let result: T;
  try {
    result = await fn(run);
  } catch (err) {
    await endRunIfActive(run.info.runId, "FAILED");
    throw err;
  }
  await endRunIfActive(run.info.runId, "FINISHED");
  return result;
}

async function endRunIfActive(runId: string, status: RunStatus): Promise<void> {
  const top = activeRuns[activeRuns.length - 1];
  if (top?.info.runId === runId) await endRun(status);
}

function requireActiveRunId(): string {
  const top = activeRuns[activeRuns.length - 1];
  if (top === undefined) {
    throw new LakelabError(
      "INVALID_STATE",
      "no active run: call mlflow.startRun() or mlflow.withRun(fn) before logging",
    );
  }
  return top.info.runId;
}

export async function logParam(key: string, value: unknown): Promise<string> {
  return client().logParam(requireActiveRunId(), key, value);
}

/** All params in one log-batch request (≤ 100 per request). */
export async function logParams(params: Record<string, unknown>): Promise<void> {
  await client().logBatch(requireActiveRunId(), { params: tagList(params) });
}

export async function logMetric(
  key: string,
  value: number,
  options: { step?: number; timestamp?: number } = {},
): Promise<void> {
  await client().logMetric(requireActiveRunId(), key, value, options);
}

/** Several metrics at one step in one log-batch request. */
export async function logMetrics(
  metrics: Record<string, number>,
  options: { step?: number; timestamp?: number } = {},
): Promise<void> {
  const timestamp = options.timestamp ?? Date.now();
  const list: Metric[] = Object.entries(metrics).map(([key, value]) => ({
    key,
    value,
    timestamp,
    step: options.step ?? 0,
  }));
  await client().logBatch(requireActiveRunId(), { metrics: list });
}

export async function setTag(key: string, value: unknown): Promise<void> {
  await client().setTag(requireActiveRunId(), key, value);
}

export async function setTags(tags: Record<string, unknown>): Promise<void> {
  await client().logBatch(requireActiveRunId(), { tags: tagList(tags) });
}

export async function deleteTag(key: string): Promise<void> {
  await client().deleteTag(requireActiveRunId(), key);
}

/** Params, tags and metric points (a whole metric history) in as few log-batch requests as MLflow's limits allow. */
export async function logBatch(batch: {
  params?: Record<string, unknown>;
  tags?: Record<string, unknown>;
  metrics?: readonly { key: string; value: number; step?: number; timestamp?: number }[];
}): Promise<void> {
  const now = Date.now();
  const full: Batch = {
    params: tagList(batch.params),
    tags: tagList(batch.tags),
    metrics: (batch.metrics ?? []).map((m) => ({
      key: m.key,
      value: m.value,
      step: m.step ?? 0,
      timestamp: m.timestamp ?? now,
    })),
  };
  await client().logBatch(requireActiveRunId(), full);
}

/** A dataset as `mlflow.log_input` takes it; objects given for source/schema/profile are written as Python's json.dumps. */
export interface DatasetSpec {
  readonly name: string;
  readonly digest: string;
  readonly sourceType: string;
  readonly source: string | object;
  readonly schema?: string | object | null;
  readonly profile?: string | object | null;
}

function jsonText(v: string | object | null | undefined): string | null {
  if (v === null || v === undefined) return null;
  return typeof v === "string" ? v : pythonJsonDumps(v);
}

/** Records that the active run used `dataset`, with the context tag `mlflow.data.context`. */
export async function logInput(
  dataset: DatasetSpec,
  options: { context?: string; tags?: Record<string, unknown> } = {},
): Promise<void> {
  const tags = tagList(options.tags);
  if (options.context !== undefined) tags.push({ key: SystemTags.DATASET_CONTEXT, value: options.context });
  const input: DatasetInput = {
    dataset: {
      name: dataset.name,
      digest: dataset.digest,
      sourceType: dataset.sourceType,
      source: jsonText(dataset.source) ?? "",
      schema: jsonText(dataset.schema),
      profile: jsonText(dataset.profile),
    },
    tags,
  };
  await client().logInputs(requireActiveRunId(), [input]);
}

export async function logText(text: string, artifactFile: string): Promise<void> {
  await client().logText(requireActiveRunId(), text, artifactFile);
}

export async function logDict(dictionary: unknown, artifactFile: string): Promise<void> {
  await client().logDict(requireActiveRunId(), dictionary, artifactFile);
}

export async function logArtifact(localPath: string, artifactPath?: string): Promise<void> {
  await client().logArtifact(requireActiveRunId(), localPath, artifactPath);
}

export async function listArtifacts(options: { runId?: string; path?: string } = {}): Promise<FileInfo[]> {
  return client().listArtifacts(options.runId ?? requireActiveRunId(), options.path ?? "");
}

/** An artifact's text, from the active run or `runId` (e.g. a logged PipelineModel JSON). */
export async function readArtifactText(
  artifactPath: string,
  options: { runId?: string } = {},
): Promise<string> {
  return client().readArtifactText(options.runId ?? requireActiveRunId(), artifactPath);
}

export async function downloadArtifact(
  artifactPath: string,
  options: { runId?: string; dstDir?: string } = {},
): Promise<string> {
  return client().downloadArtifact(options.runId ?? requireActiveRunId(), artifactPath, options.dstDir);
}

export async function getRun(runId: string): Promise<Run> {
  return client().getRun(runId);
}

export interface SearchRunsOptions {
  /** One id or several; default: the active experiment. */
  readonly experimentIds?: string | readonly string[];
  readonly experimentNames?: readonly string[];
  readonly filterString?: string;
  readonly orderBy?: readonly string[];
  /** Default 100,000 as MLflow's search_runs. */
  readonly maxResults?: number;
  /** ACTIVE_ONLY = 1 (default), DELETED_ONLY = 2, ALL = 3. */
  readonly runViewType?: ViewType;
}

/** Runs as rows with MLflow's column names; `.toDataFrame()` gives a danfojs DataFrame. */
export async function searchRuns(options: SearchRunsOptions = {}): Promise<RunTable> {
  const c = client();
  let ids =
    typeof options.experimentIds === "string" ? [options.experimentIds] : [...(options.experimentIds ?? [])];
  for (const name of options.experimentNames ?? []) {
    const exp = await c.getExperimentByName(name);
    if (exp !== null) ids.push(exp.experimentId);
  }
  if (ids.length === 0 && options.experimentNames === undefined) ids = [await currentExperimentId()];
  if (ids.length === 0) return new RunTable([]);
  const maxResults = options.maxResults ?? 100000;
  const runs: Run[] = [];
  let pageToken: string | null = null;
  do {
    const page = await c.searchRuns({
      experimentIds: ids,
      runViewType: options.runViewType ?? ViewType.ACTIVE_ONLY,
      maxResults: Math.min(maxResults - runs.length, 10000),
      ...(options.filterString !== undefined ? { filterString: options.filterString } : {}),
      ...(options.orderBy !== undefined ? { orderBy: options.orderBy } : {}),
      pageToken,
    });
    runs.push(...page.items);
    pageToken = page.items.length === 0 ? null : page.nextPageToken;
  } while (pageToken !== null && runs.length < maxResults);
  return new RunTable(runs);
}

/** Test and kernel-restart helper: forgets active runs, experiment and cached client (writes nothing). */
export function resetFluentState(): void {
  activeRuns.length = 0;
  activeExperimentId = undefined;
  cachedClient = undefined;
}
