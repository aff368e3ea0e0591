import * as fs from "node:fs";
import * as path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { ExecutedCell } from "../notebook/harness";
import { type PackedProject, packedProject } from "../package/packed-project";
import { executeInProject, stderrOf, writeNotebook } from "../package/user-notebook";

const README = fs.readFileSync(path.resolve(__dirname, "..", "..", "README.md"), "utf8");

/** Every ```ts block of the README, in order. */
function typeScriptBlocks(markdown: string): string[] {
  return [...markdown.matchAll(/^```ts\n([\s\S]*?)^```$/gm)].map((m) => m[1]!.trimEnd());
}

const blocks = typeScriptBlocks(README);
const runnable = blocks.filter((b) => !b.startsWith("// needs:"));

let project: PackedProject;
let cells: ExecutedCell[];

beforeAll(async () => {
  project = await packedProject();
  const dir = path.join(project.dir, "readme");
  fs.rmSync(dir, { recursive: true, force: true });
  writeNotebook(path.join(dir, "readme.ipynb"), runnable);
  cells = await executeInProject(project, path.join(dir, "readme.ipynb"));
}, 30 * 60_000);

describe("README.md's TypeScript examples, run in order as one notebook in a fresh project", () => {
  it("marks what a reader may not have with '// needs:' and runs the rest", () => {
    expect(runnable.length).toBeGreaterThanOrEqual(7);
    for (const b of blocks.filter((x) => x.startsWith("// needs:"))) {
      expect(b.split("\n")[0]).toMatch(/^\/\/ needs: \S/);
    }
  });

  it("runs every runnable block without an error", () => {
    expect(cells).toHaveLength(runnable.length);
    expect(stderrOf(cells)).toEqual([]);
  });

  it("shows the values the examples end with, not raw objects", () => {
    const texts = cells.map((c) =>
      c.outputs.map((o) => ("text" in o ? o.text : "data" in o ? (o.data["text/plain"] ?? "") : "")).join(""),
    );
    const all = texts.join("\n");
    // util.inspect of a class instance starts "Name {" on a line of its own
    expect(all).not.toMatch(/^[A-Z]\w* \{$|\[Function|Symbol\(/m);
    const ml = cells.findIndex((c) => c.source.includes("new BinaryClassificationEvaluator"));
    expect(Number(texts[ml]!.trim())).toBeGreaterThan(0);
  });

  it("leaves the main notebook's table and experiment alone", () => {
    expect(runnable.join("\n")).not.toMatch(/default\.training|sparkml-experiment|exp1\(/);
  });
});
