import { loadDanfo } from "../dataframe/danfo";
import type { Run } from "./entities";

/** One row of searchRuns with MLflow's pandas column names. */
export type RunRecord = Record<string, string | number | Date | null>;

/**
 * Runs as the rows `mlflow.search_runs` returns: run_id, experiment_id, status, artifact_uri,
 * start_time, end_time (Dates, UTC), then metrics.*, params.*, tags.* (sorted; a missing metric
 * is NaN, a missing param or tag null, as in MLflow's DataFrame).
 */
export class RunTable {
  readonly runs: readonly Run[];
  readonly columns: readonly string[];
  readonly records: readonly RunRecord[];

  constructor(runs: readonly Run[]) {
    this.runs = runs;
    const keys = (pick: (r: Run) => Readonly<Record<string, unknown>>) =>
      [...new Set(runs.flatMap((r) => Object.keys(pick(r))))].sort();
    const metricKeys = keys((r) => r.data.metrics);
    const paramKeys = keys((r) => r.data.params);
    const tagKeys = keys((r) => r.data.tags);
    this.columns = [
      "run_id",
      "experiment_id",
      "status",
      "artifact_uri",
      "start_time",
      "end_time",
      ...metricKeys.map((k) => `metrics.${k}`),
      ...paramKeys.map((k) => `params.${k}`),
      ...tagKeys.map((k) => `tags.${k}`),
    ];
    this.records = runs.map((r) => {
      const row: RunRecord = {
        run_id: r.info.runId,
        experiment_id: r.info.experimentId,
        status: r.info.status,
        artifact_uri: r.info.artifactUri,
        start_time: r.info.startTime === null ? null : new Date(r.info.startTime),
        end_time: r.info.endTime === null ? null : new Date(r.info.endTime),
      };
      for (const k of metricKeys) row[`metrics.${k}`] = r.data.metrics[k] ?? Number.NaN;
      for (const k of paramKeys) row[`params.${k}`] = r.data.params[k] ?? null;
      for (const k of tagKeys) row[`tags.${k}`] = r.data.tags[k] ?? null;
      return row;
    });
  }

  get length(): number {
    return this.records.length;
  }

  /** What a cell ending in `runs` prints (console.log): a summary, not the internals. */
  [Symbol.for("nodejs.util.inspect.custom")](): string {
    const names = this.runs.map((r) => r.info.runName);
    return `RunTable: ${names.length} run${names.length === 1 ? "" : "s"} (${names.join(", ")}); show(runs) for the table`;
  }

  [Symbol.iterator](): Iterator<RunRecord> {
    return this.records[Symbol.iterator]();
  }

  toRecords(): RunRecord[] {
    return this.records.map((r) => ({ ...r }));
  }

  /**
   * The rows as a danfojs DataFrame (danfojs is loaded only now: it is large). Times become
   * ISO-8601 strings, which danfojs shows and sorts as text.
   */
  toDataFrame(): import("danfojs").DataFrame {
    const danfo = loadDanfo("runs.toDataFrame");
    const columns = this.columns.map((c) =>
      this.records.map((r) => {
        const v = r[c] ?? null;
        return v instanceof Date ? v.toISOString() : v;
      }),
    );
    if (this.records.length === 0) return new danfo.DataFrame([], { columns: [...this.columns] });
    const data: Record<string, unknown[]> = {};
    this.columns.forEach((c, i) => {
      data[c] = columns[i]!;
    });
    return new danfo.DataFrame(data);
  }
}
