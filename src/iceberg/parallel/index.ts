export * from "./parquet-pool";
export * from "./parquet-tasks";
export * from "./shared-table";
export * from "./worker-pool";
