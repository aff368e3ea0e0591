import * as arrow from "apache-arrow";

/** Column builders shared by the metadata tables: Spark/pyiceberg column types. */
export const tsType = () => new arrow.TimestampMillisecond("UTC");

export function longs(values: readonly (bigint | null | undefined)[]): arrow.Vector {
  return arrow.vectorFromArray(
    values.map((v) => v ?? null),
    new arrow.Int64(),
  );
}

export function timestamps(ms: readonly number[]): arrow.Vector {
  return arrow.vectorFromArray(ms, tsType());
}

export function strings(values: readonly (string | null | undefined)[]): arrow.Vector {
  return arrow.vectorFromArray(
    values.map((v) => v ?? null),
    new arrow.Utf8(),
  );
}

export function ints(values: readonly (number | null | undefined)[]): arrow.Vector {
  return arrow.vectorFromArray(
    values.map((v) => v ?? null),
    new arrow.Int32(),
  );
}

/** map<string, string>, as Spark shows a snapshot summary. */
export function stringMaps(values: readonly Readonly<Record<string, string>>[]): arrow.Vector {
  const entry = new arrow.Struct<{ key: arrow.Utf8; value: arrow.Utf8 }>([
    new arrow.Field("key", new arrow.Utf8(), false),
    new arrow.Field("value", new arrow.Utf8(), true),
  ]);
  const type = new arrow.Map_(new arrow.Field("entries", entry, false));
  return arrow.vectorFromArray(
    values.map((r) => new Map(Object.entries(r))),
    type,
  );
}
