import { randomUUID } from "node:crypto";
import { promises as fs } from "node:fs";
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import type {
  Batch,
  DatasetInput,
  Experiment,
  Metric,
  Page,
  Run,
  RunInfo,
  RunStatus,
  RunTag,
} from "../../entities";
import { SystemTags, ViewType } from "../../entities";
import { doesNotExist, invalidParameter, mlflowError } from "../../errors";
import { randomRunName } from "../../run-name";
import { filterRuns, paginate, sortRuns } from "../../search/run-matcher";
import {
  validateBatchData,
  validateBatchLimits,
  validateDatasetInputs,
  validateExperimentName,
  validateKey,
  validateRunId,
} from "../../validation";
import type {
  CreateRunRequest,
  SearchExperimentsRequest,
  SearchRunsRequest,
  TrackingStore,
} from "../tracking-store";
import { writeDatasetInputs } from "./dataset-inputs";
import {
  appendKeyedFiles,
  exists,
  keyedPath,
  listSubdirs,
  readKeyedFile,
  writeKeyedFiles,
} from "./keyed-files";
import { localPathOfFileUri, newExperimentId } from "./local-paths";
import { experimentToMeta, runInfoToMeta } from "./meta.serde";
import { formatMetricLine, parseMetricFile } from "./metric-lines";
import {
  experimentIds,
  findExperiment,
  type RunLocation,
  readExperiment,
  readRun,
  readRunInfo,
  TRASH,
} from "./tree-reader";
import { writeYaml } from "./yaml-file";

const DEFAULT_EXPERIMENT_ID = "0";
const RUN_DIR = /^[0-9a-f]{32}$|^[A-Za-z0-9][\w-]{0,255}$/;
const NOT_RUN_DIRS = new Set(["tags", "datasets", "traces", "models", "outputs"]);
const MAX_SEARCH_RESULTS = 50000;

/**
 * MLflow's file store: the `mlruns` layout MLflow 3.6 writes and reads. meta.yaml files are
 * replaced atomically; metric lines of one batch are appended with one write per key.
 */
export class FileStore implements TrackingStore {
  readonly uri: string;
  readonly root: string;
  private rootReady = false;
  private readonly runLocations = new Map<string, RunLocation>();

  constructor(rootUriOrPath: string) {
    this.root = rootUriOrPath.startsWith("file:")
      ? localPathOfFileUri(rootUriOrPath)
      : path.resolve(rootUriOrPath);
    this.uri = pathToFileURL(this.root).href;
  }

  /** Creates the root with the Default experiment, as MLflow does when it opens a missing root. */
  private async ensureRoot(): Promise<void> {
    if (this.rootReady) return;
    this.rootReady = await this.createRootIfMissing();
  }

  private async createRootIfMissing(): Promise<boolean> {
    if (await exists(path.join(this.root, DEFAULT_EXPERIMENT_ID, "meta.yaml"))) return true;
    if ((await exists(this.root)) && (await experimentIds(this.root, false)).length > 0) return true;
    await fs.mkdir(path.join(this.root, TRASH), { recursive: true });
    const now = Date.now();
    await writeYaml(
      path.join(this.root, DEFAULT_EXPERIMENT_ID, "meta.yaml"),
      experimentToMeta({
        experimentId: DEFAULT_EXPERIMENT_ID,
        name: "Default",
        artifactLocation: `${this.uri}/${DEFAULT_EXPERIMENT_ID}`,
        lifecycleStage: "active",
        tags: {},
        creationTime: now,
        lastUpdateTime: now,
      }),
    );
    return true;
  }

