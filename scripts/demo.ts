/**
 * `npm run demo [-- notebook.ipynb]`: executes the demo notebook headless with the lakelab kernel
 * in real Jupyter, working in ./demo-out, and prints where the executed copy is.
 */
import * as path from "node:path";
import { PACKAGE_ROOT, runNotebook } from "../kernel";
import { isLakelabError } from "../src/errors";

/** The notebook `npm run demo` runs when none is named. */
export const DEMO_NOTEBOOK = "notebooks/iceberg-mlflow.ipynb";

/** The folder the demo works in and leaves the executed notebook in. */
export const DEMO_DIR = "demo-out";

function main(args: readonly string[]): number {
  const notebook = path.resolve(PACKAGE_ROOT, args[0] ?? DEMO_NOTEBOOK);
  const workDir = path.join(PACKAGE_ROOT, DEMO_DIR);
  const outputPath = path.join(workDir, path.basename(notebook));
  console.log(`Executing ${path.relative(process.cwd(), notebook)} with the lakelab kernel...`);
  try {
    runNotebook(notebook, { cwd: workDir, outputPath });
  } catch (err) {
    if (!isLakelabError(err)) throw err;
    console.error(`demo failed: ${err.message}`);
    return 1;
  }
  console.log(`Executed notebook written to ${path.relative(process.cwd(), outputPath) || outputPath}`);
  return 0;
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
