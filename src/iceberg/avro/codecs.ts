/** Avro block codecs: null, deflate (what Java writes), snappy (with its CRC-32), zstandard. */
import * as zlib from "node:zlib";
import { decompress as zstdDecompress } from "fzstd";
import { LakelabError } from "../../errors";

// snappyjs ships no type declarations; this is the part of its API used here.
const snappy = require("snappyjs") as {
  uncompress(b: Uint8Array): Uint8Array;
  compress(b: Uint8Array): Uint8Array;
};

export type AvroCodec = "null" | "deflate" | "snappy" | "zstandard";
export const WRITABLE_CODECS: readonly AvroCodec[] = ["null", "deflate", "snappy"];

function unsupported(codec: string, source: string): LakelabError {
  return new LakelabError(
    "UNSUPPORTED_FEATURE",
    `${source}: Avro codec '${codec}' is not supported (supported: null, deflate, snappy, zstandard)`,
    { context: { source, feature: `avro codec ${codec}` } },
  );
}

function corrupt(source: string, msg: string, cause?: unknown): LakelabError {
  return new LakelabError("FILE_CORRUPT", `${source}: ${msg}`, { context: { source }, cause });
}

export function decompressBlock(codec: string, data: Uint8Array, source: string): Uint8Array {
  try {
    switch (codec) {
      case "null":
        return data;
      case "deflate":
        return new Uint8Array(zlib.inflateRawSync(data));
      case "snappy": {
        if (data.length < 4) throw corrupt(source, "snappy block shorter than its CRC");
        const out = snappy.uncompress(data.subarray(0, data.length - 4));
        const view = new DataView(data.buffer, data.byteOffset + data.length - 4, 4);
        const expected = view.getUint32(0, false);
        const actual = zlib.crc32(out) >>> 0;
        if (expected !== actual) {
          throw corrupt(
            source,
            `snappy block CRC mismatch (stored ${expected.toString(16)}, computed ${actual.toString(16)})`,
          );
        }
        return out;
      }
      case "zstandard":
        return zstdDecompress(data);
      default:
        throw unsupported(codec, source);
    }
  } catch (err) {
    if (err instanceof LakelabError) throw err;
    throw corrupt(source, `cannot decompress ${codec} block: ${(err as Error).message}`, err);
  }
}

export function compressBlock(codec: AvroCodec, data: Uint8Array): Uint8Array {
  switch (codec) {
    case "null":
      return data;
    case "deflate":
      return new Uint8Array(zlib.deflateRawSync(data, { level: 6 }));
    case "snappy": {
      const c = snappy.compress(data);
      const out = new Uint8Array(c.length + 4);
      out.set(c);
      new DataView(out.buffer).setUint32(c.length, zlib.crc32(data) >>> 0, false);
      return out;
    }
    case "zstandard":
      throw unsupported("zstandard (writing)", "Avro writer");
    default: {
      const never: never = codec;
      throw unsupported(String(never), "Avro writer");
    }
  }
}
