/** bucket[N]: murmur3 x86 32 (seed 0) of the spec's byte representation, mod N (appendix B). */
import { LakelabError } from "../../errors";
import { murmur3x86_32 } from "../../util/murmur3";
import type { IcebergValue } from "../expressions/literal";
import type { PrimitiveType } from "../spec/schema";
import { bigintToMinimalBytes, uuidToBytes } from "../spec/single-value.serde";

const utf8 = new TextEncoder();

function longBytes(v: bigint): Uint8Array {
  const b = new Uint8Array(8);
  new DataView(b.buffer).setBigInt64(0, BigInt.asIntN(64, v), true);
  return b;
}

/** The spec's 32-bit hash of a non-null value. */
export function bucketHash(type: PrimitiveType, v: IcebergValue): number {
  switch (type) {
    case "int":
    case "date":
    case "long":
    case "time":
    case "timestamp":
    case "timestamptz":
      return murmur3x86_32(longBytes(BigInt(v as number | bigint)), 0);
    case "timestamp_ns":
    case "timestamptz_ns": {
      const n = BigInt(v as bigint);
      const q = n / 1000n;
      return murmur3x86_32(longBytes(n < 0n && q * 1000n !== n ? q - 1n : q), 0);
    }
    case "string":
      return murmur3x86_32(utf8.encode(v as string), 0);
    case "uuid":
      return murmur3x86_32(uuidToBytes(v as string), 0);
    case "binary":
      return murmur3x86_32(v as Uint8Array, 0);
    default:
      if (type.startsWith("fixed[")) return murmur3x86_32(v as Uint8Array, 0);
      if (type.startsWith("decimal(")) return murmur3x86_32(bigintToMinimalBytes(v as bigint), 0);
      throw new LakelabError("INVALID_ARGUMENT", `bucket transform cannot be applied to type '${type}'`, {
        context: { type },
      });
  }
}

export function bucket(type: PrimitiveType, n: number, v: IcebergValue): number {
  return (bucketHash(type, v) & 0x7fffffff) % n;
}
