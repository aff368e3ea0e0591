import type { IcebergValue } from "../expressions/literal";
import type { DataFile } from "../spec/manifest";
import type { Schema } from "../spec/schema";
import { toSingleValue } from "../spec/single-value.serde";
import type { WrittenFile } from "./written-file";

/** The manifest's view of a written file: counts as longs, bounds in single-value binary form. */
export function toDataFile(file: WrittenFile, schema: Schema): DataFile {
  const lowerBounds = new Map<number, Uint8Array>();
  const upperBounds = new Map<number, Uint8Array>();
  const valueCounts = new Map<number, bigint>();
  const nullValueCounts = new Map<number, bigint>();
  const nanValueCounts = new Map<number, bigint>();
  for (const field of schema.fields) {
    const s = file.stats.get(field.id);
    if (!s || typeof field.type !== "string") continue;
    valueCounts.set(field.id, BigInt(s.valueCount));
    nullValueCounts.set(field.id, BigInt(s.nullCount));
    if (s.nanCount !== undefined) nanValueCounts.set(field.id, BigInt(s.nanCount));
    if (s.lower !== undefined) lowerBounds.set(field.id, toSingleValue(field.type, s.lower as IcebergValue));
    if (s.upper !== undefined) upperBounds.set(field.id, toSingleValue(field.type, s.upper as IcebergValue));
  }
  return {
    content: "data",
    filePath: file.location,
    fileFormat: "PARQUET",
    partition: file.partition,
    recordCount: BigInt(file.recordCount),
    fileSizeInBytes: BigInt(file.fileSizeInBytes),
    columnSizes: new Map([...file.columnSizes].map(([id, n]) => [id, BigInt(n)])),
    valueCounts,
    nullValueCounts,
    nanValueCounts,
    lowerBounds,
    upperBounds,
    sortOrderId: 0,
  };
}
