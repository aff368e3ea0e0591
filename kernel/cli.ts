#!/usr/bin/env node
import { isLakelabError, LakelabError } from "../src/errors";
import { CATALOG_USAGE, catalogServe, parseCatalogServeArgs } from "./catalog-serve";
import { installKernel, type KernelLocation, uninstallKernel } from "./install-kernel";
import { KERNEL_DISPLAY_NAME, KERNEL_NAME } from "./kernel-spec";

const USAGE = `usage: lakelab kernel install [--user | --prefix DIR]
       lakelab kernel uninstall [--user | --prefix DIR]

Registers the Jupyter kernel '${KERNEL_NAME}' ("${KERNEL_DISPLAY_NAME}"), which runs tslab from
lakelab's own node_modules. --user (the default) installs for the current user; --prefix DIR
installs into DIR/share/jupyter/kernels (make it visible with JUPYTER_PATH=DIR/share/jupyter).
Jupyter is looked for via $LAKELAB_JUPYTER_PYTHON, /usr/bin/python3, then jupyter on PATH.

${CATALOG_USAGE}`;

/** Runs the `lakelab` command with its arguments; returns the exit code (a promise for long-running commands). */
export function main(args: readonly string[]): number | Promise<number> {
  const [group, action, ...rest] = args;
  if (
    group === "--help" ||
    group === "-h" ||
    group === undefined ||
    rest.some((a) => a === "--help" || a === "-h")
  ) {
    console.log(USAGE);
    return group === undefined ? 2 : 0;
  }
  if (group === "catalog" && action === "serve") return runCatalogServe(rest);
  if (group !== "kernel" || (action !== "install" && action !== "uninstall")) {
    console.error(`unknown command '${args.join(" ")}'\n${USAGE}`);
    return 2;
  }
  try {
    const location = parseLocation(rest);
    if (action === "install") {
      const { directory } = installKernel(location);
      console.log(`Installed kernelspec '${KERNEL_NAME}' ("${KERNEL_DISPLAY_NAME}") in ${directory}`);
    } else {
      const { directory, removed } = uninstallKernel(location);
      console.log(
        removed
          ? `Removed kernelspec '${KERNEL_NAME}' from ${directory}`
          : `No '${KERNEL_NAME}' kernelspec in ${directory}`,
      );
    }
    return 0;
  } catch (err) {
    if (!isLakelabError(err)) throw err;
    console.error(`lakelab: ${err.message}`);
    return 1;
  }
}

async function runCatalogServe(args: readonly string[]): Promise<number> {
  try {
    return await catalogServe(parseCatalogServeArgs(args));
  } catch (err) {
    if (!isLakelabError(err)) throw err;
    console.error(`lakelab: ${err.message}`);
    return isLakelabError(err, "INVALID_ARGUMENT") ? 2 : 1;
  }
}

function parseLocation(args: readonly string[]): KernelLocation {
  let user = false;
  let prefix: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === "--user") user = true;
    else if (arg === "--prefix" && args[i + 1] !== undefined) prefix = args[++i];
    else if (arg.startsWith("--prefix=")) prefix = arg.slice("--prefix=".length);
    else throw usageError(`unknown option '${arg}'`);
  }
  return prefix === undefined ? { user: true } : { user, prefix };
}

function usageError(message: string): LakelabError {
  return new LakelabError("INVALID_ARGUMENT", `${message}\n${USAGE}`);
}

if (require.main === module) {
  void Promise.resolve(main(process.argv.slice(2))).then((code) => {
    process.exitCode = code;
  });
}
