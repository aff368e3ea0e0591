export * from "./file-io";
export * from "./file-io-for";
export * from "./local-file-io";
export * from "./s3-file-io";
export * from "./s3-location";
