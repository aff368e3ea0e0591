export * from "./column-stats";
export * from "./parquet-file";
export * from "./parquet-writer";
export * from "./split-by-partition";
export * from "./take-rows";
export * from "./to-data-file";
export * from "./write-data-files";
export * from "./written-file";
