import { isLakelabError } from "../../../errors";
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
import { ViewType } from "../../entities";
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
import { type HttpClientOptions, MlflowHttpClient } from "./http-client";
import {
  datasetInputToJson,
  experimentFromJson,
  metricFromJson,
  metricToJson,
  runFromJson,
  runInfoFromJson,
  tagsToJson,
} from "./rest.serde";

type Json = Record<string, unknown>;

const API = "/api/2.0/mlflow";
/** The page size the Python client asks get-history for; without max_results MLflow 3.4–3.6 returns nothing. */
const HISTORY_PAGE = 25000;
const VIEW_TYPE_NAMES: Readonly<Record<ViewType, string>> = { 1: "ACTIVE_ONLY", 2: "DELETED_ONLY", 3: "ALL" };

export interface RestStoreOptions extends HttpClientOptions {
  /** max_results of each metrics/get-history page (default 25000, as the Python client). */
  readonly historyPageSize?: number;
}

/** MLflow's REST API 2.0 against any tracking server (`http(s)://…`). */
export class RestStore implements TrackingStore {
  readonly uri: string;
  readonly http: MlflowHttpClient;
  readonly #historyPageSize: number;

  constructor(uri: string, options: RestStoreOptions = {}) {
    this.http = new MlflowHttpClient(uri, options);
    this.uri = this.http.baseUri;
    this.#historyPageSize = options.historyPageSize ?? HISTORY_PAGE;
  }

  private get<T = Json>(endpoint: string, query: Record<string, string | number | undefined>): Promise<T> {
    return this.http.request<T>({ method: "GET", path: `${API}/${endpoint}`, query });
  }

  private post<T = Json>(endpoint: string, json: Json): Promise<T> {
    return this.http.request<T>({ method: "POST", path: `${API}/${endpoint}`, json });
  }

  async createExperiment(
    name: string,
    artifactLocation?: string,
    tags: readonly RunTag[] = [],
  ): Promise<string> {
    validateExperimentName(name);
    for (const t of tags) validateKey("tag", t.key);
    const body: Json = {
      name,
      ...(artifactLocation !== undefined ? { artifact_location: artifactLocation } : {}),
    };
    if (tags.length > 0) body.tags = tagsToJson(tags);
    const res = await this.post<{ experiment_id: string }>("experiments/create", body);
    return String(res.experiment_id);
  }

  async getExperiment(experimentId: string): Promise<Experiment> {
    const res = await this.get<{ experiment: Json }>("experiments/get", { experiment_id: experimentId });
    return experimentFromJson(res.experiment);
  }

  async getExperimentByName(name: string): Promise<Experiment | null> {
    try {
      const res = await this.get<{ experiment: Json }>("experiments/get-by-name", { experiment_name: name });
      return experimentFromJson(res.experiment);
    } catch (err) {
      if (isLakelabError(err, "RESOURCE_DOES_NOT_EXIST")) return null;
      throw err;
    }
  }

  async searchExperiments(request: SearchExperimentsRequest = {}): Promise<Page<Experiment>> {
    const res = await this.post<{ experiments?: Json[]; next_page_token?: string }>("experiments/search", {
      max_results: request.maxResults ?? 1000,
      view_type: VIEW_TYPE_NAMES[request.viewType ?? ViewType.ACTIVE_ONLY],
      ...(request.pageToken ? { page_token: request.pageToken } : {}),
    });
    return {
      items: (res.experiments ?? []).map(experimentFromJson),
      nextPageToken: res.next_page_token ?? null,
    };
  }

  async deleteExperiment(experimentId: string): Promise<void> {
    await this.post("experiments/delete", { experiment_id: experimentId });
  }

  async createRun(request: CreateRunRequest): Promise<Run> {
    for (const t of request.tags) validateKey("tag", t.key);
    const body: Json = {
      experiment_id: request.experimentId,
      user_id: request.userId,
      start_time: request.startTime,
    };
    if (request.runName !== undefined) body.run_name = request.runName;
    if (request.tags.length > 0) body.tags = tagsToJson(request.tags);
    const res = await this.post<{ run: Json }>("runs/create", body);
    return runFromJson(res.run);
  }

  async getRun(runId: string): Promise<Run> {
    validateRunId(runId);
    const res = await this.get<{ run: Json }>("runs/get", { run_id: runId });
    return runFromJson(res.run);
  }

  async updateRunInfo(
    runId: string,
    status: RunStatus,
    endTime: number | null,
    runName?: string,
  ): Promise<RunInfo> {
    const body: Json = { run_id: runId, status };
    if (endTime !== null) body.end_time = endTime;
    if (runName !== undefined) body.run_name = runName;
    const res = await this.post<{ run_info: Json }>("runs/update", body);
    return runInfoFromJson(res.run_info);
  }

  async deleteRun(runId: string): Promise<void> {
    await this.post("runs/delete", { run_id: runId });
  }

  async restoreRun(runId: string): Promise<void> {
    await this.post("runs/restore", { run_id: runId });
  }

  async logBatch(runId: string, batch: Batch): Promise<void> {
    validateBatchLimits(batch);
    validateBatchData(batch);
    const body: Json = { run_id: runId };
    if (batch.metrics?.length) body.metrics = batch.metrics.map(metricToJson);
    if (batch.params?.length) body.params = batch.params.map((p) => ({ key: p.key, value: p.value }));
    if (batch.tags?.length) body.tags = tagsToJson(batch.tags);
    await this.post("runs/log-batch", body);
  }

  async logInputs(runId: string, datasets: readonly DatasetInput[]): Promise<void> {
    validateDatasetInputs(datasets);
    await this.post("runs/log-inputs", { run_id: runId, datasets: datasets.map(datasetInputToJson) });
  }

  async deleteTag(runId: string, key: string): Promise<void> {
    await this.post("runs/delete-tag", { run_id: runId, key });
  }

  async getMetricHistory(runId: string, key: string): Promise<Metric[]> {
    const out: Metric[] = [];
    let token: string | undefined;
    const seen = new Set<string>();
    for (;;) {
      const res = await this.get<{ metrics?: Json[]; next_page_token?: string }>("metrics/get-history", {
        run_id: runId,
        metric_key: key,
        max_results: this.#historyPageSize,
        ...(token !== undefined ? { page_token: token } : {}),
      });
      const page = (res.metrics ?? []).map(metricFromJson);
      out.push(...page);
      token = res.next_page_token;
      // a token that does not advance (mlflow#23916) or an empty page ends the walk
      if (token === undefined || token === "" || page.length === 0 || seen.has(token)) break;
      seen.add(token);
    }
    return out;
  }

  async searchRuns(request: SearchRunsRequest): Promise<Page<Run>> {
    const body: Json = {
      experiment_ids: request.experimentIds,
      run_view_type: VIEW_TYPE_NAMES[request.runViewType ?? ViewType.ACTIVE_ONLY],
      max_results: request.maxResults ?? 1000,
    };
    if (request.filterString) body.filter = request.filterString;
    if (request.orderBy?.length) body.order_by = request.orderBy;
    if (request.pageToken) body.page_token = request.pageToken;
    const res = await this.post<{ runs?: Json[]; next_page_token?: string }>("runs/search", body);
    return { items: (res.runs ?? []).map(runFromJson), nextPageToken: res.next_page_token ?? null };
  }
}
