export * from "./manifest";
export * from "./partition-spec";
export * from "./schema";
export * from "./snapshot";
export * from "./sort-order";
export * from "./table-metadata";
