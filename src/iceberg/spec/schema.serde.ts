/** JSON shape of schemas and types (format/spec.md appendix C). */
import { LakelabError } from "../../errors";
import { JsonFields, type JsonObject, type JsonValue } from "./json";
import type { IcebergType, NestedField, PrimitiveType, Schema } from "./schema";

const SIMPLE_TYPES = new Set<string>([
  "boolean",
  "int",
  "long",
  "float",
  "double",
  "date",
  "time",
  "timestamp",
  "timestamptz",
  "timestamp_ns",
  "timestamptz_ns",
  "string",
  "uuid",
  "binary",
  "unknown",
  "variant",
]);

/** Parses a primitive type name such as `decimal(15, 2)` or `fixed[16]`; unknown names are UNSUPPORTED_FEATURE. */
export function parsePrimitiveType(name: string, where = "schema"): PrimitiveType {
  if (SIMPLE_TYPES.has(name)) return name as PrimitiveType;
  const dec = /^decimal\(\s*(\d+)\s*,\s*(\d+)\s*\)$/.exec(name);
  if (dec) return `decimal(${Number(dec[1])}, ${Number(dec[2])})`;
  const fixed = /^fixed\[\s*(\d+)\s*\]$/.exec(name);
  if (fixed) return `fixed[${Number(fixed[1])}]`;
  throw new LakelabError(
    "UNSUPPORTED_FEATURE",
    `${where}: Iceberg type '${name}' is not supported (supported: ${[...SIMPLE_TYPES].join(", ")}, decimal(P, S), fixed[L])`,
    { context: { feature: `type ${name}`, where } },
  );
}

export function parseType(v: JsonValue | undefined, path: string, source: string): IcebergType {
  if (typeof v === "string") return parsePrimitiveType(v, `${source}: ${path}`);
  const f = JsonFields.of(v, path, source);
  const kind = f.str("type");
  switch (kind) {
    case "struct":
      return { type: "struct", fields: parseFields(f, source) };
    case "list":
      return {
        type: "list",
        elementId: f.int("element-id"),
        elementRequired: f.bool("element-required"),
        element: parseType(f.raw("element"), `${path}.element`, source),
      };
    case "map":
      return {
        type: "map",
        keyId: f.int("key-id"),
        key: parseType(f.raw("key"), `${path}.key`, source),
        valueId: f.int("value-id"),
        valueRequired: f.bool("value-required"),
        value: parseType(f.raw("value"), `${path}.value`, source),
      };
    default:
      return parsePrimitiveType(kind, `${source}: ${path}`);
  }
}

function parseFields(struct: JsonFields, source: string): NestedField[] {
  return struct.objects("fields").map((f) => {
    const field: NestedField = {
      id: f.int("id"),
      name: f.str("name"),
      required: f.bool("required"),
      type: parseType(f.raw("type"), `${f.path}.type`, source),
      ...(f.has("doc") ? { doc: f.str("doc") } : {}),
      ...(f.has("initial-default") ? { initialDefault: f.raw("initial-default") } : {}),
      ...(f.has("write-default") ? { writeDefault: f.raw("write-default") } : {}),
    };
    return field;
  });
}

export function parseSchema(v: JsonValue | undefined, path: string, source: string): Schema {
  const f = JsonFields.of(v, path, source);
  const ids = f.has("identifier-field-ids") ? f.arr("identifier-field-ids") : undefined;
  return {
    type: "struct",
    schemaId: f.optInt("schema-id") ?? 0,
    ...(ids && ids.length > 0 ? { identifierFieldIds: ids.map((x) => Number(x)) } : {}),
    fields: parseFields(f, source),
  };
}

export function typeToJson(t: IcebergType): JsonValue {
  if (typeof t === "string") return t;
  switch (t.type) {
    case "struct":
      return { type: "struct", fields: t.fields.map(fieldToJson) };
    case "list":
      return {
        type: "list",
        "element-id": t.elementId,
        element: typeToJson(t.element),
        "element-required": t.elementRequired,
      };
    case "map":
      return {
        type: "map",
        "key-id": t.keyId,
        key: typeToJson(t.key),
        "value-id": t.valueId,
        value: typeToJson(t.value),
        "value-required": t.valueRequired,
      };
    default: {
      const never: never = t;
      throw new Error(`unknown type ${String(never)}`);
    }
  }
}

function fieldToJson(f: NestedField): JsonObject {
  const out: JsonObject = { id: f.id, name: f.name, required: f.required, type: typeToJson(f.type) };
  if (f.doc !== undefined) out.doc = f.doc;
  if (f.initialDefault !== undefined) out["initial-default"] = f.initialDefault as JsonValue;
  if (f.writeDefault !== undefined) out["write-default"] = f.writeDefault as JsonValue;
  return out;
}

export function schemaToJson(s: Schema): JsonObject {
  const out: JsonObject = { type: "struct", "schema-id": s.schemaId };
  if (s.identifierFieldIds && s.identifierFieldIds.length > 0)
    out["identifier-field-ids"] = [...s.identifierFieldIds];
  out.fields = s.fields.map(fieldToJson);
  return out;
}

/** Every field of a schema (nested ones included) by id. */
export function indexFieldsById(fields: readonly NestedField[]): Map<number, NestedField> {
  const out = new Map<number, NestedField>();
  const visit = (t: IcebergType): void => {
    if (typeof t === "string") return;
    if (t.type === "struct") t.fields.forEach(add);
  };
  const add = (f: NestedField): void => {
    out.set(f.id, f);
    visit(f.type);
  };
  fields.forEach(add);
  return out;
}
