import * as path from "node:path";
import { LakelabError } from "../src/errors";

/** The kernelspec's name (its directory under `share/jupyter/kernels`). */
export const KERNEL_NAME = "lakelab";

/** What Jupyter shows in its kernel picker. */
export const KERNEL_DISPLAY_NAME = "TypeScript (lakelab)";

/** The kernel.json lakelab registers, marked so that uninstall only removes its own. */
export interface KernelSpec {
  readonly argv: readonly string[];
  readonly display_name: string;
  readonly language: "typescript";
  readonly interrupt_mode: "signal";
  /** Added to the kernel's environment by Jupyter. */
  readonly env: Readonly<Record<string, string>>;
  readonly metadata: { readonly lakelab: { readonly tslab: string } };
}

/**
 * The kernelspec that starts tslab from this package's own node_modules, by absolute paths to
 * both the node binary running now and tslab's bin script, so neither PATH nor a global tslab
 * matters when Jupyter starts the kernel.
 */
export function lakelabKernelSpec(nodeBinary: string = process.execPath): KernelSpec {
  const tslabPackage = resolveTslab();
  const tslabBin = path.join(path.dirname(tslabPackage), "bin", "tslab");
  return {
    // tslab wants `--config-path` and `{connection_file}` as separate arguments
    argv: [nodeBinary, tslabBin, "kernel", "--config-path", "{connection_file}"],
    display_name: KERNEL_DISPLAY_NAME,
    language: "typescript",
    interrupt_mode: "signal",
    // The AWS SDK warns once per process on Node < 22 that its 2027 releases will need Node 22;
    // in a notebook that lands on stderr of the first cell touching S3 (shown as an error) and
    // says nothing about the user's code. lakelab supports Node 20; scripts still see it.
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" },
    metadata: { lakelab: { tslab: tslabBin } },
  };
}

/** True when a parsed kernel.json was written by lakelab. */
export function isLakelabKernelSpec(spec: unknown): boolean {
  const metadata = (spec as { metadata?: { lakelab?: unknown } } | null)?.metadata;
  return typeof metadata?.lakelab === "object" && metadata.lakelab !== null;
}

function resolveTslab(): string {
  try {
    return require.resolve("tslab/package.json");
  } catch (cause) {
    throw new LakelabError(
      "DEPENDENCY_MISSING",
      "tslab is not installed next to lakelab; run 'npm ci' (or 'npm install') in the lakelab package",
      { cause },
    );
  }
}
