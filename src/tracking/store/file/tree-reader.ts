import * as path from "node:path";
import type { Experiment, Metric, Run, RunInfo } from "../../entities";
import { SystemTags } from "../../entities";
import { doesNotExist } from "../../errors";
import { validateExperimentId } from "../../validation";
import { readDatasetInputs } from "./dataset-inputs";
import { exists, listSubdirs, readKeyedFile, readKeyedFiles } from "./keyed-files";
import { experimentFromMeta, runInfoFromMeta } from "./meta.serde";
import { latestMetric, parseMetricFile } from "./metric-lines";
import { readYaml, yamlTime } from "./yaml-file";

/** Deleted experiments are moved into this folder of the root. */
export const TRASH = ".trash";

export interface RunLocation {
  readonly experimentDir: string;
  readonly runDir: string;
}

/** Experiment folders (those holding a meta.yaml) of the root, or of its .trash. */
export async function experimentIds(root: string, deleted: boolean): Promise<string[]> {
  const dir = deleted ? path.join(root, TRASH) : root;
  const names = (await listSubdirs(dir)).filter((n) => n !== TRASH && n !== "models" && !n.startsWith("."));
  const withMeta = await Promise.all(
    names.map(async (n) => ((await exists(path.join(dir, n, "meta.yaml"))) ? n : null)),
  );
  return withMeta.filter((n): n is string => n !== null);
}

/** An experiment folder; null when its meta.yaml is missing or names another id (MLflow skips those). */
export async function readExperiment(dir: string, expectedId: string): Promise<Experiment | null> {
  const meta = await readYaml(path.join(dir, "meta.yaml"));
  if (meta === null) return null;
  const tags = Object.fromEntries(await readKeyedFiles(path.join(dir, "tags")));
  const exp = experimentFromMeta(meta, tags);
  return exp.experimentId === expectedId ? exp : null;
}

export async function findExperiment(
  root: string,
  experimentId: string,
): Promise<{ exp: Experiment; dir: string } | null> {
  validateExperimentId(experimentId); // an id is a folder name: never `..` or a path
  for (const base of [root, path.join(root, TRASH)]) {
    const dir = path.join(base, experimentId);
    const exp = await readExperiment(dir, experimentId);
    if (exp !== null) return { exp, dir };
  }
  return null;
}

export async function readRunInfo(loc: RunLocation): Promise<{ info: RunInfo; deletedTime: number | null }> {
  const meta = await readYaml(path.join(loc.runDir, "meta.yaml"));
  if (meta === null) throw doesNotExist(`Run '${path.basename(loc.runDir)}' not found`);
  // older trees keep the name only in the mlflow.runName tag
  const hasName = typeof meta.run_name === "string" && meta.run_name !== "";
  const nameTag = hasName
    ? undefined
    : ((await readKeyedFile(path.join(loc.runDir, "tags"), SystemTags.RUN_NAME)) ?? undefined);
  return { info: runInfoFromMeta(meta, nameTag), deletedTime: yamlTime(meta.deleted_time) };
}

/** A run folder: meta.yaml, params/, tags/, the latest value of each metrics/ file, inputs/. */
export async function readRun(loc: RunLocation): Promise<Run> {
  const [{ info }, params, tags, metricFiles, datasetInputs] = await Promise.all([
    readRunInfo(loc),
    readKeyedFiles(path.join(loc.runDir, "params")),
    readKeyedFiles(path.join(loc.runDir, "tags")),
    readKeyedFiles(path.join(loc.runDir, "metrics")),
    readDatasetInputs(loc.experimentDir, loc.runDir),
  ]);
  const latestMetrics: Metric[] = [];
  for (const [key, text] of metricFiles) {
    const latest = latestMetric(parseMetricFile(key, text));
    if (latest !== undefined) latestMetrics.push(latest);
  }
  latestMetrics.sort((a, b) => (a.key < b.key ? -1 : 1));
  return {
    info,
    data: {
      params: Object.fromEntries([...params].sort()),
      tags: Object.fromEntries([...tags].sort()),
      metrics: Object.fromEntries(latestMetrics.map((m) => [m.key, m.value])),
      latestMetrics,
    },
    inputs: { datasetInputs },
  };
}
