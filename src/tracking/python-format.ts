/**
 * Python's spellings of values, where MLflow writes what Python's `str()` / `float()` produce:
 * metric lines hold `str(float)` and parameter values hold `str(value)`.
 */

/** Python's `repr(float)`: shortest round-trip digits, `1.0`, `1e-05`, `1e+16`, `nan`, `inf`. */
export function pythonFloatRepr(x: number): string {
  if (Number.isNaN(x)) return "nan";
  if (x === Number.POSITIVE_INFINITY) return "inf";
  if (x === Number.NEGATIVE_INFINITY) return "-inf";
  if (x === 0) return Object.is(x, -0) ? "-0.0" : "0.0";
  // toExponential() without an argument gives the shortest digits that round-trip, like Python's repr
  const [mantissa, expText] = x.toExponential().split("e") as [string, string];
  const exp = Number(expText);
  const negative = mantissa.startsWith("-");
  const digits = mantissa.replace("-", "").replace(".", "");
  const sign = negative ? "-" : "";
  if (exp < -4 || exp >= 16) {
    const frac = digits.length > 1 ? `.${digits.slice(1)}` : "";
    const expSign = exp < 0 ? "-" : "+";
    return `${sign}${digits[0]}${frac}e${expSign}${String(Math.abs(exp)).padStart(2, "0")}`;
  }
  if (exp < 0) return `${sign}0.${"0".repeat(-exp - 1)}${digits}`;
  const intPart = digits.slice(0, exp + 1).padEnd(exp + 1, "0");
  const fracPart = digits.slice(exp + 1);
  return `${sign}${intPart}.${fracPart === "" ? "0" : fracPart}`;
}

/** Python's `float(text)`: accepts `nan`, `inf`, `infinity` in any case and with a sign. */
export function parsePythonFloat(text: string): number {
  const t = text.trim().toLowerCase();
  const body = t.replace(/^[+-]/, "");
  const negative = t.startsWith("-");
  if (body === "nan") return Number.NaN;
  if (body === "inf" || body === "infinity")
    return negative ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
  const value = t === "" ? Number.NaN : Number(t.replace(/_/g, ""));
  if (Number.isNaN(value)) throw new RangeError(`not a Python float: ${JSON.stringify(text)}`);
  return value;
}

/**
 * A parameter or tag value as MLflow stores it (`str(value)`): strings verbatim, booleans
 * `True`/`False`, null/undefined `None`, bigint exact; numbers in JS's shortest form.
 */
export function pythonStr(value: unknown): string {
  if (typeof value === "string") return value;
  if (value === null || value === undefined) return "None";
  if (typeof value === "boolean") return value ? "True" : "False";
  if (typeof value === "bigint") return value.toString();
  if (typeof value === "number") {
    if (Number.isNaN(value)) return "nan";
    if (!Number.isFinite(value)) return value > 0 ? "inf" : "-inf";
    return String(value);
  }
  return JSON.stringify(value, (_k, v) => (typeof v === "bigint" ? v.toString() : v));
}

/** Python's json.dumps(obj) text: `", "` and `": "` separators, non-ASCII escaped as \uXXXX. */
export function pythonJsonDumps(value: unknown): string {
  if (value === null || value === undefined) return "null";
  if (typeof value === "string")
    return JSON.stringify(value).replace(
      /[\u007f-\uffff]/g,
      (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
    );
  if (typeof value === "bigint") return value.toString();
  if (typeof value === "number")
    return Number.isNaN(value)
      ? "NaN"
      : Number.isFinite(value)
        ? pythonNumber(value)
        : value > 0
          ? "Infinity"
          : "-Infinity";
  if (typeof value === "boolean") return value ? "true" : "false";
  if (Array.isArray(value)) return `[${value.map(pythonJsonDumps).join(", ")}]`;
  const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
  return `{${entries.map(([k, v]) => `${pythonJsonDumps(k)}: ${pythonJsonDumps(v)}`).join(", ")}}`;
}

function pythonNumber(n: number): string {
  return Number.isInteger(n) && Math.abs(n) < 1e16 ? String(n) : pythonFloatRepr(n);
}
