import * as path from "node:path";

/** The part of tslab's `Display` lakelab uses; tests and other front ends can pass their own. */
export interface Display {
  html(s: string): void;
  text(s: string): void;
  svg?(s: string): void;
}

const KERNEL_MODULE = /[\\/]tslab[\\/]dist[\\/]jupyter\.js$/;

/**
 * The display of the tslab kernel this code runs in, else undefined (plain node, vitest).
 * tslab is never imported at module load (its display throws outside a kernel). Here it is
 * looked up in the modules the running kernel has loaded, so the kernel's own copy of tslab
 * is used even when lakelab sits in another project with its own node_modules.
 */
export function kernelDisplay(): Display | undefined {
  for (const [id, loaded] of Object.entries(require.cache)) {
    if (!KERNEL_MODULE.test(id)) continue;
    const jupyter = loaded?.exports as { lastWriteDisplayData?: unknown } | undefined;
    // set once the kernel serves a notebook; a bare require("tslab") leaves it null
    if (typeof jupyter?.lastWriteDisplayData !== "function") continue;
    const tslab = require(path.join(path.dirname(id), "public.js")) as { display: Display };
    return tslab.display;
  }
  return undefined;
}
