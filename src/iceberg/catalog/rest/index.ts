export * from "./endpoints";
export * from "./rest-catalog";
