/**
 * Bigint-safe JSON. Integers outside ±(2^53 − 1) parse as `bigint` (snapshot ids such as
 * 5173553188971266738 would silently round through a float); `bigint` values stringify as exact
 * decimals. Everything else behaves like `JSON.parse` / `JSON.stringify`.
 */
import { LakelabError } from "../../errors";

export type JsonValue =
  | null
  | boolean
  | number
  | bigint
  | string
  | JsonValue[]
  | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

/** Parses JSON text; `source` (a file name) is named in the error when the text is not JSON. */
export function parseJson(text: string, source = "JSON text"): JsonValue {
  const p = new Parser(text, source);
  p.ws();
  const v = p.value();
  p.ws();
  if (p.i < text.length) p.fail("unexpected content after the JSON value");
  return v;
}

const NUMBER_RE = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

class Parser {
  i = 0;
  constructor(
    readonly s: string,
    readonly source: string,
  ) {}

  fail(what: string): never {
    throw new LakelabError(
      "METADATA_CORRUPT",
      `${this.source} is not valid JSON: ${what} at offset ${this.i}`,
      {
        context: { source: this.source, offset: this.i },
      },
    );
  }

  ws(): void {
    const s = this.s;
    let i = this.i;
    for (;;) {
      const c = s.charCodeAt(i);
      if (c === 32 || c === 10 || c === 13 || c === 9) i++;
      else break;
    }
    this.i = i;
  }

  value(): JsonValue {
    const c = this.s[this.i];
    if (c === "{") return this.object();
    if (c === "[") return this.array();
    if (c === '"') return this.string();
    if (c === "t") return this.literal("true", true);
    if (c === "f") return this.literal("false", false);
    if (c === "n") return this.literal("null", null);
    return this.number();
  }

  literal<T extends JsonValue>(word: string, v: T): T {
    if (!this.s.startsWith(word, this.i)) this.fail(`expected '${word}'`);
    this.i += word.length;
    return v;
  }

  number(): number | bigint {
    NUMBER_RE.lastIndex = this.i;
    const m = NUMBER_RE.exec(this.s);
    if (m === null || m[0].length === 0) this.fail("expected a value");
    const text = m[0];
    this.i += text.length;
    const n = Number(text);
    if (Number.isSafeInteger(n) || !/^-?\d+$/.test(text)) return n;
    return BigInt(text);
  }

  string(): string {
    const s = this.s;
    const start = ++this.i;
    const end = s.indexOf('"', start);
    // Fast path: no escapes in the string.
    if (end >= 0 && s.lastIndexOf("\\", end) < start) {
      this.i = end + 1;
      return s.slice(start, end);
    }
    let i = start;
    for (;;) {
      const c = s.charCodeAt(i);
      if (Number.isNaN(c)) {
        this.i = i;
        this.fail("unterminated string");
      }
      if (c === 34) break;
      if (c === 92) i += 2;
      else i++;
    }
    this.i = i + 1;
    try {
      return JSON.parse(s.slice(start - 1, i + 1)) as string;
    } catch {
      this.i = start;
      return this.fail("invalid string escape");
    }
  }

  array(): JsonValue[] {
    this.i++;
    const out: JsonValue[] = [];
    this.ws();
    if (this.s[this.i] === "]") {
      this.i++;
      return out;
    }
    for (;;) {
      this.ws();
      out.push(this.value());
      this.ws();
      const c = this.s[this.i++];
      if (c === "]") return out;
      if (c !== ",") {
        this.i--;
        this.fail("expected ',' or ']'");
      }
    }
  }

  object(): JsonObject {
    this.i++;
    const out: JsonObject = {};
    this.ws();
    if (this.s[this.i] === "}") {
      this.i++;
      return out;
    }
    for (;;) {
      this.ws();
      if (this.s[this.i] !== '"') this.fail("expected a property name");
      const key = this.string();
      this.ws();
      if (this.s[this.i++] !== ":") {
        this.i--;
        this.fail("expected ':'");
      }
      this.ws();
      out[key] = this.value();
      this.ws();
      const c = this.s[this.i++];
      if (c === "}") return out;
      if (c !== ",") {
        this.i--;
        this.fail("expected ',' or '}'");
      }
    }
  }
}

