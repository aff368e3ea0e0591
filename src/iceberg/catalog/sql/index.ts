export * from "./sql-catalog";
export * from "./sql-schema";
