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
  ViewType,
} from "../entities";

export interface SearchRunsRequest {
  readonly experimentIds: readonly string[];
  readonly filterString?: string;
  readonly runViewType?: ViewType;
  readonly maxResults?: number;
  readonly orderBy?: readonly string[];
  readonly pageToken?: string | null;
}

export interface SearchExperimentsRequest {
  readonly viewType?: ViewType;
  readonly maxResults?: number;
  readonly pageToken?: string | null;
}

export interface CreateRunRequest {
  readonly experimentId: string;
  readonly userId: string;
  readonly startTime: number;
  readonly tags: readonly RunTag[];
  readonly runName?: string;
}

/**
 * What a tracking store does, after MLflow's AbstractStore. `logBatch` is the single write
 * primitive for metrics, params and tags. Every method checks its arguments before writing.
 */
export interface TrackingStore {
  /** `file:///…/mlruns` or `http(s)://host`: the URI this store was opened with. */
  readonly uri: string;
  createExperiment(name: string, artifactLocation?: string, tags?: readonly RunTag[]): Promise<string>;
  getExperiment(experimentId: string): Promise<Experiment>;
  /** null when no experiment has that name (a deleted one is returned, lifecycleStage "deleted"). */
  getExperimentByName(name: string): Promise<Experiment | null>;
  searchExperiments(request?: SearchExperimentsRequest): Promise<Page<Experiment>>;
  deleteExperiment(experimentId: string): Promise<void>;

  createRun(request: CreateRunRequest): Promise<Run>;
  getRun(runId: string): Promise<Run>;
  updateRunInfo(runId: string, status: RunStatus, endTime: number | null, runName?: string): Promise<RunInfo>;
  deleteRun(runId: string): Promise<void>;
  restoreRun(runId: string): Promise<void>;
  /** One batch within MLflow's limits (≤ 1,000 metrics, ≤ 100 params, ≤ 100 tags, ≤ 1,000 in all). */
  logBatch(runId: string, batch: Batch): Promise<void>;
  logInputs(runId: string, datasets: readonly DatasetInput[]): Promise<void>;
  deleteTag(runId: string, key: string): Promise<void>;
  getMetricHistory(runId: string, key: string): Promise<Metric[]>;
  searchRuns(request: SearchRunsRequest): Promise<Page<Run>>;
  /**
   * Where the run's artifacts really are. The file store answers the run's own `artifacts/`
   * folder when the stored absolute location is gone (a copied or moved mlruns tree).
   */
  resolveArtifactUri?(run: RunInfo): Promise<string>;
}
