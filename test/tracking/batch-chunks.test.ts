import { describe, expect, it } from "vitest";
import { chunkBatch } from "../../src/tracking/batch-chunks";

const items = (n: number, prefix: string) =>
  Array.from({ length: n }, (_, i) => ({ key: `${prefix}${i}`, value: String(i) }));
const metrics = (n: number) =>
  Array.from({ length: n }, (_, step) => ({ key: "m", value: step, step, timestamp: 1 }));

describe("chunkBatch", () => {
  it("packs 100 params, 10 tags and 1,000 metric points into two requests, in order", () => {
    const chunks = chunkBatch({ params: items(100, "p"), tags: items(10, "t"), metrics: metrics(1000) });
    expect(chunks.map((c) => [c.params?.length, c.tags?.length, c.metrics?.length])).toEqual([
      [100, 10, 890],
      [0, 0, 110],
    ]);
    expect(chunks.flatMap((c) => c.metrics ?? []).map((m) => m.step)).toEqual(
      metrics(1000).map((m) => m.step),
    );
  });

  it("keeps every request within MLflow's per-kind and total limits", () => {
    const chunks = chunkBatch({ params: items(250, "p"), tags: items(150, "t"), metrics: metrics(2500) });
    for (const c of chunks) {
      const [p, t, m] = [c.params?.length ?? 0, c.tags?.length ?? 0, c.metrics?.length ?? 0];
      expect(p).toBeLessThanOrEqual(100);
      expect(t).toBeLessThanOrEqual(100);
      expect(m).toBeLessThanOrEqual(1000);
      expect(p + t + m).toBeLessThanOrEqual(1000);
    }
    expect(
      chunks.reduce(
        (n, c) => n + (c.params?.length ?? 0) + (c.tags?.length ?? 0) + (c.metrics?.length ?? 0),
        0,
      ),
    ).toBe(2900);
    expect(chunkBatch({})).toEqual([]);
  });
});
