import {
  Bool,
  Dictionary,
  Field,
  Float64,
  Int32,
  Int64,
  List,
  makeData,
  makeVector,
  Table,
  Timestamp,
  TimeUnit,
  Utf8,
  vectorFromArray,
} from "apache-arrow";
import { describe, expect, it } from "vitest";
import { columnValues, toArrow, toRecords } from "../../src/dataframe";

function timestamps(unit: TimeUnit, zone: string | null, raw: bigint[]) {
  const type = new Timestamp(unit, zone);
  return makeVector(makeData({ type, length: raw.length, nullCount: 0, data: new BigInt64Array(raw) }));
}

describe("toRecords", () => {
  it("maps each Arrow type to its plain JS value", () => {
    const table = new Table({
      id: vectorFromArray([1n, 9_007_199_254_740_993n, null], new Int64()),
      n: vectorFromArray([1, null, -3], new Int32()),
      score: vectorFromArray([0.25, Number.NaN, null], new Float64()),
      text: vectorFromArray(["x", null, "z"], new Utf8()),
      cat: vectorFromArray(["a", "b", "a"], new Dictionary(new Utf8(), new Int32())),
      flag: vectorFromArray([true, false, null], new Bool()),
      words: vectorFromArray([["a"], [], null], new List(new Field("item", new Utf8(), true))),
    });
    const rows = toRecords(table);
    expect(rows).toEqual([
      { id: 1n, n: 1, score: 0.25, text: "x", cat: "a", flag: true, words: ["a"] },
      {
        id: 9_007_199_254_740_993n,
        n: null,
        score: Number.NaN,
        text: null,
        cat: "b",
        flag: false,
        words: [],
      },
      { id: null, n: -3, score: null, text: "z", cat: "a", flag: null, words: null },
    ]);
  });

  it("turns timestamps of every unit, with or without zone, into Dates floored to the millisecond", () => {
    const ms = timestamps(TimeUnit.MILLISECOND, null, [1_700_000_000_123n]);
    const us = timestamps(TimeUnit.MICROSECOND, "UTC", [1_700_000_000_123_999n, -1_500n]);
    const s = timestamps(TimeUnit.SECOND, "Europe/Paris", [5n]);
    expect(columnValues(ms)).toEqual([new Date(1_700_000_000_123)]);
    expect(columnValues(us)).toEqual([new Date(1_700_000_000_123), new Date(-2)]);
    expect(columnValues(s)).toEqual([new Date(5000)]);
  });

  it("round-trips records → Arrow → records for every inferred type", () => {
    const records = [
      { id: 5_173_553_188_971_266_738n, label: 1, text: "spam spam", ok: true, at: new Date(0), gone: null },
      { id: -1n, label: 0.5, text: "", ok: false, at: new Date(86_400_000), gone: null },
    ];
    expect(toRecords(toArrow(records))).toEqual(records);
  });
});
