export * from "./expire-snapshots";
export * from "./file-location";
export * from "./maintenance-target";
export * from "./reachable-files";
export * from "./register-table";
export * from "./remove-orphan-files";
export * from "./snapshot-retention";
