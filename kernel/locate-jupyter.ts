import { type SpawnSyncReturns, spawnSync } from "node:child_process";
import { LakelabError } from "../src/errors";

/** The environment variable naming a Python that has Jupyter, checked before anything else. */
export const JUPYTER_PYTHON_ENV = "LAKELAB_JUPYTER_PYTHON";

/**
 * Debian packages that give `/usr/bin/python3` Jupyter, nbclient and a kernel manager;
 * `jupyter-client` adds the `jupyter kernelspec` command line.
 */
export const JUPYTER_DEBIAN_PACKAGES = [
  "jupyter-notebook",
  "jupyter-nbconvert",
  "python3-nbclient",
  "python3-ipykernel",
  "jupyter-client",
] as const;

/** How to run Jupyter's kernelspec application and the `jupyter` command itself. */
export interface Jupyter {
  /** argv prefix of `jupyter kernelspec` (e.g. `python3 -m jupyter_client.kernelspecapp`). */
  readonly kernelspec: readonly string[];
  /** argv prefix of `jupyter` (e.g. `python3 -m jupyter`). */
  readonly jupyter: readonly string[];
  /** The Python interpreter behind it, when known (nbclient runs with it). */
  readonly python?: string;
}

/**
 * Finds a Jupyter whose kernelspec application runs, in this order: the Python named by
 * LAKELAB_JUPYTER_PYTHON (alone, when set), Debian's /usr/bin/python3, `jupyter` on PATH,
 * `python3` on PATH. (On Debian the `python3` first on PATH is often a pyenv build without
 * Jupyter.) Throws JUPYTER_NOT_FOUND saying how to install one.
 */
export function locateJupyter(env: NodeJS.ProcessEnv = process.env): Jupyter {
  const named = env[JUPYTER_PYTHON_ENV];
  const candidates =
    named !== undefined && named !== ""
      ? [viaPython(named)]
      : [
          viaPython("/usr/bin/python3"),
          { kernelspec: ["jupyter", "kernelspec"], jupyter: ["jupyter"] },
          viaPython("python3"),
        ];
  for (const candidate of candidates) {
    if (run(candidate.kernelspec, ["--version"], env).status === 0) return candidate;
  }
  const tried = candidates.map((c) => c.kernelspec.join(" ")).join("; ");
  throw new LakelabError(
    "JUPYTER_NOT_FOUND",
    `no Jupyter was found (tried: ${tried}). On Debian/Ubuntu install it with ` +
      `'sudo apt-get install ${JUPYTER_DEBIAN_PACKAGES.join(" ")}', ` +
      `or set ${JUPYTER_PYTHON_ENV} to a Python that has Jupyter (pip install notebook nbclient)`,
    { context: { tried } },
  );
}

/** Runs `jupyter kernelspec <args>`; the finished process has stdout/stderr as text. */
export function runKernelspec(jupyter: Jupyter, args: readonly string[]): SpawnSyncReturns<string> {
  return run(jupyter.kernelspec, args, process.env);
}

/** Runs `jupyter <args>`. */
export function runJupyter(jupyter: Jupyter, args: readonly string[]): SpawnSyncReturns<string> {
  return run(jupyter.jupyter, args, process.env);
}

function run(
  prefix: readonly string[],
  args: readonly string[],
  env: NodeJS.ProcessEnv,
): SpawnSyncReturns<string> {
  const [command, ...rest] = prefix;
  return spawnSync(command!, [...rest, ...args], {
    encoding: "utf8",
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
}

function viaPython(python: string): Jupyter {
  // the module runs without Debian's separate jupyter-kernelspec script
  return {
    kernelspec: [python, "-m", "jupyter_client.kernelspecapp"],
    jupyter: [python, "-m", "jupyter"],
    python,
  };
}
