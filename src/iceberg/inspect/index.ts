export * from "./ancestors";
export * from "./entries";
export * from "./files";
export * from "./history";
export * from "./manifests";
export * from "./refs";
export * from "./snapshot-entries";
export * from "./snapshots";
