import { describe, expect, it } from "vitest";
import { toIcebergValue } from "../../../src/iceberg/expressions/literal";
import type { PrimitiveType } from "../../../src/iceberg/spec/schema";
import { fromSingleValue, toSingleValue } from "../../../src/iceberg/spec/single-value.serde";

const hex = (b: Uint8Array) => Buffer.from(b).toString("hex");

describe("single-value serialization (appendix D)", () => {
  const cases: [PrimitiveType, unknown, string][] = [
    ["boolean", true, "01"],
    ["int", -2, "feffffff"],
    ["date", "2023-03-01", "d94b0000"],
    ["long", 5173553188971266738n, "b2c238f73627cc47"],
    ["float", 1.5, "0000c03f"],
    ["double", -0.5, "000000000000e0bf"],
    ["timestamp", "1970-01-01T00:00:00.000001", "0100000000000000"],
    ["string", "é", "c3a9"],
    ["uuid", "f79c3e09-677c-4bbd-a479-3f349cb785e7", "f79c3e09677c4bbda4793f349cb785e7"],
    ["decimal(9, 2)", "14.20", "058c"],
    ["decimal(9, 2)", "-1.28", "80"],
    ["decimal(9, 2)", "1.28", "0080"],
    ["binary", new Uint8Array([0, 255]), "00ff"],
  ];
  for (const [type, value, bytes] of cases) {
    it(`${type} ${String(value)} ⇄ ${bytes}`, () => {
      const v = toIcebergValue(type, value)!;
      expect(hex(toSingleValue(type, v))).toBe(bytes);
      expect(fromSingleValue(type, new Uint8Array(Buffer.from(bytes, "hex")))).toEqual(v);
    });
  }

  it("reads 4-byte bounds of a column promoted from int to long and float to double", () => {
    expect(fromSingleValue("long", toSingleValue("int", -7))).toBe(-7n);
    expect(fromSingleValue("double", toSingleValue("float", 0.25))).toBe(0.25);
  });
});
