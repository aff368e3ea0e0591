/** Avro binary decoding, compiled once per writer schema into closures. */
import type { AvroType } from "./avro-schema";

/** Thrown when a read runs past the end of the buffer; callers turn it into FILE_CORRUPT. */
export class AvroEndOfData extends Error {}

const utf8 = new TextDecoder("utf-8");

export class BinaryReader {
  pos = 0;
  private readonly view: DataView;
  constructor(readonly buf: Uint8Array) {
    this.view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  }

  get remaining(): number {
    return this.buf.length - this.pos;
  }

  private need(n: number): void {
    if (this.pos + n > this.buf.length) throw new AvroEndOfData(`needed ${n} bytes at offset ${this.pos}`);
  }

  /** A zig-zag varint as a JS number (exact while within ±2^53). */
  readLongNumber(): number {
    const v = this.readLong();
    return Number(v);
  }

  readLong(): bigint {
    const buf = this.buf;
    let n = 0;
    let mul = 1;
    let b: number;
    // Up to 7 bytes (49 bits) accumulate exactly in a double; longer values go through bigint.
    for (let i = 0; i < 7; i++) {
      if (this.pos >= buf.length) throw new AvroEndOfData("varint past end");
      b = buf[this.pos++]!;
      n += (b & 0x7f) * mul;
      if ((b & 0x80) === 0) return BigInt(n % 2 === 1 ? -(n + 1) / 2 : n / 2);
      mul *= 128;
    }
    let big = BigInt(n);
    let shift = 49n;
    for (;;) {
      if (this.pos >= buf.length) throw new AvroEndOfData("varint past end");
      b = buf[this.pos++]!;
      big |= BigInt(b & 0x7f) << shift;
      if ((b & 0x80) === 0) break;
      shift += 7n;
      if (shift > 70n) throw new AvroEndOfData("varint too long");
    }
    big = BigInt.asUintN(64, big);
    return (big >> 1n) ^ -(big & 1n);
  }

  readInt(): number {
    const buf = this.buf;
    let n = 0;
    let shift = 0;
    let b: number;
    do {
      if (this.pos >= buf.length) throw new AvroEndOfData("varint past end");
      b = buf[this.pos++]!;
      n |= (b & 0x7f) << shift;
      shift += 7;
    } while (b & 0x80 && shift < 35);
    return (n >>> 1) ^ -(n & 1);
  }

  readBoolean(): boolean {
    this.need(1);
    return this.buf[this.pos++] !== 0;
  }

  readFloat(): number {
    this.need(4);
    const v = this.view.getFloat32(this.pos, true);
    this.pos += 4;
    return v;
  }

  readDouble(): number {
    this.need(8);
    const v = this.view.getFloat64(this.pos, true);
    this.pos += 8;
    return v;
  }

  readFixed(size: number): Uint8Array {
    if (size < 0) throw new AvroEndOfData(`negative length ${size}`);
    this.need(size);
    const out = this.buf.slice(this.pos, this.pos + size);
    this.pos += size;
    return out;
  }

  readBytes(): Uint8Array {
    return this.readFixed(this.readLongNumber());
  }

  readString(): string {
    const n = this.readLongNumber();
    if (n < 0) throw new AvroEndOfData(`negative length ${n}`);
    this.need(n);
    const s = utf8.decode(this.buf.subarray(this.pos, this.pos + n));
    this.pos += n;
    return s;
  }

  /** Reads an array or map's blocks, calling `item` once per element. */
  readBlocks(item: () => void): void {
    for (;;) {
      let count = this.readLongNumber();
      if (count === 0) return;
      if (count < 0) {
        count = -count;
        this.readLong(); // block size in bytes, unused
      }
      for (let i = 0; i < count; i++) item();
    }
  }
}

export type Decoder = (r: BinaryReader) => unknown;

/**
 * Compiles a decoder. Values: long → bigint, int/float/double → number, bytes/fixed → Uint8Array,
 * enum → symbol string, map → Map, record → object keyed by field name, union → the branch's value.
 */
export function createDecoder(t: AvroType): Decoder {
  switch (t.type) {
    case "null":
      return () => null;
    case "boolean":
      return (r) => r.readBoolean();
    case "int":
      return (r) => r.readInt();
    case "long":
      return (r) => r.readLong();
    case "float":
      return (r) => r.readFloat();
    case "double":
      return (r) => r.readDouble();
    case "bytes":
      return (r) => r.readBytes();
    case "string":
      return (r) => r.readString();
    case "fixed":
      return (r) => r.readFixed(t.size);
    case "enum":
      return (r) => {
        const i = r.readInt();
        if (i < 0 || i >= t.symbols.length) throw new AvroEndOfData(`enum index ${i} out of range`);
        return t.symbols[i];
      };
    case "array": {
      const item = createDecoder(t.items);
      return (r) => {
        const out: unknown[] = [];
        r.readBlocks(() => out.push(item(r)));
        return out;
      };
    }
    case "map": {
      const value = createDecoder(t.values);
      return (r) => {
        const out = new Map<string, unknown>();
        r.readBlocks(() => {
          const k = r.readString();
          out.set(k, value(r));
        });
        return out;
      };
    }
    case "union": {
      const branches = t.branches.map(createDecoder);
      return (r) => {
        const i = r.readInt();
        const d = branches[i];
        if (!d) throw new AvroEndOfData(`union branch ${i} out of range`);
        return d(r);
      };
    }
    case "record": {
      // Records may be recursive: compile field decoders on first use.
      let fields: { name: string; d: Decoder }[] | undefined;
      return (r) => {
        fields ??= t.fields.map((f) => ({ name: f.name, d: createDecoder(f.type) }));
        const out: Record<string, unknown> = {};
        for (const f of fields) out[f.name] = f.d(r);
        return out;
      };
    }
    default: {
      const never: never = t;
      throw new Error(`unknown Avro type ${JSON.stringify(never)}`);
    }
  }
}
