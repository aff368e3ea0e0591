import { promises as fs } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { stringify as toYamlText } from "yaml";
import { LakelabError } from "../errors";
import type { ArtifactRepository } from "./artifacts/artifact-repository";
import { LocalArtifactRepository } from "./artifacts/local-artifact-repository";
import { MlflowArtifactsRepository } from "./artifacts/mlflow-artifacts-repository";
import { chunkBatch } from "./batch-chunks";
import type {
  Batch,
  DatasetInput,
  Experiment,
  FileInfo,
  Metric,
  Page,
  Run,
  RunInfo,
  RunStatus,
  RunTag,
} from "./entities";
import { ViewType } from "./entities";
import { pythonStr } from "./python-format";
import { type HttpClientOptions, maskedUri } from "./store/rest/http-client";
import { RestStore } from "./store/rest/rest-store";
import { storeForUri } from "./store/store-for-uri";
import type { SearchRunsRequest, TrackingStore } from "./store/tracking-store";
import { getTrackingUri, normalizeTrackingUri } from "./tracking-uri";
import { validateBatchData, validateRunId } from "./validation";

export interface MlflowClientOptions {
  /** HTTP settings of the REST store (retry policy, credentials, an injected sleep). */
  readonly http?: HttpClientOptions;
  /** Use this store instead of the one the URI names. */
  readonly store?: TrackingStore;
}

/**
 * MLflow's client: every call names its run. Picks the store from the tracking URI
 * (`file:` → file store, `http(s):` → REST) and the artifact repository from the run's artifact URI.
 *
 * @example const client = new MlflowClient("http://127.0.0.1:5000"); await client.getRun(runId);
 */
export class MlflowClient {
  readonly store: TrackingStore;
  /** The URI as given: a `user:password@` in it is a secret, so it is never shown. */
  readonly #uri: string;

