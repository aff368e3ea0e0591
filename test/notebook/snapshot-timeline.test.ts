import { describe, expect, it } from "vitest";
import { snapshotTimelineSvg } from "../../src/notebook/snapshot-timeline";
import { readSvg } from "./svg-reader";

const first = 5173553188971266738n;
const second = 8123456789012345678n;
const third = 9007199254740993123n;
const t0 = Date.parse("2026-11-28T06:30:00Z");

describe("snapshotTimelineSvg", () => {
  it("draws each snapshot with its operation, row count, exact id and time, and the runs on it", () => {
    const svg = snapshotTimelineSvg({
      title: "default.training <history>",
      snapshots: [
        {
          snapshotId: second,
          parentId: first,
          operation: "append",
          committedAt: new Date(t0 + 4000),
          rowCount: 12092,
        },
        { snapshotId: first, operation: "overwrite", committedAt: new Date(t0), rowCount: 6046 },
      ],
      runs: [
        { runId: "0123456789abcdef", name: "exp1", snapshotId: first },
        { runId: "fedcba9876543210", name: "exp2", snapshotId: second },
        { runId: "aaaabbbbccccdddd", name: "exp3", snapshotId: first },
      ],
      currentSnapshotId: second,
    });
    const parsed = readSvg(svg);
    expect(parsed.root).toBe("svg");
    expect(parsed.texts[0]).toBe("default.training <history>");
    // commit order, not input order: the overwrite comes first
    const ops = parsed.texts.filter((t) => t === "overwrite" || t === "append");
    expect(ops).toEqual(["overwrite", "append"]);
    expect(parsed.texts).toContain("6,046 rows");
    expect(parsed.texts).toContain("12,092 rows");
    expect(parsed.texts).toContain("5173553188971266738");
    expect(parsed.texts).toContain("8123456789012345678");
    expect(parsed.texts).toContain("2026-11-28 06:30:04 UTC");
    expect(parsed.texts.filter((t) => /^exp\d \(/.test(t))).toEqual([
      "exp1 (012345)",
      "exp3 (aaaabb)",
      "exp2 (fedcba)",
    ]);
    expect(parsed.texts).toContain("main");
    // the current snapshot is the filled node
    expect(parsed.circles.map((c) => c.fill)).toEqual(["#ffffff", "#0072B2"]);
    expect(parsed.titles.some((t) => t.includes(`run fedcba9876543210 trained on snapshot ${second}`))).toBe(
      true,
    );
    expect(parsed.elements.line).toBeGreaterThanOrEqual(1);
  });

  it("arcs to a parent that is not the previous snapshot, and lists runs whose snapshot is gone", () => {
    const svg = snapshotTimelineSvg({
      snapshots: [
        { snapshotId: first, operation: "append", committedAt: new Date(t0), rowCount: 10 },
        {
          snapshotId: second,
          parentId: first,
          operation: "append",
          committedAt: new Date(t0 + 1000),
          rowCount: 20,
        },
        {
          snapshotId: third,
          parentId: first,
          operation: "overwrite",
          committedAt: new Date(t0 + 2000),
          rowCount: 5,
        },
      ],
      runs: [{ runId: "0123456789abcdef", snapshotId: 42n }],
    });
    const parsed = readSvg(svg);
    expect(parsed.elements.path).toBe(1);
    expect(parsed.texts.at(-1)).toBe("trained on snapshots no longer in the table: run 01234567 → 42");
  });

  it("says so when the table has no snapshot", () => {
    expect(readSvg(snapshotTimelineSvg({ snapshots: [] })).texts).toContain("no snapshots yet");
  });
});
