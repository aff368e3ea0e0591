import { describe, expect, it } from "vitest";
import { isLakelabError } from "../../../src/errors";
import { pageOffset, pageToken, parseOrderBy } from "../../../src/tracking/search/run-matcher";
import { parseSearchFilter } from "../../../src/tracking/search/search-filter";

function fails(filter: string): string {
  try {
    parseSearchFilter(filter);
  } catch (err) {
    expect(isLakelabError(err, "INVALID_PARAMETER_VALUE"), String(err)).toBe(true);
    return (err as Error).message;
  }
  throw new Error(`expected ${filter} to be rejected`);
}

describe("MLflow search filter grammar", () => {
  it("parses the clause forms MLflow accepts", () => {
    expect(
      parseSearchFilter(
        "params.maxIter = '8' and metrics.acc > 0.9 AND tags.`my tag` LIKE '%x%' and attributes.status = \"FINISHED\" and datasets.name ILIKE 'train%'",
      ),
    ).toEqual([
      { type: "parameter", key: "maxIter", comparator: "=", value: "8" },
      { type: "metric", key: "acc", comparator: ">", value: 0.9 },
      { type: "tag", key: "my tag", comparator: "LIKE", value: "%x%" },
      { type: "attribute", key: "status", comparator: "=", value: "FINISHED" },
      { type: "dataset", key: "name", comparator: "ILIKE", value: "train%" },
    ]);
    expect(parseSearchFilter("tags.mlflow.parentRunId = 'abc'")[0]).toMatchObject({
      type: "tag",
      key: "mlflow.parentRunId",
    });
    expect(parseSearchFilter("param.\"a b\" != 'x'")[0]).toMatchObject({
      type: "parameter",
      key: "a b",
      comparator: "!=",
    });
    expect(parseSearchFilter("run_id IN ('a1', 'b2')")[0]).toMatchObject({
      type: "attribute",
      comparator: "IN",
      value: ["a1", "b2"],
    });
    expect(parseSearchFilter("attributes.run_id NOT IN ('a1')")[0]).toMatchObject({ comparator: "NOT IN" });
    expect(parseSearchFilter("attribute.start_time >= 1795824000000")[0]).toMatchObject({
      value: 1795824000000,
    });
    expect(parseSearchFilter("metrics.loss <= -1.5e-3")[0]).toMatchObject({ value: -0.0015 });
    expect(parseSearchFilter("")).toEqual([]);
  });

  it("rejects what MLflow rejects, saying what would be right", () => {
    expect(fails("params.maxIter = = '8'")).toContain("Invalid clause(s)");
    expect(fails("params.maxIter = 8")).toContain("quoted string");
    expect(fails("metrics.acc > '0.9'")).toContain("numeric");
    expect(fails("metrics.acc LIKE '0.9'")).toContain("Invalid comparator");
    expect(fails("params.a = 'x' or params.b = 'y'")).toContain("Invalid clause(s)");
    expect(fails("foo.bar = 'x'")).toContain("Invalid entity type 'foo'");
    expect(fails("attributes.nope = 'x'")).toContain("Invalid attribute key 'nope'");
    expect(fails("datasets.size = 'x'")).toContain("Invalid dataset key");
    expect(fails("attributes.status IN ('A')")).toContain("Only the 'run_id' attribute");
    expect(fails("params.a = 'x' and")).toContain("Invalid clause(s)");
  });

  it("parses order_by clauses and MLflow's page tokens", () => {
    expect(parseOrderBy("metrics.acc DESC")).toEqual({ type: "metric", key: "acc", ascending: false });
    expect(parseOrderBy("tags.`my tag`")).toEqual({ type: "tag", key: "my tag", ascending: true });
    expect(parseOrderBy("start_time asc")).toEqual({ type: "attribute", key: "start_time", ascending: true });
    expect(pageToken(2)).toBe("eyJvZmZzZXQiOiAyfQ==");
    expect(pageOffset("eyJvZmZzZXQiOiAxfQ==")).toBe(1);
    expect(() => pageOffset("garbage")).toThrow(/Invalid page token/);
  });
});
