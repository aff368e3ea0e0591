/**
 * avsc as an independent Avro reader for tests: lakelab's Avro code is its own, so decoding
 * lakelab's files with avsc (and fixture files with both) checks one against the other.
 * Longs decode as bigint so ids beyond 2^53 compare exactly.
 */
import * as zlib from "node:zlib";
import * as avro from "avsc";

const snappy = require("snappyjs") as { uncompress(b: Uint8Array): Uint8Array };

const bigLong = avro.types.LongType.__with({
  fromBuffer: (buf: Buffer) => buf.readBigInt64LE(),
  toBuffer: (n: bigint) => {
    const b = Buffer.alloc(8);
    b.writeBigInt64LE(n);
    return b;
  },
  fromJSON: (x: unknown) => BigInt(x as string),
  toJSON: (n: bigint) => Number(n),
  isValid: (x: unknown) => typeof x === "bigint",
  compare: (a: bigint, b: bigint) => (a < b ? -1 : a > b ? 1 : 0),
});

const codecs = {
  null: (b: Buffer, cb: (err: Error | null, out?: Buffer) => void) => cb(null, b),
  deflate: (b: Buffer, cb: (err: Error | null, out?: Buffer) => void) => zlib.inflateRaw(b, cb),
  snappy: (b: Buffer, cb: (err: Error | null, out?: Buffer) => void) =>
    cb(null, Buffer.from(snappy.uncompress(b.subarray(0, b.length - 4)))),
};

/** Decodes a container file with avsc; records are plain JSON-like values (bytes as Uint8Array). */
export function avscDecode(
  bytes: Uint8Array,
): Promise<{ header: Record<string, string>; records: unknown[] }> {
  return new Promise((resolve, reject) => {
    const records: unknown[] = [];
    let header: Record<string, string> = {};
    const decoder = new avro.streams.BlockDecoder({
      codecs,
      parseHook: (schema: unknown) =>
        avro.Type.forSchema(schema as avro.Schema, { registry: { long: bigLong } as never }),
    } as never);
    decoder.on("metadata", (_t: unknown, _codec: string, h: { meta: Record<string, Buffer> }) => {
      header = Object.fromEntries(Object.entries(h.meta).map(([k, v]) => [k, v.toString("utf8")]));
    });
    decoder.on("data", (r: unknown) => records.push(normalize(r)));
    decoder.on("error", reject);
    decoder.on("end", () => resolve({ header, records }));
    decoder.end(Buffer.from(bytes));
  });
}

/** avsc's shapes → lakelab's (Buffer → Uint8Array, record classes → plain objects, maps → Map). */
export function normalize(v: unknown): unknown {
  if (v === null || typeof v !== "object") return v;
  if (Buffer.isBuffer(v)) return new Uint8Array(v);
  if (v instanceof Uint8Array) return v;
  if (Array.isArray(v)) return v.map(normalize);
  if (v instanceof Map) return new Map([...v].map(([k, x]) => [k, normalize(x)]));
  return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, normalize(x)]));
}
