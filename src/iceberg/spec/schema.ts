/** Iceberg schemas and types, as plain data (format/spec.md "Schemas and Data Types"). */

export type PrimitiveType =
  | "boolean"
  | "int"
  | "long"
  | "float"
  | "double"
  | "date"
  | "time"
  | "timestamp"
  | "timestamptz"
  | "timestamp_ns"
  | "timestamptz_ns"
  | "string"
  | "uuid"
  | "binary"
  | `fixed[${number}]`
  | `decimal(${number}, ${number})`
  | "unknown"
  | "variant";

export interface NestedField {
  readonly id: number;
  readonly name: string;
  readonly required: boolean;
  readonly type: IcebergType;
  readonly doc?: string;
  readonly initialDefault?: unknown;
  readonly writeDefault?: unknown;
}

export interface StructType {
  readonly type: "struct";
  readonly fields: readonly NestedField[];
}

export interface ListType {
  readonly type: "list";
  readonly elementId: number;
  readonly elementRequired: boolean;
  readonly element: IcebergType;
}

export interface MapType {
  readonly type: "map";
  readonly keyId: number;
  readonly key: IcebergType;
  readonly valueId: number;
  readonly valueRequired: boolean;
  readonly value: IcebergType;
}

export type IcebergType = PrimitiveType | StructType | ListType | MapType;

export interface Schema {
  readonly type: "struct";
  readonly schemaId: number;
  readonly identifierFieldIds?: readonly number[];
  readonly fields: readonly NestedField[];
}

export function isPrimitive(t: IcebergType): t is PrimitiveType {
  return typeof t === "string";
}
