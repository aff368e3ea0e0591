export * from "./catalog";
export * from "./metadata-file";
export * from "./rest";
export * from "./rest-server";
export * from "./sql";
export * from "./table-identifier";
