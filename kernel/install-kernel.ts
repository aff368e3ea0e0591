import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { LakelabError } from "../src/errors";
import { isLakelabKernelSpec, KERNEL_NAME, lakelabKernelSpec } from "./kernel-spec";
import { type Jupyter, locateJupyter, runJupyter, runKernelspec } from "./locate-jupyter";

/** Where the kernelspec goes: the user's Jupyter (default) or `<prefix>/share/jupyter/kernels`. */
export interface KernelLocation {
  readonly user?: boolean;
  readonly prefix?: string;
  /** The Jupyter to register with; found by `locateJupyter` when omitted. */
  readonly jupyter?: Jupyter;
}

/**
 * Registers (or refreshes: it is idempotent) the `lakelab` kernelspec through Jupyter's own
 * `kernelspec install`, and returns the directory it is in. Other kernelspecs are not touched.
 * @example installKernel({ prefix: "/tmp/jupyter" }) // then JUPYTER_PATH=/tmp/jupyter/share/jupyter
 */
export function installKernel(location: KernelLocation = {}): { readonly directory: string } {
  checkLocation(location);
  const jupyter = location.jupyter ?? locateJupyter();
  const staging = fs.mkdtempSync(path.join(os.tmpdir(), "lakelab-kernelspec-"));
  try {
    fs.writeFileSync(path.join(staging, "kernel.json"), `${JSON.stringify(lakelabKernelSpec(), null, 2)}\n`);
    const result = runKernelspec(jupyter, [
      "install",
      "--replace",
      "--name",
      KERNEL_NAME,
      ...target(location),
      staging,
    ]);
    if (result.status !== 0) throw failed("kernelspec install", result.status, result.stderr);
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
  return { directory: kernelDirectory(jupyter, location) };
}

/**
 * Removes the `lakelab` kernelspec from the given location, if it is there and was written by
 * lakelab; returns whether something was removed. Idempotent.
 */
export function uninstallKernel(location: KernelLocation = {}): {
  readonly directory: string;
  readonly removed: boolean;
} {
  checkLocation(location);
  const jupyter = location.jupyter ?? locateJupyter();
  const directory = kernelDirectory(jupyter, location);
  const specFile = path.join(directory, "kernel.json");
  if (!fs.existsSync(specFile)) return { directory, removed: false };
  let spec: unknown;
  try {
    spec = JSON.parse(fs.readFileSync(specFile, "utf8"));
  } catch {
    spec = undefined;
  }
  if (!isLakelabKernelSpec(spec)) {
    throw new LakelabError(
      "INVALID_ARGUMENT",
      `the kernelspec '${KERNEL_NAME}' in ${directory} was not installed by lakelab; ` +
        "remove it with 'jupyter kernelspec remove' if you mean to",
      { context: { directory } },
    );
  }
  fs.rmSync(directory, { recursive: true, force: true });
  return { directory, removed: true };
}

/** The directory the `lakelab` kernelspec has (or would have) at this location. */
export function kernelDirectory(jupyter: Jupyter, location: KernelLocation): string {
  if (location.prefix !== undefined) {
    return path.join(path.resolve(location.prefix), "share", "jupyter", "kernels", KERNEL_NAME);
  }
  const result = runJupyter(jupyter, ["--data-dir"]);
  if (result.status !== 0) throw failed("--data-dir", result.status, result.stderr);
  return path.join(result.stdout.trim(), "kernels", KERNEL_NAME);
}

function checkLocation(location: KernelLocation): void {
  if (location.prefix !== undefined && location.user === true) {
    throw new LakelabError("INVALID_ARGUMENT", "choose one of --user and --prefix DIR, not both");
  }
}

function target(location: KernelLocation): string[] {
  return location.prefix !== undefined ? ["--prefix", path.resolve(location.prefix)] : ["--user"];
}

function failed(what: string, status: number | null, stderr: string): LakelabError {
  const detail = stderr.trim().split("\n").slice(-3).join(" / ");
  return new LakelabError("JUPYTER_COMMAND_FAILED", `'jupyter ${what}' failed (exit ${status}): ${detail}`, {
    context: { status },
  });
}
