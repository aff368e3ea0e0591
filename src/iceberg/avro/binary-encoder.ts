/** Avro binary encoding, compiled once per schema into closures. */
import { LakelabError } from "../../errors";
import type { AvroType } from "./avro-schema";

const utf8 = new TextEncoder();

export class BinaryWriter {
  private buf = new Uint8Array(1024);
  private view = new DataView(this.buf.buffer);
  pos = 0;

  private ensure(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.pos + n) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buf.subarray(0, this.pos));
    this.buf = next;
    this.view = new DataView(next.buffer);
  }

  writeLong(v: bigint | number): void {
    if (typeof v === "number" && Number.isSafeInteger(v) && Math.abs(v) < 2 ** 52) {
      let n = v >= 0 ? v * 2 : -v * 2 - 1;
      this.ensure(10);
      while (n >= 128) {
        this.buf[this.pos++] = (n % 128) | 0x80;
        n = Math.floor(n / 128);
      }
      this.buf[this.pos++] = n;
      return;
    }
    const b = BigInt(v);
    let n = BigInt.asUintN(64, (b << 1n) ^ (b >> 63n));
    this.ensure(10);
    while (n >= 128n) {
      this.buf[this.pos++] = Number(n & 0x7fn) | 0x80;
      n >>= 7n;
    }
    this.buf[this.pos++] = Number(n);
  }

  writeInt(v: number): void {
    this.writeLong(v);
  }

  writeBoolean(v: boolean): void {
    this.ensure(1);
    this.buf[this.pos++] = v ? 1 : 0;
  }

  writeFloat(v: number): void {
    this.ensure(4);
    this.view.setFloat32(this.pos, v, true);
    this.pos += 4;
  }

  writeDouble(v: number): void {
    this.ensure(8);
    this.view.setFloat64(this.pos, v, true);
    this.pos += 8;
  }

  writeFixed(v: Uint8Array): void {
    this.ensure(v.length);
    this.buf.set(v, this.pos);
    this.pos += v.length;
  }

  writeBytes(v: Uint8Array): void {
    this.writeLong(v.length);
    this.writeFixed(v);
  }

  writeString(v: string): void {
    this.writeBytes(utf8.encode(v));
  }

  /** The bytes written so far (a copy). */
  toBytes(): Uint8Array {
    return this.buf.slice(0, this.pos);
  }

  reset(): void {
    this.pos = 0;
  }
}

export type Encoder = (w: BinaryWriter, v: unknown) => void;

function bad(t: AvroType, v: unknown, path: string): LakelabError {
  const shown =
    typeof v === "bigint"
      ? `${v}n`
      : typeof v === "object" && v !== null
        ? v.constructor.name
        : JSON.stringify(v);
  return new LakelabError("INVALID_ARGUMENT", `cannot encode ${shown} at '${path}' as Avro ${t.type}`, {
    context: { path, avroType: t.type },
  });
}

/** Does `v` fit branch `t` of a union? (first match wins, as in avsc's wrapped-less unions) */
function fits(t: AvroType, v: unknown): boolean {
  switch (t.type) {
    case "null":
      return v === null || v === undefined;
    case "boolean":
      return typeof v === "boolean";
    case "int":
      return typeof v === "number" && Number.isInteger(v);
    case "long":
      return typeof v === "bigint" || (typeof v === "number" && Number.isInteger(v));
    case "float":
    case "double":
      return typeof v === "number";
    case "string":
    case "enum":
      return typeof v === "string";
    case "bytes":
    case "fixed":
      return v instanceof Uint8Array;
    case "array":
      return Array.isArray(v);
    case "map":
      return v instanceof Map;
    case "record":
      return (
        typeof v === "object" &&
        v !== null &&
        !Array.isArray(v) &&
        !(v instanceof Map) &&
        !(v instanceof Uint8Array)
      );
    case "union":
      return t.branches.some((b) => fits(b, v));
    default: {
      const never: never = t;
      return never;
    }
  }
}

/** Compiles an encoder for values shaped as `createDecoder` returns them. */
export function createEncoder(t: AvroType, path = "$"): Encoder {
  switch (t.type) {
    case "null":
      return (_w, v) => {
        if (v !== null && v !== undefined) throw bad(t, v, path);
      };
    case "boolean":
      return (w, v) => {
        if (typeof v !== "boolean") throw bad(t, v, path);
        w.writeBoolean(v);
      };
    case "int":
      return (w, v) => {
        if (typeof v !== "number" || !Number.isInteger(v) || v < -(2 ** 31) || v >= 2 ** 31)
          throw bad(t, v, path);
        w.writeInt(v);
      };
    case "long":
      return (w, v) => {
        if (
          typeof v === "bigint"
            ? BigInt.asIntN(64, v) !== v
            : typeof v !== "number" || !Number.isSafeInteger(v)
        ) {
          throw bad(t, v, path);
        }
        w.writeLong(v as bigint | number);
      };
    case "float":
      return (w, v) => {
        if (typeof v !== "number") throw bad(t, v, path);
        w.writeFloat(v);
      };
    case "double":
      return (w, v) => {
        if (typeof v !== "number") throw bad(t, v, path);
        w.writeDouble(v);
      };
    case "bytes":
      return (w, v) => {
        if (!(v instanceof Uint8Array)) throw bad(t, v, path);
        w.writeBytes(v);
      };
    case "string":
      return (w, v) => {
        if (typeof v !== "string") throw bad(t, v, path);
        w.writeString(v);
      };
    case "fixed":
      return (w, v) => {
        if (!(v instanceof Uint8Array) || v.length !== t.size) throw bad(t, v, path);
        w.writeFixed(v);
      };
    case "enum":
      return (w, v) => {
        const i = t.symbols.indexOf(v as string);
        if (i < 0) throw bad(t, v, path);
        w.writeInt(i);
      };
    case "array": {
      const item = createEncoder(t.items, `${path}[]`);
      return (w, v) => {
        if (!Array.isArray(v)) throw bad(t, v, path);
        if (v.length > 0) {
          w.writeLong(v.length);
          for (const x of v) item(w, x);
        }
        w.writeLong(0);
      };
    }
    case "map": {
      const value = createEncoder(t.values, `${path}{}`);
      return (w, v) => {
        const entries = v instanceof Map ? [...v.entries()] : null;
        if (!entries) throw bad(t, v, path);
        if (entries.length > 0) {
          w.writeLong(entries.length);
          for (const [k, x] of entries) {
            w.writeString(String(k));
            value(w, x);
          }
        }
        w.writeLong(0);
      };
    }
    case "union": {
      const branches = t.branches.map((b, i) => ({ b, i, e: createEncoder(b, path) }));
      return (w, v) => {
        const hit = branches.find((x) => fits(x.b, v));
        if (!hit) throw bad(t, v, path);
        w.writeInt(hit.i);
        hit.e(w, v);
      };
    }
    case "record": {
      let fields: { name: string; e: Encoder; dflt: unknown }[] | undefined;
      return (w, v) => {
        if (typeof v !== "object" || v === null) throw bad(t, v, path);
        fields ??= t.fields.map((f) => ({
          name: f.name,
          e: createEncoder(f.type, `${path}.${f.name}`),
          dflt: f.default,
        }));
        const o = v as Record<string, unknown>;
        for (const f of fields) f.e(w, o[f.name] === undefined ? f.dflt : o[f.name]);
      };
    }
    default: {
      const never: never = t;
      throw new Error(`unknown Avro type ${JSON.stringify(never)}`);
    }
  }
}
