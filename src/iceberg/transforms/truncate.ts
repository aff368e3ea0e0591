/** truncate[W]: ints and decimals down to a multiple of W, strings to W code points, binary to W bytes. */
import { LakelabError } from "../../errors";
import type { IcebergValue } from "../expressions/literal";
import type { PrimitiveType } from "../spec/schema";

export function truncate(type: PrimitiveType, w: number, v: IcebergValue): IcebergValue {
  switch (type) {
    case "int": {
      const x = v as number;
      return x - (((x % w) + w) % w);
    }
    case "long": {
      const x = BigInt(v as bigint);
      const W = BigInt(w);
      return x - (((x % W) + W) % W);
    }
    case "string": {
      const s = v as string;
      // Code points, not UTF-16 units: a surrogate pair counts once.
      let i = 0;
      let count = 0;
      while (i < s.length && count < w) {
        const c = s.charCodeAt(i);
        i += c >= 0xd800 && c <= 0xdbff && i + 1 < s.length ? 2 : 1;
        count++;
      }
      return s.slice(0, i);
    }
    case "binary":
      return (v as Uint8Array).slice(0, w);
    default:
      if (type.startsWith("decimal(")) {
        const x = v as bigint;
        const W = BigInt(w);
        return x - (((x % W) + W) % W);
      }
      throw new LakelabError("INVALID_ARGUMENT", `truncate transform cannot be applied to type '${type}'`, {
        context: { type },
      });
  }
}
