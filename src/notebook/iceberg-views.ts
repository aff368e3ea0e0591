import type { Table as ArrowTable } from "apache-arrow";
import type { Table } from "../iceberg/table/table";
import type { Run } from "../tracking/entities";
import type { RunTable } from "../tracking/run-table";
import type { Display } from "./display";
import { type ChartRun, metricsChartSvg } from "./metrics-chart";
import { runList } from "./runs-overview";
import { show } from "./show";
import { snapshotTimelineSvg, type TimelineRun } from "./snapshot-timeline";

export interface ViewOptions {
  readonly display?: Display;
  /** Rows of data shown; default 5. */
  readonly maxRows?: number;
}

/** The seed's `SELECT * … .show()`: the first rows of `data`, read from `table` at `snapshotId`. */
export function showData(
  table: Table,
  snapshotId: bigint,
  data: ArrowTable,
  options: ViewOptions = {},
): void {
  show(data, { maxRows: options.maxRows ?? 5, title: `${table.name} @ ${snapshotId}`, ...opts(options) });
}

/** The seed's `history` and `snapshots` metadata tables. */
export async function showHistory(table: Table, options: ViewOptions = {}): Promise<void> {
  show(await table.history(), { title: `${table.name}.history`, ...opts(options) });
  show(await table.snapshots(), { title: `${table.name}.snapshots`, ...opts(options) });
}

/** The table's snapshots as an SVG timeline, with the runs (of `runs`) that trained on each. */
export function snapshotTimeline(table: Table, runs: RunTable | readonly Run[]): string {
  const trained: TimelineRun[] = [...runList(runs)]
    .sort((a, b) => (a.info.startTime ?? 0) - (b.info.startTime ?? 0))
    .filter((r) => /^\d+$/.test(r.data.tags.iceberg_snapshot_id ?? ""))
    .map((r) => ({
      runId: r.info.runId,
      name: r.info.runName,
      snapshotId: BigInt(r.data.tags.iceberg_snapshot_id!),
    }));
  return snapshotTimelineSvg({
    title: `${table.name}: snapshots and the runs trained on them`,
    snapshots: table.snapshotList().map((s) => ({
      snapshotId: s.snapshotId,
      parentId: s.parentId,
      operation: s.operation,
      committedAt: s.committedAt,
      rowCount: Number(s.summary["total-records"] ?? Number.NaN),
    })),
    runs: trained,
    ...(table.currentSnapshot() ? { currentSnapshotId: table.currentSnapshot()!.snapshotId } : {}),
  });
}

/** areaUnderROC and accuracy of the runs that have both, oldest first. */
export function runMetricsChart(
  runs: RunTable | readonly Run[],
  metrics: readonly string[] = ["areaUnderROC", "accuracy"],
): string {
  const chartRuns: ChartRun[] = [...runList(runs)]
    .sort((a, b) => (a.info.startTime ?? 0) - (b.info.startTime ?? 0))
    .filter((r) => metrics.every((m) => Number.isFinite(r.data.metrics[m])))
    .map((r) => ({ label: r.info.runName, metrics: r.data.metrics }));
  return metricsChartSvg(chartRuns, { metrics, title: "Held-out metrics by run" });
}

function opts(options: ViewOptions): { display?: Display } {
  return options.display === undefined ? {} : { display: options.display };
}