/** Stringifies like `JSON.stringify(value, null, indent)`, writing bigints as exact decimals. */
export function stringifyJson(value: unknown, indent = 0): string {
  const pad = " ".repeat(indent);
  const write = (v: unknown, depth: string): string | undefined => {
    if (v === null) return "null";
    switch (typeof v) {
      case "bigint":
        return v.toString();
      case "number":
        return Number.isFinite(v) ? String(v) : "null";
      case "boolean":
        return v ? "true" : "false";
      case "string":
        return JSON.stringify(v);
      case "undefined":
      case "function":
      case "symbol":
        return undefined;
      default:
        break;
    }
    const inner = depth + pad;
    const nl = indent > 0 ? `\n${inner}` : "";
    const close = indent > 0 ? `\n${depth}` : "";
    const sep = indent > 0 ? ": " : ":";
    if (Array.isArray(v)) {
      if (v.length === 0) return "[]";
      const items = v.map((x) => write(x, inner) ?? "null");
      return `[${nl}${items.join(`,${nl}`)}${close}]`;
    }
    const parts: string[] = [];
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
      const s = write(x, inner);
      if (s !== undefined) parts.push(`${JSON.stringify(k)}${sep}${s}`);
    }
    if (parts.length === 0) return "{}";
    return `{${nl}${parts.join(`,${nl}`)}${close}}`;
  };
  return write(value, "") ?? "null";
}

/**
 * Typed, validating access to one JSON object of a metadata file: every failure is
 * METADATA_CORRUPT naming the file and the field path (`snapshots[2].snapshot-id`).
 */
export class JsonFields {
  constructor(
    readonly obj: JsonObject,
    readonly path: string,
    readonly source: string,
  ) {}

  static of(v: JsonValue | undefined, path: string, source: string): JsonFields {
    if (v === null || typeof v !== "object" || Array.isArray(v)) {
      throw corrupt(source, path, "an object", v);
    }
    return new JsonFields(v, path, source);
  }

  has(key: string): boolean {
    return this.obj[key] !== undefined && this.obj[key] !== null;
  }

  private at(key: string): string {
    return this.path === "" ? key : `${this.path}.${key}`;
  }

  private need(key: string, what: string): JsonValue {
    const v = this.obj[key];
    if (v === undefined || v === null) {
      throw new LakelabError(
        "METADATA_CORRUPT",
        `${this.source}: required field '${this.at(key)}' is missing (expected ${what})`,
        {
          context: { source: this.source, field: this.at(key) },
        },
      );
    }
    return v;
  }

  int(key: string): number {
    const v = this.need(key, "an integer");
    if (typeof v !== "number" || !Number.isInteger(v))
      throw corrupt(this.source, this.at(key), "an integer", v);
    return v;
  }

  optInt(key: string): number | undefined {
    return this.has(key) ? this.int(key) : undefined;
  }

  long(key: string): bigint {
    const v = this.need(key, "a 64-bit integer");
    if (typeof v === "bigint") return v;
    if (typeof v === "number" && Number.isInteger(v)) return BigInt(v);
    if (typeof v === "string" && /^-?\d+$/.test(v)) return BigInt(v);
    throw corrupt(this.source, this.at(key), "a 64-bit integer", v);
  }

  optLong(key: string): bigint | undefined {
    return this.has(key) ? this.long(key) : undefined;
  }

  str(key: string): string {
    const v = this.need(key, "a string");
    if (typeof v !== "string") throw corrupt(this.source, this.at(key), "a string", v);
    return v;
  }

  optStr(key: string): string | undefined {
    return this.has(key) ? this.str(key) : undefined;
  }

  bool(key: string): boolean {
    const v = this.need(key, "a boolean");
    if (typeof v !== "boolean") throw corrupt(this.source, this.at(key), "a boolean", v);
    return v;
  }

  optBool(key: string): boolean | undefined {
    return this.has(key) ? this.bool(key) : undefined;
  }

  obj_(key: string): JsonFields {
    return JsonFields.of(this.need(key, "an object"), this.at(key), this.source);
  }

  arr(key: string): JsonValue[] {
    const v = this.need(key, "an array");
    if (!Array.isArray(v)) throw corrupt(this.source, this.at(key), "an array", v);
    return v;
  }

  /** The elements of an array field that are objects, each with its indexed path. */
  objects(key: string): JsonFields[] {
    return this.arr(key).map((x, i) => JsonFields.of(x, `${this.at(key)}[${i}]`, this.source));
  }

  optObjects(key: string): JsonFields[] {
    return this.has(key) ? this.objects(key) : [];
  }

  /** A string → string map (properties, summaries). */
  strMap(key: string): Record<string, string> {
    const o = this.obj_(key).obj;
    const out: Record<string, string> = {};
    for (const [k, v] of Object.entries(o)) {
      if (v === null) continue;
      out[k] = typeof v === "string" ? v : stringifyJson(v);
    }
    return out;
  }

  raw(key: string): JsonValue | undefined {
    return this.obj[key];
  }
}

function corrupt(source: string, field: string, what: string, got: unknown): LakelabError {
  const shown = typeof got === "bigint" ? got.toString() : JSON.stringify(got)?.slice(0, 60);
  return new LakelabError("METADATA_CORRUPT", `${source}: field '${field}' should be ${what}, got ${shown}`, {
    context: { source, field },
  });
}
