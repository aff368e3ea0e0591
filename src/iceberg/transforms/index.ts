export * from "./bucket";
export * from "./partition-path";
export * from "./project-predicate";
export * from "./temporal";
export * from "./transform";
export * from "./truncate";
