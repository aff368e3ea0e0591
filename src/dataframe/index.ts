export type { ArrowLike, ArrowRecord } from "./arrow-like";
export { columnValues } from "./column-values";
export { type DataFrame, type DataFrameLike, isDataFrame } from "./data-frame-like";
export { fromArrowLike } from "./from-arrow-like";
export { inferArrowType } from "./infer-type";
export { type ToArrowOptions, toArrow } from "./to-arrow";
export { toDataFrame } from "./to-data-frame";
export { toRecords } from "./to-records";
