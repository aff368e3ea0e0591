import { describe, expect, it } from "vitest";
import { LakelabError } from "../../../src/errors";
import { parseJson, stringifyJson } from "../../../src/iceberg/spec/json";

describe("bigint-safe JSON", () => {
  it("keeps integers beyond 2^53 exact and small ones as numbers", () => {
    const v = parseJson(
      '{"a":5173553188971266738,"b":-9223372036854775808,"c":42,"d":1.5e3,"e":"x\\"y","f":[true,null]}',
    ) as Record<string, unknown>;
    expect(v.a).toBe(5173553188971266738n);
    expect(v.b).toBe(-9223372036854775808n);
    expect(v.c).toBe(42);
    expect(v.d).toBe(1500);
    expect(v.e).toBe('x"y');
    expect(v.f).toEqual([true, null]);
  });

  it("round-trips bigints as exact decimals and matches JSON.stringify otherwise", () => {
    const value = { id: 5173553188971266738n, s: "é\n", n: [1, 2.5, null], o: {}, a: [], u: undefined };
    const text = stringifyJson(value, 2);
    expect(text).toContain('"id": 5173553188971266738');
    expect(parseJson(text)).toEqual({ id: 5173553188971266738n, s: "é\n", n: [1, 2.5, null], o: {}, a: [] });
    const plain = { s: "a", n: [1, { x: false }], o: {} };
    expect(stringifyJson(plain, 2)).toBe(JSON.stringify(plain, null, 2));
    expect(stringifyJson(plain)).toBe(JSON.stringify(plain));
  });

  it("names the source on bad input", () => {
    for (const bad of ['{"a":', "[1,,2]", '{"a" 1}', '"abc', "{} x", "tru"]) {
      try {
        parseJson(bad, "file.json");
        expect.unreachable(`parsed ${bad}`);
      } catch (err) {
        expect(err).toBeInstanceOf(LakelabError);
        expect((err as LakelabError).code).toBe("METADATA_CORRUPT");
        expect((err as LakelabError).message).toContain("file.json");
      }
    }
  });
});