  constructor(trackingUri?: string, options: MlflowClientOptions = {}) {
    this.#uri = options.store?.uri ?? normalizeTrackingUri(trackingUri ?? getTrackingUri());
    this.store = options.store ?? storeForUri(this.#uri, options.http);
  }

  /** The tracking URI, its password masked (`http://analyst:***@host:5000`). */
  get trackingUri(): string {
    return maskedUri(this.#uri);
  }

  /** True when this client was made for `uri` (compared unmasked). */
  isFor(uri: string): boolean {
    return this.#uri === normalizeTrackingUri(uri);
  }

  async createExperiment(
    name: string,
    options: { artifactLocation?: string; tags?: Record<string, unknown> } = {},
  ): Promise<string> {
    return this.store.createExperiment(name, options.artifactLocation, tagList(options.tags));
  }

  async getExperiment(experimentId: string): Promise<Experiment> {
    return this.store.getExperiment(experimentId);
  }

  async getExperimentByName(name: string): Promise<Experiment | null> {
    return this.store.getExperimentByName(name);
  }

  async searchExperiments(
    options: { viewType?: ViewType; maxResults?: number; pageToken?: string } = {},
  ): Promise<Page<Experiment>> {
    return this.store.searchExperiments(options);
  }

  async deleteExperiment(experimentId: string): Promise<void> {
    return this.store.deleteExperiment(experimentId);
  }

  /** Creates a RUNNING run; `mlflow.user` among the tags becomes its user_id. */
  async createRun(
    experimentId: string,
    options: { startTime?: number; tags?: Record<string, unknown>; runName?: string } = {},
  ): Promise<Run> {
    const tags = tagList(options.tags);
    return this.store.createRun({
      experimentId,
      userId: tags.find((t) => t.key === "mlflow.user")?.value ?? "",
      startTime: options.startTime ?? Date.now(),
      tags,
      ...(options.runName !== undefined ? { runName: options.runName } : {}),
    });
  }

  async getRun(runId: string): Promise<Run> {
    return this.store.getRun(validateRunId(runId));
  }

  /** Ends a run: FINISHED unless told otherwise, end time now. */
  async setTerminated(
    runId: string,
    status: RunStatus = "FINISHED",
    endTime: number = Date.now(),
  ): Promise<RunInfo> {
    return this.store.updateRunInfo(validateRunId(runId), status, endTime);
  }

  async updateRun(runId: string, options: { status?: RunStatus; name?: string }): Promise<RunInfo> {
    const current = (await this.getRun(runId)).info;
    return this.store.updateRunInfo(runId, options.status ?? current.status, current.endTime, options.name);
  }

  async deleteRun(runId: string): Promise<void> {
    return this.store.deleteRun(validateRunId(runId));
  }

  async restoreRun(runId: string): Promise<void> {
    return this.store.restoreRun(validateRunId(runId));
  }

  /** Logs a param (stored as Python's str(value)); returns the stored string. */
  async logParam(runId: string, key: string, value: unknown): Promise<string> {
    const v = pythonStr(value);
    await this.logBatch(runId, { params: [{ key, value: v }] });
    return v;
  }

  async logMetric(
    runId: string,
    key: string,
    value: number,
    options: { step?: number; timestamp?: number } = {},
  ): Promise<void> {
    await this.logBatch(runId, {
      metrics: [{ key, value, step: options.step ?? 0, timestamp: options.timestamp ?? Date.now() }],
    });
  }

  async setTag(runId: string, key: string, value: unknown): Promise<void> {
    await this.logBatch(runId, { tags: [{ key, value: pythonStr(value) }] });
  }

  async deleteTag(runId: string, key: string): Promise<void> {
    return this.store.deleteTag(validateRunId(runId), key);
  }

  /**
   * Logs metrics, params and tags, split into requests within MLflow's limits. The whole
   * batch is validated before the first request, so a bad key writes nothing.
   */
  async logBatch(runId: string, batch: Batch): Promise<void> {
    validateRunId(runId);
    validateBatchData(batch);
    for (const chunk of chunkBatch(batch)) await this.store.logBatch(runId, chunk);
  }

  async logInputs(runId: string, datasets: readonly DatasetInput[]): Promise<void> {
    return this.store.logInputs(validateRunId(runId), datasets);
  }

  async getMetricHistory(runId: string, key: string): Promise<Metric[]> {
    return this.store.getMetricHistory(validateRunId(runId), key);
  }

  /** One page of runs; pass `nextPageToken` back as `pageToken` for the next. */
  async searchRuns(
    request: Omit<SearchRunsRequest, "experimentIds"> & { experimentIds: string | readonly string[] },
  ): Promise<Page<Run>> {
    const experimentIds =
      typeof request.experimentIds === "string" ? [request.experimentIds] : request.experimentIds;
    return this.store.searchRuns({ runViewType: ViewType.ACTIVE_ONLY, ...request, experimentIds });
  }

  /** The repository holding a run's artifacts, chosen by its artifact URI's scheme. */
  async artifactRepository(runId: string): Promise<ArtifactRepository> {
    const info = (await this.getRun(runId)).info;
    const uri = this.store.resolveArtifactUri ? await this.store.resolveArtifactUri(info) : info.artifactUri;
    if (uri.startsWith("file:")) return new LocalArtifactRepository(uri);
    if (uri.startsWith("mlflow-artifacts:") && this.store instanceof RestStore)
      return new MlflowArtifactsRepository(uri, this.store.http);
    throw new LakelabError(
      "NOT_SUPPORTED",
      `artifact location '${uri}' of run ${runId} is not supported; lakelab reads file:// locations and mlflow-artifacts:/ behind an http(s) tracking server`,
      { context: { runId, artifactUri: uri } },
    );
  }

  /** Copies a local file, or a folder's files, under the run's artifacts (into `artifactPath` when given). */
  async logArtifact(runId: string, localPath: string, artifactPath?: string): Promise<void> {
    const repo = await this.artifactRepository(runId);
    const stat = await fs.stat(localPath).catch(() => null);
    if (stat === null)
      throw new LakelabError("FILE_NOT_FOUND", `local file ${localPath} does not exist`, {
        context: { localPath },
      });
    const prefix =
      artifactPath === undefined || artifactPath === "" ? "" : `${artifactPath.replace(/\/+$/, "")}/`;
    if (stat.isFile()) {
      await repo.writeBytes(
        `${prefix}${path.basename(localPath)}`,
        new Uint8Array(await fs.readFile(localPath)),
      );
      return;
    }
    const walk = async (dir: string, rel: string): Promise<void> => {
      for (const e of await fs.readdir(dir, { withFileTypes: true })) {
        const r = rel === "" ? e.name : `${rel}/${e.name}`;
        if (e.isDirectory()) await walk(path.join(dir, e.name), r);
        else if (e.isFile())
          await repo.writeBytes(`${prefix}${r}`, new Uint8Array(await fs.readFile(path.join(dir, e.name))));
      }
    };
    await walk(localPath, "");
  }

  async logText(runId: string, text: string, artifactFile: string): Promise<void> {
    await (await this.artifactRepository(runId)).writeBytes(artifactFile, new TextEncoder().encode(text));
  }

  /** JSON (indent 2, as MLflow) or YAML when the file ends in .yaml / .yml. */
  async logDict(runId: string, dictionary: unknown, artifactFile: string): Promise<void> {
    const yamlFile = /\.ya?ml$/i.test(artifactFile);
    const text = yamlFile ? toYamlText(dictionary, { sortMapEntries: false }) : jsonIndent2(dictionary);
    await this.logText(runId, text, artifactFile);
  }

  async listArtifacts(runId: string, artifactPath = ""): Promise<FileInfo[]> {
    return (await this.artifactRepository(runId)).list(artifactPath);
  }

  async readArtifactBytes(runId: string, artifactPath: string): Promise<Uint8Array> {
    return (await this.artifactRepository(runId)).readBytes(artifactPath);
  }

  async readArtifactText(runId: string, artifactPath: string): Promise<string> {
    return new TextDecoder().decode(await this.readArtifactBytes(runId, artifactPath));
  }

  /** Downloads one artifact file to `dstDir` (default: a new folder under the OS temp dir); returns its local path. */
  async downloadArtifact(runId: string, artifactPath: string, dstDir?: string): Promise<string> {
    const dir = dstDir ?? (await fs.mkdtemp(path.join(os.tmpdir(), "lakelab-artifact-")));
    const target = path.join(dir, ...artifactPath.split("/"));
    await fs.mkdir(path.dirname(target), { recursive: true });
    await fs.writeFile(target, await this.readArtifactBytes(runId, artifactPath));
    return target;
  }
}

/** `{k: v}` → RunTag[] with Python's str(v). */
export function tagList(tags: Record<string, unknown> | undefined): RunTag[] {
  return Object.entries(tags ?? {}).map(([key, value]) => ({ key, value: pythonStr(value) }));
}

function jsonIndent2(value: unknown): string {
  // MLflow's log_dict writes json.dump(indent=2); bigints (64-bit ids) stay exact as numbers
  const marked = JSON.stringify(value, (_k, v) => (typeof v === "bigint" ? `\u0000big:${v}` : v), 2);
  return marked.replace(/"\\u0000big:(-?\d+)"/g, "$1");
}
