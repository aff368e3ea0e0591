import { type ArrowLike, type DataFrameLike, toArrow } from "../dataframe";
import { columnValues } from "../dataframe/column-values";
import { plainText } from "./format-cell";
import { shortLocationsIn } from "./short-location";

const MAX_WIDTH = 40;

/**
 * The first rows of a table as aligned plain text with the row count: what `show` prints
 * outside a notebook.
 */
export function textTable(
  data: ArrowLike | DataFrameLike,
  options: { readonly maxRows?: number } = {},
): string {
  const table = toArrow(data);
  const shown = Math.min(Math.max(0, Math.floor(options.maxRows ?? 20)), table.numRows);
  const fields = table.schema.fields;
  const cells = fields.map((field, i) => [
    field.name,
    ...columnValues(table.getChildAt(i)!.slice(0, shown)).map((v) => clip(shortLocationsIn(plainText(v)))),
  ]);
  const widths = cells.map((column) => Math.max(...column.map((c) => c.length)));
  const lines: string[] = [];
  for (let r = 0; r <= shown; r++) {
    lines.push(
      cells
        .map((column, c) => column[r]!.padEnd(widths[c]!))
        .join(" | ")
        .trimEnd(),
    );
    if (r === 0) lines.push(widths.map((w) => "-".repeat(w)).join("-+-"));
  }
  const more = shown < table.numRows ? ` (first ${shown} shown)` : "";
  lines.push(`${plural(table.numRows, "row")} × ${plural(fields.length, "column")}${more}`);
  return lines.join("\n");
}

function plural(n: number, noun: string): string {
  return `${n.toLocaleString("en-US")} ${noun}${n === 1 ? "" : "s"}`;
}

function clip(s: string): string {
  const oneLine = s.replace(/\s+/g, " ");
  return oneLine.length <= MAX_WIDTH ? oneLine : `${oneLine.slice(0, MAX_WIDTH - 1)}…`;
}
