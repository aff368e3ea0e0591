/**
 * `npm start`: a Jupyter notebook server on 127.0.0.1 with the lakelab kernel installed (into
 * ./.tmp/jupyter, not the user's Jupyter) and the notebooks folder open. Prints the URL with
 * its access token. PORT picks the port (default 8888).
 */
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import * as path from "node:path";
import { installKernel, linkPackages, locateJupyter, PACKAGE_ROOT } from "../kernel";
import { LakelabError } from "../src/errors";

export interface StartedServer {
  readonly url: string;
  readonly token: string;
  readonly process: ChildProcess;
}

/** Starts the server and returns at once; `url` carries the token. */
export function startServer(
  options: { readonly port?: number; readonly prefix?: string } = {},
): StartedServer {
  const jupyter = locateJupyter();
  if (jupyter.python === undefined) {
    throw new LakelabError(
      "JUPYTER_NOT_FOUND",
      "npm start needs a Python with Jupyter; set LAKELAB_JUPYTER_PYTHON",
    );
  }
  const prefix = options.prefix ?? path.join(PACKAGE_ROOT, ".tmp", "jupyter");
  installKernel({ prefix, jupyter });
  const notebooks = path.join(PACKAGE_ROOT, "notebooks");
  linkPackages(notebooks);
  const port = options.port ?? 8888;
  const token = randomBytes(24).toString("hex");
  const args = [
    "-m",
    "notebook",
    "--no-browser",
    "--ip=127.0.0.1",
    `--port=${port}`,
    "--NotebookApp.port_retries=0",
    `--notebook-dir=${notebooks}`,
    // containers and CI often run as root, which Jupyter refuses without this
    ...(process.getuid?.() === 0 ? ["--allow-root"] : []),
  ];
  const child = spawn(jupyter.python, args, {
    cwd: notebooks,
    // the token goes by environment, not argv, so other users cannot read it from the process list
    env: { ...process.env, JUPYTER_PATH: path.join(prefix, "share", "jupyter"), JUPYTER_TOKEN: token },
    stdio: ["ignore", "inherit", "pipe"],
  });
  return { url: `http://127.0.0.1:${port}/?token=${token}`, token, process: child };
}

function main(): void {
  const server = startServer({ port: Number(process.env.PORT ?? 8888) });
  // Jupyter logs on stderr; pass it through without its own copies of the token
  server.process.stderr?.on("data", (chunk: Buffer) => {
    process.stderr.write(chunk.toString().replaceAll(server.token, "…"));
  });
  console.log(`\nlakelab: Jupyter is starting with the lakelab kernel; open\n\n    ${server.url}\n`);
  process.on("SIGINT", () => server.process.kill("SIGINT"));
  process.on("SIGTERM", () => server.process.kill("SIGTERM"));
  server.process.on("exit", (code) => {
    process.exitCode = code ?? 0;
  });
}

if (require.main === module) main();
