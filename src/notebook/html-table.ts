import type { Table } from "apache-arrow";
import { type ArrowLike, type DataFrameLike, toArrow } from "../dataframe";
import { columnValues } from "../dataframe/column-values";
import { escapeHtml, formatCell } from "./format-cell";

export interface HtmlTableOptions {
  /** Rows shown (the first ones); the caption always gives the full count. Default 20. */
  readonly maxRows?: number;
  /** A caption shown above the row count, e.g. the table's name. */
  readonly title?: string;
}

/**
 * An HTML table of the first rows of an Arrow Table, a danfojs DataFrame or records, headed by
 * column names and Arrow types, captioned with the row count. Every value is HTML-escaped and
 * local paths inside values are shortened, so output carries no markup or absolute paths.
 * @example tslab.display.html(htmlTable(table, { maxRows: 5 }))
 */
export function htmlTable(data: ArrowLike | DataFrameLike, options: HtmlTableOptions = {}): string {
  const table: Table = toArrow(data);
  const maxRows = Math.max(0, Math.floor(options.maxRows ?? 20));
  const shown = Math.min(maxRows, table.numRows);
  const fields = table.schema.fields;
  const columns = fields.map((_, i) => columnValues(table.getChildAt(i)!.slice(0, shown)));
  const head = fields
    .map((f) => `<th title="${escapeHtml(String(f.type))}">${escapeHtml(f.name)}</th>`)
    .join("");
  const body: string[] = [];
  for (let r = 0; r < shown; r++) {
    body.push(`<tr>${columns.map((values) => `<td>${formatCell(values[r])}</td>`).join("")}</tr>`);
  }
  const count = `${plural(table.numRows, "row")} × ${plural(fields.length, "column")}`;
  const more = shown < table.numRows ? ` (first ${shown} shown)` : "";
  const title = options.title === undefined ? "" : `<strong>${escapeHtml(options.title)}</strong> · `;
  return (
    `<div class="lakelab-table"><table>` +
    `<caption style="caption-side:bottom;text-align:left">${title}${count}${more}</caption>` +
    `<thead><tr>${head}</tr></thead><tbody>${body.join("")}</tbody></table></div>`
  );
}

function plural(n: number, noun: string): string {
  return `${n.toLocaleString("en-US")} ${noun}${n === 1 ? "" : "s"}`;
}
