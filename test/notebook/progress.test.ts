import { describe, expect, it } from "vitest";
import { barHtml, progress } from "../../src/notebook/progress";

describe("progress", () => {
  it("updates one display in place with a bar per percent change, then a summary", () => {
    const shown: string[] = [];
    const p = progress("writing <t>", 200, { display: { html: (s) => shown.push(s), text: () => {} } });
    p.update(1);
    p.update(2, "batch 1");
    p.update(2);
    p.update(200);
    p.finish("3 files");
    expect(shown.slice(0, 3)).toEqual([
      barHtml("writing <t>", 0),
      barHtml("writing <t>", 1, "batch 1"),
      barHtml("writing <t>", 100),
    ]);
    expect(shown[0]).toContain("writing &#60;t&#62;: 0%");
    expect(shown[3]).toMatch(/^<div[^>]*>✔ writing &#60;t&#62;: done in \d+\.\d s \(3 files\)<\/div>$/);
  });

  it("prints plain lines at each quarter outside a kernel", () => {
    const lines: string[] = [];
    const p = progress("training", 8, { write: (l) => lines.push(l) });
    for (let i = 1; i <= 8; i++) p.update(i, `iteration ${i}`);
    p.finish();
    expect(lines.slice(0, 5)).toEqual([
      "training: 0%",
      "training: 25% (iteration 2)",
      "training: 50% (iteration 4)",
      "training: 75% (iteration 6)",
      "training: 100% (iteration 8)",
    ]);
    expect(lines[5]).toMatch(/^training: done in \d+\.\d s$/);
  });
});
