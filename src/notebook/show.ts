import { Table } from "apache-arrow";
import { isDataFrame } from "../dataframe";
import { RunTable } from "../tracking/run-table";
import { type Display, kernelDisplay } from "./display";
import { plainText } from "./format-cell";
import { type HtmlTableOptions, htmlTable } from "./html-table";
import { shortLocationsIn } from "./short-location";
import { textTable } from "./text-table";

export interface ShowOptions extends HtmlTableOptions {
  /** Where to show: defaults to the running tslab kernel's display, else standard output. */
  readonly display?: Display;
}

/**
 * Shows a value in the notebook: an Arrow Table, a danfojs DataFrame, an array of records or the
 * runs `searchRuns` returns as an HTML table, an SVG document as an image, anything else as text. Outside a tslab kernel
 * (and with no `display` given) it prints plain text instead.
 * @example show(await table.scan().toArrow(), { maxRows: 10 })
 */
export function show(given: unknown, options: ShowOptions = {}): void {
  const value = given instanceof RunTable ? given.records : given;
  const display = options.display ?? kernelDisplay();
  const tabular = value instanceof Table || isDataFrame(value) || isRecords(value);
  if (display === undefined) {
    console.log(tabular ? textTable(value, options) : shortLocationsIn(plainText(value)));
  } else if (tabular) {
    display.html(htmlTable(value, options));
  } else if (typeof value === "string" && /^\s*<svg[\s>]/.test(value) && display.svg !== undefined) {
    display.svg(value);
  } else {
    display.text(shortLocationsIn(plainText(value)));
  }
}

function isRecords(value: unknown): value is Record<string, unknown>[] {
  return (
    Array.isArray(value) &&
    value.every(
      (row) => typeof row === "object" && row !== null && !Array.isArray(row) && !(row instanceof Date),
    )
  );
}
