import { Table } from "apache-arrow";
import type { DataFrame } from "danfojs";
import type { ArrowLike, ArrowRecord } from "./arrow-like";
import { isDataFrame } from "./data-frame-like";
import { toDataFrame } from "./to-data-frame";
import { toRecords } from "./to-records";

/**
 * `table` given back as the same kind of value as `input`: a Table for a Table, a danfojs
 * DataFrame for a DataFrame, records for records. Stages that take any tabular input use it
 * to answer in the caller's terms.
 * @example fromArrowLike(df, toArrow(df)) // a danfojs DataFrame again
 */
export function fromArrowLike(input: Table, table: Table): Table;
export function fromArrowLike(input: DataFrame, table: Table): DataFrame;
export function fromArrowLike(input: readonly ArrowRecord[], table: Table): ArrowRecord[];
export function fromArrowLike(input: ArrowLike, table: Table): ArrowLike;
export function fromArrowLike(input: ArrowLike, table: Table): ArrowLike {
  if (input instanceof Table) return table;
  if (isDataFrame(input)) return toDataFrame(table);
  return toRecords(table);
}