  async createExperiment(
    name: string,
    artifactLocation?: string,
    tags: readonly RunTag[] = [],
  ): Promise<string> {
    validateExperimentName(name);
    for (const t of tags) validateKey("tag", t.key);
    await this.ensureRoot();
    const existing = await this.getExperimentByName(name);
    if (existing !== null) {
      const how =
        existing.lifecycleStage === "deleted"
          ? " in deleted state; restore it or remove it from .trash to reuse the name"
          : "";
      throw mlflowError("RESOURCE_ALREADY_EXISTS", `Experiment '${name}' already exists${how}.`, { name });
    }
    let id = "";
    do id = newExperimentId();
    while ((await exists(path.join(this.root, id))) || (await exists(path.join(this.root, TRASH, id))));
    const now = Date.now();
    const dir = path.join(this.root, id);
    await writeYaml(
      path.join(dir, "meta.yaml"),
      experimentToMeta({
        experimentId: id,
        name,
        artifactLocation: artifactLocation ?? `${this.uri}/${id}`,
        lifecycleStage: "active",
        tags: {},
        creationTime: now,
        lastUpdateTime: now,
      }),
    );
    if (tags.length > 0)
      await writeKeyedFiles(path.join(dir, "tags"), new Map(tags.map((t) => [t.key, t.value])));
    return id;
  }

  async getExperiment(experimentId: string): Promise<Experiment> {
    await this.ensureRoot();
    const found = await findExperiment(this.root, String(experimentId));
    if (found === null)
      throw doesNotExist(`Could not find experiment with ID ${experimentId}`, { experimentId });
    return found.exp;
  }

  async getExperimentByName(name: string): Promise<Experiment | null> {
    const all = await this.searchExperiments({ viewType: ViewType.ALL, maxResults: Number.MAX_SAFE_INTEGER });
    return all.items.find((e) => e.name === name) ?? null;
  }

  async searchExperiments(request: SearchExperimentsRequest = {}): Promise<Page<Experiment>> {
    await this.ensureRoot();
    const view = request.viewType ?? ViewType.ACTIVE_ONLY;
    const out: Experiment[] = [];
    for (const deleted of [false, true]) {
      if ((deleted && view === ViewType.ACTIVE_ONLY) || (!deleted && view === ViewType.DELETED_ONLY))
        continue;
      const base = deleted ? path.join(this.root, TRASH) : this.root;
      for (const id of await experimentIds(this.root, deleted)) {
        const exp = await readExperiment(path.join(base, id), id);
        if (exp !== null) out.push(exp);
      }
    }
    // MLflow's default order: creation_time DESC, then experiment_id ASC
    out.sort(
      (a, b) => (b.creationTime ?? 0) - (a.creationTime ?? 0) || (a.experimentId < b.experimentId ? -1 : 1),
    );
    return paginate(out, request.pageToken, request.maxResults ?? 1000);
  }

  async deleteExperiment(experimentId: string): Promise<void> {
    if (experimentId === DEFAULT_EXPERIMENT_ID)
      throw invalidParameter("Cannot delete the default experiment '0'.");
    const found = await findExperiment(this.root, experimentId);
    if (found === null || found.exp.lifecycleStage === "deleted") {
      throw doesNotExist(`Could not find an active experiment with ID ${experimentId}`, { experimentId });
    }
    const target = path.join(this.root, TRASH, experimentId);
    await fs.mkdir(path.dirname(target), { recursive: true });
    await fs.rename(found.dir, target);
    const exp = { ...found.exp, lifecycleStage: "deleted" as const, lastUpdateTime: Date.now() };
    await writeYaml(path.join(target, "meta.yaml"), experimentToMeta(exp, true));
  }

  private async locateRun(runId: string): Promise<RunLocation> {
    validateRunId(runId);
    // runs never move, except with their experiment into .trash: a cached folder is re-checked
    const cached = this.runLocations.get(runId);
    if (cached !== undefined && (await exists(path.join(cached.runDir, "meta.yaml")))) return cached;
    const found = await this.scanForRun(runId);
    this.runLocations.set(runId, found);
    return found;
  }

  private async scanForRun(runId: string): Promise<RunLocation> {
    await this.ensureRoot();
    for (const deleted of [false, true]) {
      const base = deleted ? path.join(this.root, TRASH) : this.root;
      for (const id of await experimentIds(this.root, deleted)) {
        const runDir = path.join(base, id, runId);
        if (await exists(path.join(runDir, "meta.yaml")))
          return { experimentDir: path.join(base, id), runDir };
      }
    }
    throw doesNotExist(`Run '${runId}' not found`, { runId });
  }

