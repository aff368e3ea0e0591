import { DuckDBInstance } from "@duckdb/node-api";
import { toLocalPath } from "../../../src/iceberg/io";

/** An independent Parquet reader: DuckDB's view of a data file's field ids and rows. */
export async function duckdbRead(location: string): Promise<{
  fieldIds: Record<string, number | null>;
  rows: Record<string, unknown>[];
}> {
  const instance = await DuckDBInstance.create(":memory:");
  const conn = await instance.connect();
  try {
    const file = toLocalPath(location).replaceAll("'", "''");
    const schema = (
      await conn.runAndReadAll(`SELECT name, field_id FROM parquet_schema('${file}')`)
    ).getRowObjectsJS();
    const fieldIds = Object.fromEntries(
      schema
        .filter((r) => r.name !== "arrow_schema" && r.name !== "schema")
        .map((r) => [r.name, r.field_id === null ? null : Number(r.field_id)]),
    );
    const rows = (await conn.runAndReadAll(`SELECT * FROM read_parquet('${file}')`)).getRowObjectsJS();
    return { fieldIds, rows };
  } finally {
    conn.closeSync();
    instance.closeSync();
  }
}
