import { inspect } from "node:util";
import { afterEach, describe, expect, it, vi } from "vitest";
import { toArrow } from "../../src/dataframe";
import { type Display, kernelDisplay, show } from "../../src/notebook";
import type { Run } from "../../src/tracking/entities";
import { RunTable } from "../../src/tracking/run-table";

// A Display that records what it is given, the way tslab's display forwards it to Jupyter.
function recordingDisplay(): Display & { readonly calls: [string, string][] } {
  const calls: [string, string][] = [];
  return {
    calls,
    html: (s) => calls.push(["html", s]),
    text: (s) => calls.push(["text", s]),
    svg: (s) => calls.push(["svg", s]),
  };
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe("show", () => {
  it("sends tables as HTML, SVG documents as images and other values as text", () => {
    const display = recordingDisplay();
    show(toArrow([{ word: "spam", n: 3n }]), { display });
    show([{ word: "ham" }], { display, maxRows: 1 });
    show(`<svg xmlns="http://www.w3.org/2000/svg"></svg>`, { display });
    show(5_173_553_188_971_266_738n, { display });
    expect(display.calls.map(([kind]) => kind)).toEqual(["html", "html", "svg", "text"]);
    expect(display.calls[0]![1]).toContain("<td>spam</td><td>3</td>");
    expect(display.calls[1]![1]).toContain("<td>ham</td>");
    expect(display.calls[3]![1]).toBe("5173553188971266738");
  });

  it("shows the runs searchRuns returns as a table, and a cell ending in them prints a summary", () => {
    const run = (runId: string, runName: string, maxIter: string): Run => ({
      info: {
        runId,
        runName,
        experimentId: "1",
        userId: "u",
        status: "FINISHED",
        startTime: 1_000,
        endTime: 2_000,
        artifactUri: "mlruns/1/a/artifacts",
        lifecycleStage: "active",
      },
      data: { params: { maxIter }, tags: {}, metrics: {}, latestMetrics: [] },
      inputs: { datasetInputs: [] },
    });
    const runs = new RunTable([run("a1", "exp1", "8"), run("b2", "exp3", "7")]);
    const display = recordingDisplay();
    show(runs, { display });
    expect(display.calls.map(([kind]) => kind)).toEqual(["html"]);
    expect(display.calls[0]![1]).toContain('<th title="Utf8">params.maxIter</th>');
    expect(display.calls[0]![1]).toContain("<td>a1</td><td>1</td><td>FINISHED</td>");
    expect(inspect(runs)).toBe("RunTable: 2 runs (exp1, exp3); show(runs) for the table");
  });

  it("finds no kernel display outside tslab and prints plain text instead", () => {
    expect(kernelDisplay()).toBeUndefined();
    const log = vi.spyOn(console, "log").mockImplementation(() => {});
    show([{ word: "spam", n: 1 }]);
    show(new Date(Date.UTC(2024, 5, 1)));
    expect(log.mock.calls.map((c) => c[0])).toEqual([
      "word | n\n-----+--\nspam | 1\n1 row × 2 columns",
      "2024-06-01T00:00:00.000Z",
    ]);
  });
});
