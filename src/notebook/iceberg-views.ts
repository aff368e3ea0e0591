import type { Table } from "../iceberg/table/table";
import type { Run } from "../tracking/entities";
import type { Display } from "./display";
import { type ChartRun, metricsChartSvg } from "./metrics-chart";
import { show } from "./show";
import { snapshotTimelineSvg, type TimelineRun } from "./snapshot-timeline";

export interface ViewOptions {
  readonly display?: Display;
  /** Rows of data shown; default 5. */
  readonly maxRows?: number;
}

/** The seed's `SELECT * … .show()`: the first rows of the table at a snapshot (default: current). */
export async function showData(table: Table, snapshotId?: bigint, options: ViewOptions = {}): Promise<void> {
  const data = await table.scan(snapshotId === undefined ? {} : { snapshotId }).toArrow();
  const at = snapshotId ?? table.currentSnapshot()?.snapshotId;
  show(data, {
    maxRows: options.maxRows ?? 5,
    title: `${table.name}${at === undefined ? "" : ` @ ${at}`}`,
    ...opts(options),
  });
}

/** The seed's `history` and `snapshots` metadata tables. */
export async function showHistory(table: Table, options: ViewOptions = {}): Promise<void> {
  show(await table.history(), { title: `${table.name}.history`, ...opts(options) });
  show(await table.snapshots(), { title: `${table.name}.snapshots`, ...opts(options) });
}

/** The table's snapshots as an SVG timeline, with the runs (of `runs`) that trained on each. */
export function snapshotTimeline(table: Table, runs: readonly Run[]): string {
  const trained: TimelineRun[] = [...runs]
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
  runs: readonly Run[],
  metrics: readonly string[] = ["areaUnderROC", "accuracy"],
): string {
  const chartRuns: ChartRun[] = [...runs]
    .sort((a, b) => (a.info.startTime ?? 0) - (b.info.startTime ?? 0))
    .filter((r) => metrics.every((m) => Number.isFinite(r.data.metrics[m])))
    .map((r) => ({ label: r.info.runName, metrics: r.data.metrics }));
  return metricsChartSvg(chartRuns, { metrics, title: "Held-out metrics by run" });
}

function opts(options: ViewOptions): { display?: Display } {
  return options.display === undefined ? {} : { display: options.display };
}
