/** Reads Avro object container files (magic, metadata map, sync marker, compressed blocks). */
import { LakelabError } from "../../errors";
import { parseJson } from "../spec/json";
import { type AvroType, parseAvroSchema } from "./avro-schema";
import { AvroEndOfData, BinaryReader, createDecoder } from "./binary-decoder";
import { decompressBlock } from "./codecs";

export const AVRO_MAGIC = new Uint8Array([0x4f, 0x62, 0x6a, 0x01]); // "Obj\x01"

export interface AvroFile {
  /** The writer schema from the `avro.schema` header key. */
  readonly schema: AvroType;
  readonly schemaJson: string;
  readonly codec: string;
  /** Header metadata as UTF-8 strings (`schema`, `partition-spec`, `format-version`, ...). */
  readonly metadata: ReadonlyMap<string, string>;
  readonly records: readonly unknown[];
}

const utf8 = new TextDecoder("utf-8");

function corrupt(source: string, msg: string, cause?: unknown): LakelabError {
  return new LakelabError("FILE_CORRUPT", `${source} is not a valid Avro file: ${msg}`, {
    context: { source },
    cause,
  });
}

/** Decodes a whole Avro container file; `source` (its location) is named in every error. */
export function readAvroFile(bytes: Uint8Array, source: string): AvroFile {
  if (bytes.length < 4 || AVRO_MAGIC.some((b, i) => bytes[i] !== b)) {
    throw corrupt(source, "wrong magic bytes (expected 'Obj' 0x01)");
  }
  const r = new BinaryReader(bytes);
  r.pos = 4;
  try {
    const metadata = new Map<string, string>();
    r.readBlocks(() => {
      const k = r.readString();
      metadata.set(k, utf8.decode(r.readBytes()));
    });
    const sync = r.readFixed(16);
    const schemaJson = metadata.get("avro.schema");
    if (schemaJson === undefined) throw corrupt(source, "header has no avro.schema");
    const schema = parseAvroSchema(parseJson(schemaJson, `${source} (avro.schema)`), source);
    const codec = metadata.get("avro.codec") ?? "null";
    const decode = createDecoder(schema);
    const records: unknown[] = [];
    while (r.remaining > 0) {
      const count = r.readLongNumber();
      const size = r.readLongNumber();
      if (count < 0 || size < 0 || size > r.remaining)
        throw corrupt(source, `block at offset ${r.pos} is truncated`);
      const block = decompressBlock(codec, r.readFixed(size), source);
      const br = new BinaryReader(block);
      for (let i = 0; i < count; i++) records.push(decode(br));
      if (br.remaining !== 0) throw corrupt(source, `block decoded ${br.remaining} bytes short of its size`);
      const marker = r.readFixed(16);
      if (marker.some((b, i) => b !== sync[i]))
        throw corrupt(source, `sync marker mismatch after block at offset ${r.pos - 16}`);
    }
    return { schema, schemaJson, codec, metadata, records };
  } catch (err) {
    if (err instanceof AvroEndOfData)
      throw corrupt(source, `file is truncated or corrupt (${err.message})`, err);
    throw err;
  }
}
