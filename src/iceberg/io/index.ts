export * from "./file-io";
export * from "./local-file-io";
