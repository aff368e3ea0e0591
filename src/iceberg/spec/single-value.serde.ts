/**
 * Single-value binary serialization (format/spec.md appendix D), used for lower/upper bounds in
 * manifests and partition summaries. Values are in the in-memory form of expressions/literal.ts.
 */
import { LakelabError } from "../../errors";
import type { IcebergValue } from "../expressions/literal";
import type { PrimitiveType } from "./schema";

const utf8Enc = new TextEncoder();
const utf8Dec = new TextDecoder("utf-8");

/** Minimal big-endian two's complement bytes of a bigint (decimal bounds). */
export function bigintToMinimalBytes(v: bigint): Uint8Array {
  let bytes = 1;
  while (v < -(1n << BigInt(8 * bytes - 1)) || v >= 1n << BigInt(8 * bytes - 1)) bytes++;
  const out = new Uint8Array(bytes);
  let x = BigInt.asUintN(8 * bytes, v);
  for (let i = bytes - 1; i >= 0; i--) {
    out[i] = Number(x & 0xffn);
    x >>= 8n;
  }
  return out;
}

export function minimalBytesToBigint(b: Uint8Array): bigint {
  let x = 0n;
  for (const byte of b) x = (x << 8n) | BigInt(byte);
  return b.length === 0 ? 0n : BigInt.asIntN(8 * b.length, x);
}

export function uuidToBytes(s: string): Uint8Array {
  const hex = s.replace(/-/g, "");
  const out = new Uint8Array(16);
  for (let i = 0; i < 16; i++) out[i] = Number.parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return out;
}

export function bytesToUuid(b: Uint8Array): string {
  const h = [...b].map((x) => x.toString(16).padStart(2, "0")).join("");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

function unsupported(type: PrimitiveType): LakelabError {
  return new LakelabError(
    "UNSUPPORTED_FEATURE",
    `single-value serialization of type '${type}' is not supported`,
    {
      context: { feature: `bounds of ${type}` },
    },
  );
}

/** Encodes a value of `type` to its single-value bytes. */
export function toSingleValue(type: PrimitiveType, v: IcebergValue): Uint8Array {
  const view = (n: number): [Uint8Array, DataView] => {
    const b = new Uint8Array(n);
    return [b, new DataView(b.buffer)];
  };
  switch (type) {
    case "boolean":
      return new Uint8Array([v ? 1 : 0]);
    case "int":
    case "date": {
      const [b, d] = view(4);
      d.setInt32(0, Number(v), true);
      return b;
    }
    case "long":
    case "time":
    case "timestamp":
    case "timestamptz":
    case "timestamp_ns":
    case "timestamptz_ns": {
      const [b, d] = view(8);
      d.setBigInt64(0, BigInt(v as bigint | number), true);
      return b;
    }
    case "float": {
      const [b, d] = view(4);
      d.setFloat32(0, v as number, true);
      return b;
    }
    case "double": {
      const [b, d] = view(8);
      d.setFloat64(0, v as number, true);
      return b;
    }
    case "string":
      return utf8Enc.encode(v as string);
    case "uuid":
      return uuidToBytes(v as string);
    case "binary":
      return v as Uint8Array;
    case "unknown":
    case "variant":
      throw unsupported(type);
    default:
      if (type.startsWith("fixed[")) return v as Uint8Array;
      return bigintToMinimalBytes(v as bigint);
  }
}

/** Decodes single-value bytes; int/long and float/double are told apart by length (type promotion). */
export function fromSingleValue(type: PrimitiveType, b: Uint8Array): IcebergValue {
  const d = new DataView(b.buffer, b.byteOffset, b.byteLength);
  switch (type) {
    case "boolean":
      return b[0] !== 0;
    case "int":
    case "date":
      return d.getInt32(0, true);
    case "long":
    case "time":
    case "timestamp":
    case "timestamptz":
    case "timestamp_ns":
    case "timestamptz_ns":
      return b.length === 4 ? BigInt(d.getInt32(0, true)) : d.getBigInt64(0, true);
    case "float":
      return d.getFloat32(0, true);
    case "double":
      return b.length === 4 ? d.getFloat32(0, true) : d.getFloat64(0, true);
    case "string":
      return utf8Dec.decode(b);
    case "uuid":
      return bytesToUuid(b);
    case "binary":
      return b;
    case "unknown":
    case "variant":
      throw unsupported(type);
    default:
      if (type.startsWith("fixed[")) return b;
      return minimalBytesToBigint(b);
  }
}
