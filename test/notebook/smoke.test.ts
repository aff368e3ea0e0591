import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isLakelabError } from "../../src/errors";
import { type ExecutedCell, type ExecutedNotebook, executeNotebook } from "./harness";

describe("notebooks/00-smoke.ipynb in real Jupyter with the lakelab kernel", () => {
  let run: ExecutedNotebook;

  beforeAll(async () => {
    run = await executeNotebook("notebooks/00-smoke.ipynb");
  });

  afterAll(() => run?.dispose());

  it("imports lakelab and apache-arrow and builds the table", () => {
    expect(run.cells[2]!.stdout).toBe("rows: 3, columns: id,word,score\n");
    expect(
      run.cells.flatMap((c) => c.outputs).filter((o) => o.type === "stream" && o.name === "stderr"),
    ).toEqual([]);
  });

  it("shows the table as HTML holding its values, escaped, with the row count", () => {
    const [html, ...more] = run.cells[4]!.html;
    expect(more).toEqual([]);
    const cells = [...html!.matchAll(/<td>(.*?)<\/td>/g)].map((m) => m[1]);
    expect(cells).toEqual([
      "1",
      "spam",
      "0.5",
      "2",
      "ham",
      "1.5",
      "9007199254740993",
      "&#60;eggs&#62;",
      "2.25",
    ]);
    expect(html).toContain("3 rows × 3 columns");
    expect(html).not.toContain("<eggs>");
  });

  it("runs top-level await and shows records converted back to Arrow", () => {
    const cell = run.cells[5]!;
    expect(cell.stdout).toBe("last id: 9007199254740993, last word: <eggs>\n");
    expect(cell.html).toHaveLength(1);
    expect(cell.html[0]).toContain("3 rows × 4 columns (first 2 shown)");
    expect(cell.html[0]).toContain("<td>1.5</td><td>3</td>");
  });

  it("converts the table to a danfojs DataFrame inside the kernel and shows it", () => {
    const cell = run.cells[7]!;
    expect(cell.stdout).toBe("DataFrame shape: 3 x 3\n");
    expect(cell.html[0]).toContain("3 rows × 3 columns (first 1 shown)");
    expect(cell.html[0]).toContain("<td>1</td><td>spam</td><td>0.5</td>");
  });

  it("keeps absolute paths of this machine out of every output", () => {
    const text = JSON.stringify(run.cells.map((c) => c.outputs));
    expect(text).not.toContain(process.cwd());
    expect(text).not.toContain(os.homedir());
  });
});

describe("the notebook harness", () => {
  it("type-checks cells against lakelab's and apache-arrow's real types and stops at a cell writing to stderr", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lakelab-harness-test-"));
    const code = (id: string, source: string) => ({
      cell_type: "code",
      id,
      metadata: {},
      outputs: [],
      source,
    });
    try {
      const notebook = JSON.parse(fs.readFileSync("notebooks/00-smoke.ipynb", "utf8"));
      notebook.cells = [
        notebook.cells[1], // the imports
        // an unused @ts-expect-error is itself an error: these pass only if both types are real, not `any`
        code(
          "types",
          "// @ts-expect-error numRows is a number\n" +
            "const fromArrow: string = tableFromArrays({ a: [1] }).numRows;\n" +
            "// @ts-expect-error toRecords gives an array\n" +
            "const fromLakelab: string = toRecords(tableFromArrays({ a: [1] })).length;\n" +
            'console.log("types checked");',
        ),
        code("fails", "const wrong: string = 1;"),
        code("after", 'console.log("after");'),
      ];
      const file = path.join(dir, "type-errors.ipynb");
      fs.writeFileSync(file, JSON.stringify(notebook));
      let error: unknown;
      try {
        (await executeNotebook(file, { workDir: "fresh" })).dispose();
      } catch (err) {
        error = err;
      }
      expect(isLakelabError(error, "NOTEBOOK_EXECUTION_FAILED")).toBe(true);
      expect((error as Error).message).toContain(
        "cell 2 wrote to stderr:\n1:7 - Type 'number' is not assignable to type 'string'.",
      );
      const executed = (error as { context: { cells: ExecutedCell[] } }).context.cells;
      expect(executed[1]!.stdout).toBe("types checked\n");
      expect(executed[3]!.outputs).toEqual([]); // never ran
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 300_000); // a second kernel start; generous under a loaded CI machine
});
