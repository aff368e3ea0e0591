import { LakelabError } from "../errors";
import type { Frame } from "./frame";

/** The string column `name` (named by stage parameter `param`); anything else is a typed error. */
export function readTextColumn(frame: Frame, name: string, param: string): readonly string[] {
  const values = frame.column(name, param);
  if (!Array.isArray(values)) throw notText(name, param, 0, values);
  for (let i = 0; i < values.length; i++) {
    if (typeof values[i] !== "string") throw notText(name, param, i, values[i]);
  }
  return values as string[];
}

/** The token-list column `name`: arrays of strings (danfojs: JSON strings of arrays). */
export function readTokensColumn(frame: Frame, name: string, param: string): readonly (readonly string[])[] {
  const values = frame.column(name, param);
  if (!Array.isArray(values)) throw notText(name, param, 0, values, "an array of strings");
  const fromDanfo = frame.source.kind === "danfo";
  const out = new Array<readonly string[]>(values.length);
  for (let i = 0; i < values.length; i++) {
    let v = values[i];
    if (fromDanfo && typeof v === "string") v = JSON.parse(v);
    if (!Array.isArray(v) || !v.every((t) => typeof t === "string")) {
      throw notText(name, param, i, v, "an array of strings");
    }
    out[i] = v;
  }
  return out;
}

function notText(
  name: string,
  param: string,
  row: number,
  value: unknown,
  expected = "a string",
): LakelabError {
  const got = value === null ? "null" : Array.isArray(value) ? "an array" : typeof value;
  return new LakelabError(
    "SCHEMA_MISMATCH",
    `${param} '${name}' must hold ${expected} in every row, but row ${row} holds ${got}`,
    { context: { param, column: name, row } },
  );
}
