import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { LakelabError } from "../src/errors";
import { EXECUTE_NOTEBOOK_PY } from "./execute-notebook-py";
import { installKernel } from "./install-kernel";
import { KERNEL_NAME } from "./kernel-spec";
import { linkPackages } from "./link-packages";
import { type Jupyter, locateJupyter } from "./locate-jupyter";

export interface RunNotebookOptions {
  /** The kernel's working directory; default the notebook's folder. */
  readonly cwd?: string;
  /** Where the executed copy goes; default `<cwd>/<name>.executed.ipynb`. */
  readonly outputPath?: string;
  /** Seconds a single cell may run; default 600. */
  readonly cellTimeoutSeconds?: number;
  /** Extra environment for the kernel. */
  readonly env?: Readonly<Record<string, string>>;
  readonly jupyter?: Jupyter;
}

export interface RunNotebookResult {
  readonly outputPath: string;
  /** The executed notebook (nbformat 4 JSON). */
  readonly notebook: NotebookJson;
}

/** The parts of an nbformat-4 notebook lakelab reads. */
export interface NotebookJson {
  readonly cells: readonly {
    readonly cell_type: string;
    readonly source: string | readonly string[];
    readonly outputs?: readonly Record<string, unknown>[];
  }[];
}

/**
 * Executes a notebook headless with the lakelab kernel, installed into a throwaway Jupyter
 * prefix (the user's Jupyter is not touched), through nbclient. lakelab and its dependencies
 * are made importable from the working directory. Stops at the first cell that writes to
 * stderr: NOTEBOOK_EXECUTION_FAILED names the cell and quotes its stderr; the copy executed
 * so far is still written.
 * Asynchronous, so a test runner or progress display keeps running while the kernel works.
 * @example await runNotebook("notebooks/00-smoke.ipynb", { outputPath: "demo-out/00-smoke.ipynb" })
 */
export async function runNotebook(
  notebookPath: string,
  options: RunNotebookOptions = {},
): Promise<RunNotebookResult> {
  const jupyter = options.jupyter ?? locateJupyter();
  if (jupyter.python === undefined) {
    throw new LakelabError(
      "JUPYTER_NOT_FOUND",
      "running notebooks needs a Python with nbclient; set LAKELAB_JUPYTER_PYTHON to one (e.g. /usr/bin/python3)",
    );
  }
  const source = path.resolve(notebookPath);
  if (!fs.existsSync(source)) {
    throw new LakelabError("FILE_NOT_FOUND", `notebook ${notebookPath} does not exist`, {
      context: { notebook: notebookPath },
    });
  }
  const cwd = path.resolve(options.cwd ?? path.dirname(source));
  const outputPath = path.resolve(options.outputPath ?? path.join(cwd, executedName(source)));
  linkPackages(cwd);
  fs.mkdirSync(path.dirname(outputPath), { recursive: true });
  const prefix = fs.mkdtempSync(path.join(os.tmpdir(), "lakelab-jupyter-"));
  try {
    installKernel({ prefix, jupyter });
    const timeout = String(options.cellTimeoutSeconds ?? 600);
    const result = await runPython(
      jupyter.python,
      ["-c", EXECUTE_NOTEBOOK_PY, source, outputPath, KERNEL_NAME, cwd, timeout],
      { cwd, env: { ...process.env, ...options.env, JUPYTER_PATH: path.join(prefix, "share", "jupyter") } },
    );
    if (result.status !== 0) {
      const detail = failureDetail(result.stderr);
      throw new LakelabError(
        "NOTEBOOK_EXECUTION_FAILED",
        `${path.basename(source)} failed (exit ${result.status ?? result.signal}): ${detail}`,
        { context: { notebook: path.basename(source), outputPath } },
      );
    }
  } finally {
    fs.rmSync(prefix, { recursive: true, force: true });
  }
  return { outputPath, notebook: JSON.parse(fs.readFileSync(outputPath, "utf8")) as NotebookJson };
}

interface PythonResult {
  readonly status: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stderr: string;
}

function runPython(
  python: string,
  args: readonly string[],
  options: { cwd: string; env: NodeJS.ProcessEnv },
): Promise<PythonResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(python, args, { ...options, stdio: ["ignore", "ignore", "pipe"] });
    const chunks: Buffer[] = [];
    child.stderr.on("data", (chunk: Buffer) => chunks.push(chunk));
    child.on("error", reject);
    child.on("close", (status, signal) =>
      resolve({ status, signal, stderr: Buffer.concat(chunks).toString("utf8") }),
    );
  });
}

/**
 * What the user needs from nbclient's stderr: the failed cell's own output as the script reports
 * it; a Python traceback (a notebook nbformat cannot read, a kernel that would not start) only
 * as its last line, the exception, since the frames are nbclient's internals, not the user's code.
 */
function failureDetail(stderr: string): string {
  const lines = stderr.trim().split("\n");
  const traceback = lines.findIndex((l) => l.startsWith("Traceback (most recent call last)"));
  if (traceback < 0) return lines.slice(-40).join("\n");
  const exception = [...lines.slice(traceback)]
    .reverse()
    .find((l) => /^[A-Za-z_][\w.]*(Error|Exception)\b/.test(l));
  return [...lines.slice(0, traceback), exception ?? lines.at(-1) ?? ""].join("\n").trim();
}

function executedName(source: string): string {
  return `${path.basename(source, ".ipynb")}.executed.ipynb`;
}
