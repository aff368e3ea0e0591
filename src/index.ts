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
export * from "./lakehouse";
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
