export * from "./iceberg-catalog";
export * from "./partition-by";
export * from "./snapshot-info";
export * from "./table";
export * from "./table-writer";
