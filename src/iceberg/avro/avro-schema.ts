/**
 * Avro schemas as plain data, keeping every extra attribute (`field-id`, `element-id`,
 * `logicalType`, ...) because Iceberg resolves manifest fields by those ids, not by name.
 */
import { LakelabError } from "../../errors";
import type { JsonObject, JsonValue } from "../spec/json";

export type AvroPrimitiveName = "null" | "boolean" | "int" | "long" | "float" | "double" | "bytes" | "string";

export interface AvroField {
  readonly name: string;
  readonly type: AvroType;
  readonly default?: JsonValue;
  /** The Iceberg field id (`field-id` attribute), when present. */
  readonly fieldId?: number;
  readonly props: Readonly<Record<string, JsonValue>>;
}

export type AvroType =
  | { readonly type: AvroPrimitiveName; readonly props: Readonly<Record<string, JsonValue>> }
  | {
      readonly type: "record";
      readonly name: string;
      readonly fields: readonly AvroField[];
      readonly props: Readonly<Record<string, JsonValue>>;
    }
  | {
      readonly type: "enum";
      readonly name: string;
      readonly symbols: readonly string[];
      readonly props: Readonly<Record<string, JsonValue>>;
    }
  | {
      readonly type: "fixed";
      readonly name: string;
      readonly size: number;
      readonly props: Readonly<Record<string, JsonValue>>;
    }
  | { readonly type: "array"; readonly items: AvroType; readonly props: Readonly<Record<string, JsonValue>> }
  | { readonly type: "map"; readonly values: AvroType; readonly props: Readonly<Record<string, JsonValue>> }
  | {
      readonly type: "union";
      readonly branches: readonly AvroType[];
      readonly props: Readonly<Record<string, JsonValue>>;
    };

const PRIMITIVES = new Set(["null", "boolean", "int", "long", "float", "double", "bytes", "string"]);
const STRUCTURAL_KEYS = new Set([
  "type",
  "name",
  "namespace",
  "fields",
  "symbols",
  "size",
  "items",
  "values",
  "aliases",
  "default",
]);

function invalid(source: string, msg: string): LakelabError {
  return new LakelabError("FILE_CORRUPT", `${source}: invalid Avro schema: ${msg}`, { context: { source } });
}

/** Parses an Avro schema (already JSON-decoded); named types may be referenced by name. */
export function parseAvroSchema(json: JsonValue, source = "Avro schema"): AvroType {
  const named = new Map<string, AvroType>();
  const props = (o: JsonObject): Record<string, JsonValue> => {
    const out: Record<string, JsonValue> = {};
    for (const [k, v] of Object.entries(o)) if (!STRUCTURAL_KEYS.has(k)) out[k] = v;
    return out;
  };
  const fullName = (name: string, ns: string | undefined): string =>
    name.includes(".") || !ns ? name : `${ns}.${name}`;
  const visit = (j: JsonValue, ns: string | undefined): AvroType => {
    if (typeof j === "string") {
      if (PRIMITIVES.has(j)) return { type: j as AvroPrimitiveName, props: {} };
      const t = named.get(fullName(j, ns)) ?? named.get(j);
      if (!t) throw invalid(source, `unknown type name '${j}'`);
      return t;
    }
    if (Array.isArray(j)) return { type: "union", branches: j.map((b) => visit(b, ns)), props: {} };
    if (j === null || typeof j !== "object") throw invalid(source, `unexpected ${String(j)}`);
    const kind = j.type;
    if (typeof kind !== "string") return visit(kind as JsonValue, ns);
    switch (kind) {
      case "record":
      case "error": {
        const name = String(j.name ?? "");
        const innerNs =
          typeof j.namespace === "string"
            ? j.namespace
            : name.includes(".")
              ? name.slice(0, name.lastIndexOf("."))
              : ns;
        const fields: AvroField[] = [];
        const rec = { type: "record" as const, name, fields, props: props(j) };
        if (name) named.set(fullName(name, ns), rec);
        if (!Array.isArray(j.fields)) throw invalid(source, `record '${name}' has no fields array`);
        for (const f of j.fields) {
          if (f === null || typeof f !== "object" || Array.isArray(f) || typeof f.name !== "string") {
            throw invalid(source, `record '${name}' has a malformed field`);
          }
          const fid = f["field-id"];
          fields.push({
            name: f.name,
            type: visit(f.type as JsonValue, innerNs),
            ...(f.default !== undefined ? { default: f.default } : {}),
            ...(fid !== undefined ? { fieldId: Number(fid) } : {}),
            props: props(f),
          });
        }
        return rec;
      }
      case "enum": {
        const t = {
          type: "enum" as const,
          name: String(j.name),
          symbols: (j.symbols as string[]) ?? [],
          props: props(j),
        };
        named.set(fullName(t.name, ns), t);
        return t;
      }
      case "fixed": {
        const t = { type: "fixed" as const, name: String(j.name), size: Number(j.size), props: props(j) };
        named.set(fullName(t.name, ns), t);
        return t;
      }
      case "array":
        return { type: "array", items: visit(j.items as JsonValue, ns), props: props(j) };
      case "map":
        return { type: "map", values: visit(j.values as JsonValue, ns), props: props(j) };
      default:
        if (PRIMITIVES.has(kind)) return { type: kind as AvroPrimitiveName, props: props(j) };
        return visit(kind, ns);
    }
  };
  return visit(json, undefined);
}

/** The non-null branch of a `["null", T]` union, or the type itself. */
export function nonNull(t: AvroType): AvroType {
  if (t.type !== "union") return t;
  return t.branches.find((b) => b.type !== "null") ?? t;
}
