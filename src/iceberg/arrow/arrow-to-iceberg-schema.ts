import * as arrow from "apache-arrow";
import type { IcebergType, NestedField, Schema } from "../spec/schema";
import { arrowToIcebergPrimitive } from "./arrow-to-iceberg-type";

export interface AssignedSchema {
  readonly schema: Schema;
  readonly lastColumnId: number;
}

/**
 * An Arrow schema as an Iceberg schema. Field ids are assigned by the table: a field whose
 * name (path) exists in `base` keeps its id, new fields take ids after `lastColumnId`
 * (as Iceberg's replace-table does). Nullable → optional.
 * @example arrowToIcebergSchema(table.schema).schema // ids 1..n
 */
export function arrowToIcebergSchema(
  arrowSchema: arrow.Schema,
  options: { base?: Schema; lastColumnId?: number; schemaId?: number } = {},
): AssignedSchema {
  let last = options.lastColumnId ?? 0;
  const byPath = new Map<string, number>();
  if (options.base) collectIds(options.base.fields, "", byPath);
  const idFor = (path: string): number => byPath.get(path) ?? ++last;

  // Ids of one struct's fields are taken before any nested field's, as Iceberg assigns them.
  const convertStruct = (fields: readonly arrow.Field[], prefix: string): NestedField[] => {
    const ids = fields.map((f) => idFor(`${prefix}${f.name}`));
    return fields.map((f, i) => ({
      id: ids[i]!,
      name: f.name,
      required: !f.nullable,
      type: convertType(f.type, `${prefix}${f.name}`),
    }));
  };
  const convertType = (type: arrow.DataType, path: string): IcebergType => {
    if (arrow.DataType.isStruct(type))
      return { type: "struct", fields: convertStruct(type.children, `${path}.`) };
    if (arrow.DataType.isList(type) || arrow.DataType.isFixedSizeList(type)) {
      const child = type.children[0]!;
      const elementId = idFor(`${path}.element`);
      return {
        type: "list",
        elementId,
        elementRequired: !child.nullable,
        element: convertType(child.type, `${path}.element`),
      };
    }
    if (arrow.DataType.isMap(type)) {
      const [key, value] = type.children[0]!.type.children as arrow.Field[];
      const keyId = idFor(`${path}.key`);
      const valueId = idFor(`${path}.value`);
      return {
        type: "map",
        keyId,
        key: convertType(key!.type, `${path}.key`),
        valueId,
        valueRequired: !value!.nullable,
        value: convertType(value!.type, `${path}.value`),
      };
    }
    return arrowToIcebergPrimitive(type, path);
  };

  const fields = convertStruct(arrowSchema.fields, "");
  return { schema: { type: "struct", schemaId: options.schemaId ?? 0, fields }, lastColumnId: last };
}

function collectIds(fields: readonly NestedField[], prefix: string, out: Map<string, number>): void {
  for (const f of fields) {
    const path = `${prefix}${f.name}`;
    out.set(path, f.id);
    collectTypeIds(f.type, path, out);
  }
}

function collectTypeIds(type: IcebergType, path: string, out: Map<string, number>): void {
  if (typeof type === "string") return;
  switch (type.type) {
    case "struct":
      collectIds(type.fields, `${path}.`, out);
      return;
    case "list":
      out.set(`${path}.element`, type.elementId);
      collectTypeIds(type.element, `${path}.element`, out);
      return;
    case "map":
      out.set(`${path}.key`, type.keyId);
      out.set(`${path}.value`, type.valueId);
      collectTypeIds(type.key, `${path}.key`, out);
      collectTypeIds(type.value, `${path}.value`, out);
      return;
    default: {
      const never: never = type;
      throw new Error(`unreachable ${String(never)}`);
    }
  }
}

/** True when two schemas have the same fields (ids, names, types, required-ness), ignoring schema ids. */
export function sameFields(a: Schema, b: Schema): boolean {
  return JSON.stringify(a.fields) === JSON.stringify(b.fields);
}