  private async activeRun(
    runId: string,
  ): Promise<{ loc: RunLocation; info: RunInfo; deletedTime: number | null }> {
    const loc = await this.locateRun(runId);
    const { info, deletedTime } = await readRunInfo(loc);
    if (info.lifecycleStage !== "active") {
      throw invalidParameter(
        `The run ${runId} must be in the 'active' state. Current state is ${info.lifecycleStage}.`,
        {
          runId,
        },
      );
    }
    return { loc, info, deletedTime };
  }

  async createRun(request: CreateRunRequest): Promise<Run> {
    const exp = await this.getExperiment(request.experimentId);
    if (exp.lifecycleStage !== "active") {
      throw invalidParameter(
        `Could not create run under non-active experiment with ID ${request.experimentId}.`,
        {
          experimentId: request.experimentId,
        },
      );
    }
    for (const t of request.tags) validateKey("tag", t.key);
    const nameTag = request.tags.find((t) => t.key === SystemTags.RUN_NAME)?.value;
    if (request.runName !== undefined && nameTag !== undefined && request.runName !== nameTag) {
      throw invalidParameter(
        `Both 'run_name' argument and 'mlflow.runName' tag are specified, but with different values (run_name='${request.runName}', mlflow.runName='${nameTag}').`,
      );
    }
    const runName = request.runName ?? nameTag ?? randomRunName();
    const runId = randomUUID().replace(/-/g, "");
    const expDir = path.join(this.root, exp.experimentId);
    const info: RunInfo = {
      runId,
      runName,
      experimentId: exp.experimentId,
      userId: request.userId,
      status: "RUNNING",
      startTime: request.startTime,
      endTime: null,
      artifactUri: `${exp.artifactLocation}/${runId}/artifacts`,
      lifecycleStage: "active",
    };
    await writeYaml(path.join(expDir, runId, "meta.yaml"), runInfoToMeta(info));
    const tags = new Map(request.tags.map((t) => [t.key, t.value]));
    tags.set(SystemTags.RUN_NAME, runName);
    await writeKeyedFiles(path.join(expDir, runId, "tags"), tags);
    return this.getRun(runId);
  }

  async getRun(runId: string): Promise<Run> {
    return readRun(await this.locateRun(runId));
  }

  async updateRunInfo(
    runId: string,
    status: RunStatus,
    endTime: number | null,
    runName?: string,
  ): Promise<RunInfo> {
    const { loc, info, deletedTime } = await this.activeRun(runId);
    const updated: RunInfo = { ...info, status, endTime, runName: runName ?? info.runName };
    await writeYaml(path.join(loc.runDir, "meta.yaml"), runInfoToMeta(updated, deletedTime));
    if (runName !== undefined)
      await writeKeyedFiles(path.join(loc.runDir, "tags"), new Map([[SystemTags.RUN_NAME, runName]]));
    return updated;
  }

  async deleteRun(runId: string): Promise<void> {
    const loc = await this.locateRun(runId);
    const { info } = await readRunInfo(loc);
    await writeYaml(
      path.join(loc.runDir, "meta.yaml"),
      runInfoToMeta({ ...info, lifecycleStage: "deleted" }, Date.now()),
    );
  }

  async restoreRun(runId: string): Promise<void> {
    const loc = await this.locateRun(runId);
    const { info } = await readRunInfo(loc);
    await writeYaml(path.join(loc.runDir, "meta.yaml"), runInfoToMeta({ ...info, lifecycleStage: "active" }));
  }

