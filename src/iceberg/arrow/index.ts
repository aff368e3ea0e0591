export * from "./arrow-to-iceberg-schema";
export * from "./arrow-to-iceberg-type";
export * from "./cast-data";
export * from "./conform-to-schema";
export * from "./iceberg-to-arrow-schema";
