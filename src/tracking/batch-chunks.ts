import type { Batch, Metric, Param, RunTag } from "./entities";
import { Limits } from "./validation";

/**
 * Splits a batch into log-batch requests within MLflow's limits (≤ 100 params, ≤ 100 tags,
 * ≤ 1,000 metrics, ≤ 1,000 entities each), filling each request before starting the next:
 * 100 params + 10 tags + 1,000 metric points take two requests.
 */
export function chunkBatch(batch: Batch): Batch[] {
  const chunks: { metrics: Metric[]; params: Param[]; tags: RunTag[] }[] = [];
  let current = { metrics: [] as Metric[], params: [] as Param[], tags: [] as RunTag[] };
  const size = () => current.metrics.length + current.params.length + current.tags.length;
  const push = <K extends "metrics" | "params" | "tags">(
    kind: K,
    item: (typeof current)[K][number],
    limit: number,
  ) => {
    if (current[kind].length >= limit || size() >= Limits.ENTITIES_PER_BATCH) {
      chunks.push(current);
      current = { metrics: [], params: [], tags: [] };
    }
    (current[kind] as (typeof item)[]).push(item);
  };
  for (const p of batch.params ?? []) push("params", p, Limits.PARAMS_TAGS_PER_BATCH);
  for (const t of batch.tags ?? []) push("tags", t, Limits.PARAMS_TAGS_PER_BATCH);
  for (const m of batch.metrics ?? []) push("metrics", m, Limits.METRICS_PER_BATCH);
  if (size() > 0) chunks.push(current);
  return chunks;
}
