export * from "./file-io";
export * from "./file-io-for";
export * from "./local-file-io";
