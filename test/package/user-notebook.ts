import * as fs from "node:fs";
import * as path from "node:path";
import { locateJupyter } from "../../kernel";
import { type ExecutedCell, readCells } from "../notebook/harness";
import { type PackedProject, run } from "./packed-project";

/** Writes `cells` as an nbformat-4 notebook for the lakelab kernel. */
export function writeNotebook(file: string, cells: readonly string[]): void {
  const notebook = {
    cells: cells.map((source) => ({
      cell_type: "code",
      metadata: {},
      execution_count: null,
      outputs: [],
      source,
    })),
    metadata: {
      kernelspec: { display_name: "TypeScript (lakelab)", language: "typescript", name: "lakelab" },
    },
    nbformat: 4,
    nbformat_minor: 5,
  };
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, `${JSON.stringify(notebook, null, 1)}\n`);
}

/**
 * Executes `notebook` as a user does (`jupyter nbconvert --execute` with the kernel that
 * `npx lakelab kernel install --prefix .jupyter` installed in the project) and returns its cells.
 */
export async function executeInProject(project: PackedProject, notebook: string): Promise<ExecutedCell[]> {
  const python = locateJupyter().python ?? "/usr/bin/python3";
  const args = ["--to", "notebook", "--execute", "--ExecutePreprocessor.kernel_name=lakelab"];
  await run(
    python,
    [
      "-m",
      "jupyter",
      "nbconvert",
      ...args,
      "--ExecutePreprocessor.timeout=600",
      "--allow-errors", // the outputs of a failing cell are what a test needs to show
      notebook,
    ],
    path.dirname(notebook),
    {
      JUPYTER_PATH: project.jupyterPath,
    },
  );
  const executed = notebook.replace(/\.ipynb$/, ".nbconvert.ipynb");
  return readCells(JSON.parse(fs.readFileSync(executed, "utf8")));
}

/** Every stderr text of the cells (tslab reports compile and runtime errors there). */
export function stderrOf(cells: readonly ExecutedCell[]): string[] {
  return cells.flatMap((c) =>
    c.outputs.flatMap((o) =>
      o.type === "stream" && o.name === "stderr"
        ? [`cell ${c.index}: ${o.text}`]
        : o.type === "error"
          ? [o.text]
          : [],
    ),
  );
}
