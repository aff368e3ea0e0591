/** Writes Avro object container files. */
import { randomBytes } from "node:crypto";
import { type JsonValue, stringifyJson } from "../spec/json";
import { AVRO_MAGIC } from "./avro-file-reader";
import { parseAvroSchema } from "./avro-schema";
import { BinaryWriter, createEncoder } from "./binary-encoder";
import { type AvroCodec, compressBlock } from "./codecs";

export interface AvroWriteOptions {
  /** Block codec; Java and pyiceberg write deflate. */
  readonly codec?: AvroCodec;
  /** Extra header keys (Iceberg: schema, partition-spec, format-version, ...). */
  readonly metadata?: Readonly<Record<string, string>>;
  /** Records per block. */
  readonly blockSize?: number;
}

/** Encodes `records` (shaped as `readAvroFile` returns them) under `schema` into a container file. */
export function writeAvroFile(
  schema: JsonValue,
  records: readonly unknown[],
  options: AvroWriteOptions = {},
): Uint8Array {
  const codec = options.codec ?? "deflate";
  const encode = createEncoder(parseAvroSchema(schema, "Avro writer schema"));
  const out = new BinaryWriter();
  out.writeFixed(AVRO_MAGIC);
  const meta = new Map<string, string>(Object.entries(options.metadata ?? {}));
  meta.set("avro.schema", stringifyJson(schema));
  meta.set("avro.codec", codec);
  const te = new TextEncoder();
  out.writeLong(meta.size);
  for (const [k, v] of meta) {
    out.writeString(k);
    out.writeBytes(te.encode(v));
  }
  out.writeLong(0);
  const sync = new Uint8Array(randomBytes(16));
  out.writeFixed(sync);
  const blockSize = options.blockSize ?? 1000;
  const block = new BinaryWriter();
  for (let start = 0; start < records.length; start += blockSize) {
    const end = Math.min(records.length, start + blockSize);
    block.reset();
    for (let i = start; i < end; i++) encode(block, records[i]);
    const data = compressBlock(codec, block.toBytes());
    out.writeLong(end - start);
    out.writeLong(data.length);
    out.writeFixed(data);
    out.writeFixed(sync);
  }
  return out.toBytes();
}
