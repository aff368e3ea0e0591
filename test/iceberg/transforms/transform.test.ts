import { describe, expect, it } from "vitest";
import { LakelabError } from "../../../src/errors";
import { toIcebergValue } from "../../../src/iceberg/expressions/literal";
import { bucketHash } from "../../../src/iceberg/transforms/bucket";
import { partitionPath, urlEncode } from "../../../src/iceberg/transforms/partition-path";
import { bindTransform } from "../../../src/iceberg/transforms/transform";

describe("bucket hash (spec appendix B test vectors)", () => {
  const cases: [Parameters<typeof toIcebergValue>[0], unknown, number][] = [
    ["int", 34, 2017239379],
    ["long", 34n, 2017239379],
    ["decimal(4, 2)", "14.20", -500754589],
    ["date", "2017-11-16", -653330422],
    ["time", 81068000000n, -662762989],
    ["timestamp", "2017-11-16T22:31:08", -2047944441],
    ["timestamptz", "2017-11-16T14:31:08-08:00", -2047944441],
    ["timestamp", "2017-11-16T22:31:08.000001", -1207196810],
    ["string", "iceberg", 1210000089],
    ["uuid", "f79c3e09-677c-4bbd-a479-3f349cb785e7", 1488055340],
    ["binary", new Uint8Array([0, 1, 2, 3]), -188683207],
    ["fixed[4]", new Uint8Array([0, 1, 2, 3]), -188683207],
  ];
  for (const [type, value, hash] of cases) {
    it(`${type} ${String(value)} → ${hash}`, () => {
      expect(bucketHash(type, toIcebergValue(type, value)!)).toBe(hash);
    });
  }

  it("bucket[N] is the non-negative hash mod N", () => {
    const t = bindTransform("bucket[16]", "int");
    expect(t.apply(34)).toBe((2017239379 & 0x7fffffff) % 16);
    expect(t.resultType).toBe("int");
    expect(t.apply(null)).toBeNull();
  });
});

describe("truncate", () => {
  it("ints, longs and decimals go down to a multiple of W; strings keep W code points", () => {
    expect(bindTransform("truncate[10]", "int").apply(1)).toBe(0);
    expect(bindTransform("truncate[10]", "int").apply(-1)).toBe(-10);
    expect(bindTransform("truncate[10]", "long").apply(-1n)).toBe(-10n);
    expect(bindTransform("truncate[50]", "decimal(9, 2)").apply("10.65")).toBe(1050n);
    expect(bindTransform("truncate[3]", "string").apply("iceberg")).toBe("ice");
    expect(bindTransform("truncate[2]", "string").apply("😀a😀")).toBe("😀a");
    expect(bindTransform("truncate[2]", "binary").apply(new Uint8Array([1, 2, 3]))).toEqual(
      new Uint8Array([1, 2]),
    );
  });
});

describe("temporal transforms", () => {
  const ts = "2023-03-01T18:15:00";
  it("year, month, day, hour of a timestamp and human strings", () => {
    const y = bindTransform("year", "timestamp");
    const m = bindTransform("month", "timestamp");
    const d = bindTransform("day", "timestamp");
    const h = bindTransform("hour", "timestamptz");
    expect(y.apply(ts)).toBe(53);
    expect(y.toHumanString(53)).toBe("2023");
    expect(m.apply(ts)).toBe(53 * 12 + 2);
    expect(m.toHumanString(53 * 12 + 2)).toBe("2023-03");
    expect(d.apply(ts)).toBe(19417);
    expect(d.resultType).toBe("date");
    expect(d.toHumanString(19417)).toBe("2023-03-01");
    expect(h.apply(ts)).toBe(19417 * 24 + 18);
    expect(h.toHumanString(19417 * 24 + 18)).toBe("2023-03-01-18");
  });

  it("floors instants before 1970", () => {
    expect(bindTransform("day", "timestamp").apply(-1n)).toBe(-1);
    expect(bindTransform("hour", "timestamp").apply(-1n)).toBe(-1);
    expect(bindTransform("month", "date").apply(-1)).toBe(-1);
    expect(bindTransform("year", "date").apply(-1)).toBe(-1);
    expect(bindTransform("month", "date").toHumanString(-1)).toBe("1969-12");
  });

  it("accepts Dates and epoch-millisecond numbers", () => {
    const day = bindTransform("day", "timestamptz");
    expect(day.apply(new Date("2023-03-02T22:00:00Z"))).toBe(19418);
    expect(day.apply(Date.UTC(2023, 2, 2, 22))).toBe(19418);
  });

  it("rejects a transform that does not fit the source type", () => {
    for (const [t, type] of [
      ["hour", "date"],
      ["day", "string"],
      ["bucket[4]", "double"],
      ["truncate[4]", "date"],
    ] as const) {
      expect(() => bindTransform(t, type)).toThrow(LakelabError);
    }
  });
});

describe("partition paths", () => {
  it("formats like Java, with URL-encoding of names and values", () => {
    const schema = {
      type: "struct" as const,
      schemaId: 0,
      fields: [
        { id: 1, name: "ts", required: false, type: "timestamp" as const },
        { id: 2, name: "name", required: false, type: "string" as const },
      ],
    };
    const spec = {
      specId: 0,
      fields: [
        { sourceId: 1, fieldId: 1000, name: "ts_day", transform: "day" as const },
        { sourceId: 2, fieldId: 1001, name: "name", transform: "identity" as const },
      ],
    };
    expect(
      partitionPath(
        spec,
        schema,
        new Map<number, unknown>([
          [1000, 19417],
          [1001, "a b/c"],
        ]),
      ),
    ).toBe("ts_day=2023-03-01/name=a+b%2Fc");
    expect(
      partitionPath(
        spec,
        schema,
        new Map<number, unknown>([
          [1000, null],
          [1001, null],
        ]),
      ),
    ).toBe("ts_day=null/name=null");
    expect(urlEncode("x=é*")).toBe("x%3D%C3%A9*");
  });
});
