import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import {
  parsePythonFloat,
  pythonFloatRepr,
  pythonJsonDumps,
  pythonStr,
} from "../../src/tracking/python-format";
import { posixNormpath } from "../../src/tracking/validation";

/** Python itself is the oracle: the file store's metric lines hold str(float). */
function python(script: string, input: unknown): unknown {
  const out = execFileSync(
    "python3",
    ["-c", `import json,sys,posixpath,math\ndata=json.load(sys.stdin)\n${script}`],
    {
      input: JSON.stringify(input),
    },
  );
  return JSON.parse(out.toString());
}

function randomDoubles(n: number, seed: number): number[] {
  let s = seed;
  const next = () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648;
  };
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const exp = Math.floor(next() * 60) - 30;
    out.push((next() - 0.5) * 10 ** exp);
  }
  return out;
}

describe("Python spellings", () => {
  it("writes floats as Python's str(float), checked against python3", () => {
    const values = [
      0.97,
      0.25,
      1e-5,
      1e-4,
      0.0001234,
      1e16,
      1e15,
      123456789012345680,
      0.1 + 0.2,
      100,
      0,
      1.5e-7,
      12345.678,
      5e-324,
      1.7976931348623157e308,
      2 ** 53,
      -42,
      1e22,
      1 / 3,
      ...randomDoubles(300, 7),
    ];
    const want = python("print(json.dumps([str(float(x)) for x in data]))", values) as string[];
    expect(values.map(pythonFloatRepr)).toEqual(want);
    // JSON cannot carry these to Python; its spellings of them, for the record
    expect([Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, -0].map(pythonFloatRepr)).toEqual(
      ["nan", "inf", "-inf", "-0.0"],
    );
  });

  it("reads what Python's float() reads", () => {
    expect(parsePythonFloat("1e-05")).toBe(1e-5);
    expect(parsePythonFloat("nan")).toBeNaN();
    expect(parsePythonFloat("-inf")).toBe(Number.NEGATIVE_INFINITY);
    expect(parsePythonFloat("Infinity")).toBe(Number.POSITIVE_INFINITY);
    expect(parsePythonFloat("6046")).toBe(6046);
    expect(() => parsePythonFloat("abc")).toThrow();
    for (const x of randomDoubles(50, 3)) expect(parsePythonFloat(pythonFloatRepr(x))).toBe(x);
  });

  it("stores parameter values as str(value) and JSON as json.dumps", () => {
    expect([true, false, null, undefined, 8, 0.01, 5173553188971266738n, "x"].map(pythonStr)).toEqual([
      "True",
      "False",
      "None",
      "None",
      "8",
      "0.01",
      "5173553188971266738",
      "x",
    ]);
    const obj = { uri: "iceberg://default.training@1", n: [1, 2.5, true, null], é: "ü" };
    expect(pythonJsonDumps(obj)).toBe(python("print(json.dumps(json.dumps(data)))", obj));
  });

  it("normalises paths as posixpath.normpath", () => {
    const paths = [
      "bad/../key",
      "a/./b",
      "/abs",
      "//x",
      "///y",
      "a//b/",
      "..",
      "../a",
      "a/..",
      ".",
      "ok",
      "a/b/../../..",
      "",
    ];
    expect(paths.map(posixNormpath)).toEqual(
      python("print(json.dumps([posixpath.normpath(p) for p in data]))", paths),
    );
  });
});
