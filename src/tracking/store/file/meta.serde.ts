import type { Dataset, Experiment, LifecycleStage, RunInfo, RunStatus } from "../../entities";
import { RUN_STATUSES } from "../../entities";
import { yamlId, yamlTime } from "./yaml-file";

/** RunStatus as the file store's integer enum: RUNNING=1 … KILLED=5. */
export function statusToInt(status: RunStatus): number {
  return RUN_STATUSES.indexOf(status) + 1;
}

export function statusFromInt(v: unknown): RunStatus {
  const n = Number(v);
  const s = RUN_STATUSES[n - 1];
  if (s === undefined) throw new RangeError(`run status ${String(v)} is not one of 1..5`);
  return s;
}

function stage(v: unknown): LifecycleStage {
  return v === "deleted" ? "deleted" : "active";
}

export function experimentFromMeta(meta: Record<string, unknown>, tags: Record<string, string>): Experiment {
  return {
    experimentId: yamlId(meta.experiment_id),
    name: String(meta.name ?? ""),
    artifactLocation: String(meta.artifact_location ?? ""),
    lifecycleStage: stage(meta.lifecycle_stage),
    tags,
    creationTime: yamlTime(meta.creation_time),
    lastUpdateTime: yamlTime(meta.last_update_time),
  };
}

export function experimentToMeta(e: Experiment, withTags = false): Record<string, unknown> {
  return {
    artifact_location: e.artifactLocation,
    creation_time: e.creationTime,
    experiment_id: e.experimentId,
    last_update_time: e.lastUpdateTime,
    lifecycle_stage: e.lifecycleStage,
    name: e.name,
    // delete rewrites the yaml from the entity, which then also carries an (empty) tags map
    ...(withTags ? { tags: {} } : {}),
  };
}

export function runInfoFromMeta(meta: Record<string, unknown>, runNameTag: string | undefined): RunInfo {
  return {
    runId: String(meta.run_id ?? meta.run_uuid ?? ""),
    runName: typeof meta.run_name === "string" && meta.run_name !== "" ? meta.run_name : (runNameTag ?? ""),
    experimentId: yamlId(meta.experiment_id),
    userId: String(meta.user_id ?? ""),
    status: statusFromInt(meta.status),
    startTime: yamlTime(meta.start_time),
    endTime: yamlTime(meta.end_time),
    artifactUri: String(meta.artifact_uri ?? ""),
    lifecycleStage: stage(meta.lifecycle_stage),
  };
}

/** The persisted run dict, legacy fields included, exactly the keys MLflow 3.6 writes. */
export function runInfoToMeta(info: RunInfo, deletedTime?: number | null): Record<string, unknown> {
  return {
    artifact_uri: info.artifactUri,
    end_time: info.endTime,
    entry_point_name: "",
    experiment_id: info.experimentId,
    lifecycle_stage: info.lifecycleStage,
    run_id: info.runId,
    run_name: info.runName,
    source_name: "",
    source_type: 4,
    source_version: "",
    start_time: info.startTime,
    status: statusToInt(info.status),
    tags: [],
    user_id: info.userId,
    ...(deletedTime !== undefined && deletedTime !== null ? { deleted_time: deletedTime } : {}),
  };
}

export function datasetToMeta(d: Dataset): Record<string, unknown> {
  return {
    digest: d.digest,
    name: d.name,
    profile: d.profile,
    schema: d.schema,
    source: d.source,
    source_type: d.sourceType,
  };
}

export function datasetFromMeta(meta: Record<string, unknown>): Dataset {
  const opt = (v: unknown) => (v === null || v === undefined ? null : String(v));
  return {
    name: String(meta.name ?? ""),
    digest: String(meta.digest ?? ""),
    sourceType: String(meta.source_type ?? ""),
    source: String(meta.source ?? ""),
    schema: opt(meta.schema),
    profile: opt(meta.profile),
  };
}
