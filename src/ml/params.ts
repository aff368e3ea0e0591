import { LakelabError } from "../errors";

/** Checks a stage parameter and throws INVALID_PARAMETER_VALUE naming it. */
export function checkParam(ok: boolean, param: string, value: unknown, expected: string): void {
  if (!ok) {
    throw new LakelabError(
      "INVALID_PARAMETER_VALUE",
      `${param} must be ${expected}, got ${typeof value === "string" ? `'${value}'` : String(value)}`,
      { context: { param, value } },
    );
  }
}

export function checkColumnName(param: string, value: unknown): string {
  checkParam(typeof value === "string" && value.length > 0, param, value, "a non-empty column name");
  return value as string;
}

export function checkInteger(param: string, value: number, min: number): number {
  checkParam(Number.isInteger(value) && value >= min, param, value, `an integer >= ${min}`);
  return value;
}

export function checkNumber(
  param: string,
  value: number,
  min: number,
  max = Number.POSITIVE_INFINITY,
): number {
  checkParam(
    typeof value === "number" && !Number.isNaN(value) && value >= min && value <= max,
    param,
    value,
    max === Number.POSITIVE_INFINITY ? `a number >= ${min}` : `a number in [${min}, ${max}]`,
  );
  return value;
}
