import { createHash } from "node:crypto";
import * as path from "node:path";
import type { DatasetInput, RunTag } from "../../entities";
import { exists, listSubdirs } from "./keyed-files";
import { datasetFromMeta, datasetToMeta } from "./meta.serde";
import { readYaml, writeYaml } from "./yaml-file";

function md5(...parts: string[]): string {
  const h = createHash("md5");
  for (const p of parts) h.update(p, "utf8");
  return h.digest("hex");
}

/** MLflow's folder-name rule: md5(name + digest) for the experiment-level dataset folder. */
export function datasetId(name: string, digest: string): string {
  return md5(name, digest);
}

/** md5(dataset_id + run_id) for the run-level input folder. */
export function inputId(dsId: string, runId: string): string {
  return md5(dsId, runId);
}

/** Writes `<exp>/datasets/<id>/meta.yaml` and `<run>/inputs/<id>/meta.yaml` unless they exist. */
export async function writeDatasetInputs(
  expDir: string,
  runDir: string,
  runId: string,
  inputs: readonly DatasetInput[],
) {
  for (const { dataset, tags } of inputs) {
    const dsId = datasetId(dataset.name, dataset.digest);
    const dsDir = path.join(expDir, "datasets", dsId);
    if (!(await exists(path.join(dsDir, "meta.yaml"))))
      await writeYaml(path.join(dsDir, "meta.yaml"), datasetToMeta(dataset));
    const inDir = path.join(runDir, "inputs", inputId(dsId, runId));
    if (await exists(path.join(inDir, "meta.yaml"))) continue;
    const tagMap: Record<string, string> = {};
    for (const t of tags) tagMap[t.key] = t.value;
    await writeYaml(path.join(inDir, "meta.yaml"), {
      // MLflow 3.6 writes the dataset id here, not the run id; kept so both trees are identical
      destination_id: dsId,
      destination_type: "RUN",
      source_id: dsId,
      source_type: "DATASET",
      tags: tagMap,
    });
  }
}

/** The run's dataset inputs; the run is the folder they sit in (destination_id is not trusted). */
export async function readDatasetInputs(expDir: string, runDir: string): Promise<DatasetInput[]> {
  const out: DatasetInput[] = [];
  for (const id of (await listSubdirs(path.join(runDir, "inputs"))).sort()) {
    const meta = await readYaml(path.join(runDir, "inputs", id, "meta.yaml"));
    if (meta === null || meta.source_type !== "DATASET") continue;
    const ds = await readYaml(path.join(expDir, "datasets", String(meta.source_id), "meta.yaml"));
    if (ds === null) continue;
    const rawTags = (meta.tags ?? {}) as Record<string, unknown>;
    const tags: RunTag[] = Object.entries(rawTags).map(([key, value]) => ({ key, value: String(value) }));
    out.push({ dataset: datasetFromMeta(ds), tags });
  }
  return out;
}
