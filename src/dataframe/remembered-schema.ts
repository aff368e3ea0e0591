import type { Schema } from "apache-arrow";

// A DataFrame made by toDataFrame remembers the Arrow schema it came from, so that toArrow can give
// back int64, timestamp units and zones, and field metadata that danfojs has no place for.
const schemas = new WeakMap<object, Schema>();

export function rememberSchema(frame: object, schema: Schema): void {
  schemas.set(frame, schema);
}

export function rememberedSchema(frame: object): Schema | undefined {
  return schemas.get(frame);
}
