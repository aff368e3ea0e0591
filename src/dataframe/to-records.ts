import type { Table } from "apache-arrow";
import type { ArrowRecord } from "./arrow-like";
import { tableColumns } from "./column-values";

/**
 * The rows of `table` as plain objects. int64 → bigint (exact), timestamps → Date, nulls → null;
 * the full mapping is on `columnValues`.
 * @example toRecords(table) // [{ id: 1n, text: "hi", label: 1, at: new Date(...) }]
 */
export function toRecords(table: Table): ArrowRecord[] {
  const columns = [...tableColumns(table)];
  const rows: ArrowRecord[] = new Array(table.numRows);
  for (let r = 0; r < table.numRows; r++) {
    const row: ArrowRecord = {};
    for (const [name, values] of columns) row[name] = values[r];
    rows[r] = row;
  }
  return rows;
}