  async logBatch(runId: string, batch: Batch): Promise<void> {
    validateBatchLimits(batch);
    validateBatchData(batch);
    const { loc, info, deletedTime } = await this.activeRun(runId);
    const paramsDir = path.join(loc.runDir, "params");
    const newParams = new Map<string, string>();
    // every param is checked before anything is written: a rejected batch leaves no trace
    for (const p of batch.params ?? []) {
      const old = await readKeyedFile(paramsDir, p.key);
      if (old === null) newParams.set(p.key, p.value);
      else if (old !== p.value) {
        throw invalidParameter(
          `Changing param values is not allowed. Param with key='${p.key}' was already logged with value='${old}' ` +
            `for run ID='${runId}'. Attempted logging new value '${p.value}'.`,
          { runId, key: p.key },
        );
      }
    }
    const lines = new Map<string, string>();
    for (const m of batch.metrics ?? []) lines.set(m.key, (lines.get(m.key) ?? "") + formatMetricLine(m));
    const tags = new Map((batch.tags ?? []).map((t) => [t.key, t.value]));
    await Promise.all([
      writeKeyedFiles(paramsDir, newParams),
      writeKeyedFiles(path.join(loc.runDir, "tags"), tags),
      appendKeyedFiles(path.join(loc.runDir, "metrics"), lines),
    ]);
    const newName = tags.get(SystemTags.RUN_NAME);
    if (newName !== undefined && newName !== info.runName) {
      await writeYaml(
        path.join(loc.runDir, "meta.yaml"),
        runInfoToMeta({ ...info, runName: newName }, deletedTime),
      );
    }
  }

  async logInputs(runId: string, datasets: readonly DatasetInput[]): Promise<void> {
    validateDatasetInputs(datasets);
    const { loc } = await this.activeRun(runId);
    await writeDatasetInputs(loc.experimentDir, loc.runDir, runId, datasets);
  }

  async deleteTag(runId: string, key: string): Promise<void> {
    validateKey("tag", key);
    const { loc } = await this.activeRun(runId);
    const file = keyedPath(path.join(loc.runDir, "tags"), key);
    if (!(await exists(file)))
      throw doesNotExist(`No tag with name: ${key} in run with id ${runId}`, { runId, key });
    await fs.rm(file);
  }

  async getMetricHistory(runId: string, key: string): Promise<Metric[]> {
    const loc = await this.locateRun(runId);
    const text = await readKeyedFile(path.join(loc.runDir, "metrics"), key);
    return text === null ? [] : parseMetricFile(key, text);
  }

  async searchRuns(request: SearchRunsRequest): Promise<Page<Run>> {
    const maxResults = request.maxResults ?? 1000;
    if (!Number.isSafeInteger(maxResults) || maxResults < 1 || maxResults > MAX_SEARCH_RESULTS) {
      throw invalidParameter(
        `Invalid value for max_results: it must be between 1 and ${MAX_SEARCH_RESULTS}, got ${maxResults}`,
      );
    }
    const view = request.runViewType ?? ViewType.ACTIVE_ONLY;
    const runs: Run[] = [];
    for (const experimentId of request.experimentIds) {
      const found = await findExperiment(this.root, String(experimentId));
      if (found === null) continue;
      for (const name of await listSubdirs(found.dir)) {
        if (
          NOT_RUN_DIRS.has(name) ||
          !RUN_DIR.test(name) ||
          !(await exists(path.join(found.dir, name, "meta.yaml")))
        )
          continue;
        const run = await readRun({ experimentDir: found.dir, runDir: path.join(found.dir, name) });
        const deleted = run.info.lifecycleStage === "deleted";
        if (view === ViewType.ALL || (view === ViewType.ACTIVE_ONLY) !== deleted) runs.push(run);
      }
    }
    const sorted = sortRuns(filterRuns(runs, request.filterString), request.orderBy ?? []);
    return paginate(sorted, request.pageToken, maxResults);
  }

  async resolveArtifactUri(run: RunInfo): Promise<string> {
    if (!run.artifactUri.startsWith("file:")) return run.artifactUri;
    if (await exists(localPathOfFileUri(run.artifactUri))) return run.artifactUri;
    const loc = await this.locateRun(run.runId).catch(() => null);
    if (loc !== null && (await exists(path.join(loc.runDir, "artifacts"))))
      return pathToFileURL(path.join(loc.runDir, "artifacts")).href;
    return run.artifactUri;
  }
}
