import { LakelabError } from "../../errors";
import type { Frame } from "../frame";

/** A numeric column (labels, predictions) as doubles; non-numbers and NaN are typed errors. */
export function readScores(frame: Frame, name: string, param: string): Float64Array {
  const data = frame.column(name, param);
  if (data instanceof Float64Array) return data;
  const values = data as readonly unknown[];
  const out = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (typeof v !== "number" || Number.isNaN(v)) {
      throw new LakelabError(
        param === "labelCol" ? "INVALID_LABEL" : "SCHEMA_MISMATCH",
        `${param} '${name}' row ${i} is ${String(v)}; expected a number`,
        { context: { param, column: name, row: i } },
      );
    }
    out[i] = v;
  }
  return out;
}
