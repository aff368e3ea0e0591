import type * as arrow from "apache-arrow";
import type { FileIO } from "../io/file-io";
import type { DataFile } from "../spec/manifest";
import type { PartitionSpec } from "../spec/partition-spec";
import type { Schema } from "../spec/schema";
import { ParquetWriter, type ParquetWriterOptions } from "./parquet-writer";
import { splitByPartition } from "./split-by-partition";
import { toDataFile } from "./to-data-file";

/**
 * Writes conformed data as Parquet files under `<tableLocation>/data/<partition path>/`,
 * split per partition and rolled over at the target size; returns their manifest entries.
 */
export async function writeDataFiles(
  io: FileIO,
  tableLocation: string,
  schema: Schema,
  spec: PartitionSpec,
  data: arrow.Table,
  options: ParquetWriterOptions = {},
): Promise<DataFile[]> {
  const writer = new ParquetWriter(io, `${tableLocation.replace(/\/+$/, "")}/data`, schema, options);
  const out: DataFile[] = [];
  for (const group of splitByPartition(data, schema, spec)) {
    for (const file of await writer.write(group.data, group.partition, group.path)) {
      out.push(toDataFile(file, schema));
    }
  }
  return out;
}
