import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { type NotebookJson, runNotebook } from "../../kernel";
import { isLakelabError, LakelabError } from "../../src/errors";

/** One output of an executed cell, as Jupyter recorded it. */
export type CellOutput =
  | { readonly type: "stream"; readonly name: "stdout" | "stderr"; readonly text: string }
  | { readonly type: "display_data" | "execute_result"; readonly data: Readonly<Record<string, string>> }
  | { readonly type: "error"; readonly text: string };

export interface ExecutedCell {
  readonly index: number;
  readonly cellType: string;
  readonly source: string;
  readonly outputs: readonly CellOutput[];
  /** All stdout text of the cell. */
  readonly stdout: string;
  /** Every text/html bundle the cell displayed. */
  readonly html: readonly string[];
}

export interface ExecutedNotebook {
  readonly cells: readonly ExecutedCell[];
  readonly outputPath: string;
  /** The kernel's working directory. */
  readonly workDir: string;
  /** Removes the temporary directories this run made. */
  dispose(): void;
}

export interface ExecuteOptions {
  /**
   * Where the kernel runs: "notebook" (default) the notebook's own folder; "fresh" a new
   * temporary folder the notebook is copied into (for notebooks that write files); or a path.
   */
  readonly workDir?: "notebook" | "fresh" | string;
  readonly env?: Readonly<Record<string, string>>;
}

/**
 * Executes a notebook through nbclient with the lakelab kernel installed into a temporary
 * Jupyter prefix, and returns every cell's outputs. Throws NOTEBOOK_EXECUTION_FAILED at the
 * first cell that writes to stderr (tslab reports compile and runtime errors there).
 */
export async function executeNotebook(
  notebookPath: string,
  options: ExecuteOptions = {},
): Promise<ExecutedNotebook> {
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "lakelab-notebook-"));
  const made = [scratch];
  let source = path.resolve(notebookPath);
  let workDir = path.dirname(source);
  if (options.workDir === "fresh") {
    workDir = fs.mkdtempSync(path.join(os.tmpdir(), "lakelab-workdir-"));
    made.push(workDir);
    source = path.join(workDir, path.basename(source));
    fs.copyFileSync(notebookPath, source);
  } else if (options.workDir !== undefined && options.workDir !== "notebook") {
    workDir = path.resolve(options.workDir);
  }
  const dispose = () => {
    for (const dir of made) fs.rmSync(dir, { recursive: true, force: true });
  };
  try {
    const outputPath = path.join(scratch, path.basename(source));
    const { notebook } = await runNotebook(source, { cwd: workDir, outputPath, env: options.env });
    return { cells: readCells(notebook), outputPath, workDir, dispose };
  } catch (err) {
    const detailed = withExecutedCells(err);
    dispose();
    throw detailed;
  }
}

// a failed run still wrote the notebook as far as it got: hand its cells to the test
function withExecutedCells(err: unknown): unknown {
  if (!isLakelabError(err, "NOTEBOOK_EXECUTION_FAILED")) return err;
  const outputPath = err.context.outputPath;
  if (typeof outputPath !== "string" || !fs.existsSync(outputPath)) return err;
  const cells = readCells(JSON.parse(fs.readFileSync(outputPath, "utf8")));
  return new LakelabError(err.code, err.message, { context: { ...err.context, cells }, cause: err });
}

/** The cells of an nbformat-4 notebook with their outputs in the shape above. */
export function readCells(notebook: NotebookJson): ExecutedCell[] {
  return notebook.cells.map((cell, index) => {
    const outputs = (cell.outputs ?? []).map(readOutput);
    return {
      index,
      cellType: cell.cell_type,
      source: joined(cell.source),
      outputs,
      stdout: outputs.map((o) => (o.type === "stream" && o.name === "stdout" ? o.text : "")).join(""),
      html: outputs.flatMap((o) =>
        "data" in o && o.data["text/html"] !== undefined ? [o.data["text/html"]] : [],
      ),
    };
  });
}

function readOutput(output: Record<string, unknown>): CellOutput {
  const type = output.output_type;
  if (type === "stream") {
    return { type, name: output.name === "stderr" ? "stderr" : "stdout", text: joined(output.text) };
  }
  if (type === "display_data" || type === "execute_result") {
    const data = output.data as Record<string, unknown>;
    return { type, data: Object.fromEntries(Object.entries(data).map(([mime, v]) => [mime, joined(v)])) };
  }
  return { type: "error", text: joined(output.traceback ?? output.evalue ?? "", "\n") };
}

// nbformat stores multi-line text as a list of lines that keep their "\n"
function joined(text: unknown, separator = ""): string {
  if (Array.isArray(text)) return text.join(separator);
  return typeof text === "string" ? text : JSON.stringify(text);
}
