export { type Display, kernelDisplay } from "./display";
export { escapeHtml, formatCell, plainText } from "./format-cell";
export { type HtmlTableOptions, htmlTable } from "./html-table";
export { runMetricsChart, showData, showHistory, snapshotTimeline, type ViewOptions } from "./iceberg-views";
export { type ChartRun, type MetricsChartOptions, metricsChartSvg } from "./metrics-chart";
export { type Progress, type ProgressOptions, progress } from "./progress";
export { type RunOverview, runsOverview } from "./runs-overview";
export { redactUri, shortLocation, shortLocationsIn } from "./short-location";
export { type ShowOptions, show } from "./show";
export {
  type SnapshotTimelineInput,
  snapshotTimelineSvg,
  type TimelineRun,
  type TimelineSnapshot,
} from "./snapshot-timeline";
export { textTable } from "./text-table";
