export {
  installKernel,
  KERNEL_NAME,
  type KernelLocation,
  locateJupyter,
  type RunNotebookOptions,
  type RunNotebookResult,
  runNotebook,
  uninstallKernel,
} from "../kernel";
export {
  type ArrowLike,
  type ArrowRecord,
  columnValues,
  type DataFrame,
  type DataFrameLike,
  fromArrowLike,
  inferArrowType,
  isDataFrame,
  type ToArrowOptions,
  toArrow,
  toDataFrame,
  toRecords,
} from "./dataframe";
export { isLakelabError, LakelabError, type LakelabErrorCode } from "./errors";
export * from "./experiments";
// both layers name their retry settings RetryPolicy: the commit one keeps the name
export type { RetryPolicy } from "./iceberg";
export * from "./iceberg";
export * from "./lakehouse";
export * from "./ml";
export {
  type Display,
  type HtmlTableOptions,
  htmlTable,
  kernelDisplay,
  metricsChartSvg,
  progress,
  runMetricsChart,
  runsOverview,
  type ShowOptions,
  shortLocation,
  show,
  showData,
  showHistory,
  snapshotTimeline,
  snapshotTimelineSvg,
  textTable,
} from "./notebook";
export type { RetryPolicy as MlflowRetryPolicy } from "./tracking";
export * from "./tracking";
