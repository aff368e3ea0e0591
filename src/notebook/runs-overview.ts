import type { Run } from "../tracking/entities";
import { RunTable } from "../tracking/run-table";

/** One run as the notebook lists it: who trained on what, with which params, and how well. */
export interface RunOverview {
  readonly run: string;
  readonly run_id: string;
  readonly maxIter: string | null;
  readonly regParam: string | null;
  readonly areaUnderROC: number | null;
  readonly accuracy: number | null;
  readonly iceberg_snapshot_id: string | null;
  readonly row_count: string | null;
  readonly committed_at: string | null;
  readonly reproduces: string | null;
}

/**
 * The columns of `searchRuns` a reader compares, oldest run first (MLflow lists newest first):
 * name, id, params, metrics and the snapshot each run trained on.
 * @example show(runsOverview(result.runs.runs), { title: "runs" })
 */
export function runsOverview(runs: RunTable | readonly Run[]): RunOverview[] {
  return [...runList(runs)]
    .sort((a, b) => (a.info.startTime ?? 0) - (b.info.startTime ?? 0))
    .map((r) => {
      const tags = r.data.tags;
      return {
        run: r.info.runName,
        run_id: r.info.runId,
        maxIter: r.data.params.maxIter ?? null,
        regParam: r.data.params.regParam ?? null,
        areaUnderROC: r.data.metrics.areaUnderROC ?? null,
        accuracy: r.data.metrics.accuracy ?? null,
        iceberg_snapshot_id: tags.iceberg_snapshot_id ?? null,
        row_count: tags.row_count ?? null,
        committed_at: tags.iceberg_snapshot_committed_at_iso ?? tags.iceberg_snapshot_committed_at ?? null,
        reproduces: tags["lakelab.reproduces"] ?? tags["lakelab.derived_from"] ?? null,
      };
    });
}

/** The runs of a `searchRuns` result or a plain list. */
export function runList(runs: RunTable | readonly Run[]): readonly Run[] {
  return runs instanceof RunTable ? runs.runs : runs;
}
