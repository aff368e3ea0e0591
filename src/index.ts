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
export {
  type Display,
  type HtmlTableOptions,
  htmlTable,
  kernelDisplay,
  type ShowOptions,
  show,
  textTable,
} from "./notebook";
