export * from "./bearer-auth";
export * from "./serve-catalog";
