/**
 * MLflow's tracking entities as plain readonly data, named as in MLflow's REST API
 * (mlflow/protos/service.proto). Ids are strings: file-store experiment ids are 18–19 digit
 * integers that must never pass through a JS number.
 */

export type RunStatus = "RUNNING" | "SCHEDULED" | "FINISHED" | "FAILED" | "KILLED";
export const RUN_STATUSES: readonly RunStatus[] = ["RUNNING", "SCHEDULED", "FINISHED", "FAILED", "KILLED"];

export type LifecycleStage = "active" | "deleted";

/** MLflow's ViewType: ACTIVE_ONLY = 1, DELETED_ONLY = 2, ALL = 3. */
export const ViewType = { ACTIVE_ONLY: 1, DELETED_ONLY: 2, ALL: 3 } as const;
export type ViewType = (typeof ViewType)[keyof typeof ViewType];

export interface Experiment {
  readonly experimentId: string;
  readonly name: string;
  readonly artifactLocation: string;
  readonly lifecycleStage: LifecycleStage;
  readonly tags: Readonly<Record<string, string>>;
  readonly creationTime: number | null;
  readonly lastUpdateTime: number | null;
}

export interface RunInfo {
  readonly runId: string;
  readonly runName: string;
  readonly experimentId: string;
  readonly userId: string;
  readonly status: RunStatus;
  readonly startTime: number | null;
  readonly endTime: number | null;
  readonly artifactUri: string;
  readonly lifecycleStage: LifecycleStage;
}

export interface Metric {
  readonly key: string;
  /** NaN and ±Infinity are kept as such (the file store writes nan / inf / -inf). */
  readonly value: number;
  readonly timestamp: number;
  readonly step: number;
}

export interface Param {
  readonly key: string;
  readonly value: string;
}

export interface RunTag {
  readonly key: string;
  readonly value: string;
}

export interface Dataset {
  readonly name: string;
  readonly digest: string;
  readonly sourceType: string;
  /** JSON text describing where the data came from. */
  readonly source: string;
  /** JSON text in MLflow's schema format (`{"mlflow_colspec": [...]}`), or null. */
  readonly schema: string | null;
  /** JSON text, or null. */
  readonly profile: string | null;
}

export interface DatasetInput {
  readonly dataset: Dataset;
  readonly tags: readonly RunTag[];
}

export interface RunData {
  readonly params: Readonly<Record<string, string>>;
  readonly tags: Readonly<Record<string, string>>;
  /** Latest value per key: the point with the largest (step, timestamp, value). */
  readonly metrics: Readonly<Record<string, number>>;
  readonly latestMetrics: readonly Metric[];
}

export interface Run {
  readonly info: RunInfo;
  readonly data: RunData;
  readonly inputs: { readonly datasetInputs: readonly DatasetInput[] };
}

export interface FileInfo {
  /** Relative to the run's artifact root, `/`-separated. */
  readonly path: string;
  readonly isDir: boolean;
  readonly fileSize: number | null;
}

export interface Page<T> {
  readonly items: readonly T[];
  readonly nextPageToken: string | null;
}

/** Everything one write carries: the single write primitive of every store. */
export interface Batch {
  readonly metrics?: readonly Metric[];
  readonly params?: readonly Param[];
  readonly tags?: readonly RunTag[];
}

/** MLflow's system tag keys. */
export const SystemTags = {
  RUN_NAME: "mlflow.runName",
  USER: "mlflow.user",
  SOURCE_NAME: "mlflow.source.name",
  SOURCE_TYPE: "mlflow.source.type",
  PARENT_RUN_ID: "mlflow.parentRunId",
  NOTE: "mlflow.note.content",
  DATASET_CONTEXT: "mlflow.data.context",
} as const;
