export * from "./avro-file-reader";
export * from "./avro-file-writer";
export * from "./avro-schema";
export * from "./binary-decoder";
export * from "./binary-encoder";
export * from "./codecs";
