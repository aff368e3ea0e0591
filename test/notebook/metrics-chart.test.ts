import { describe, expect, it } from "vitest";
import { LakelabError } from "../../src/errors";
import { domain, metricsChartSvg } from "../../src/notebook/metrics-chart";
import { readSvg } from "./svg-reader";

const runs: { label: string; metrics: Record<string, number> }[] = [
  { label: "exp1", metrics: { areaUnderROC: 0.9871, accuracy: 0.9612, train_row_count: 4837 } },
  { label: "exp2", metrics: { areaUnderROC: 0.9912, accuracy: 0.9701 } },
];

describe("metricsChartSvg", () => {
  it("plots the metrics every run has, one dot per run, with the values printed", () => {
    const parsed = readSvg(metricsChartSvg(runs, { title: "exp1 vs exp2" }));
    expect(parsed.texts[0]).toBe("exp1 vs exp2");
    expect(parsed.texts).toEqual(expect.arrayContaining(["exp1", "exp2", "areaUnderROC", "accuracy"]));
    expect(parsed.texts).not.toContain("train_row_count");
    expect(parsed.texts).toEqual(expect.arrayContaining(["0.9871", "0.9912", "0.9612", "0.9701"]));
    // 2 legend dots + 2 metrics × 2 runs
    expect(parsed.circles).toHaveLength(6);
    const dots = parsed.circles.slice(2);
    // larger value → further right, within a metric band
    expect(dots[1].cx).toBeGreaterThan(dots[0].cx);
    expect(dots[3].cx).toBeGreaterThan(dots[2].cx);
  });

  it("rejects a metric a run does not have, naming both", () => {
    try {
      metricsChartSvg(runs, { metrics: ["train_row_count"] });
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(LakelabError);
      expect((err as LakelabError).message).toBe(
        "run 'exp2' has no finite value for metric 'train_row_count'",
      );
    }
  });
});

describe("domain", () => {
  it("pads the range to round steps and stays inside [0, 1] for unit metrics", () => {
    expect(domain([0.9612, 0.9912])).toEqual([0.95, 1, 0.01]);
    const [lo, hi] = domain([0.2, 0.999]);
    expect(lo).toBe(0);
    expect(hi).toBe(1);
    const [lo2, hi2] = domain([4837, 9674]);
    expect(lo2).toBeLessThan(4837);
    expect(hi2).toBeGreaterThan(9674);
  });
});
