/**
 * `npm run demo [-- notebook.ipynb]`: executes the demo notebook headless with the lakelab kernel
 * in real Jupyter against a fresh lakehouse in ./demo-out, prints where the executed copy is and
 * the runs it logged.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { PACKAGE_ROOT, runNotebook } from "../kernel";
import { isLakelabError } from "../src/errors";
import { runsReport } from "../src/experiments";

/** The notebook `npm run demo` runs when none is named. */
export const DEMO_NOTEBOOK = "notebooks/iceberg-mlflow.ipynb";

/** The folder the demo works in and leaves the executed notebook in. */
export const DEMO_DIR = "demo-out";

async function main(args: readonly string[]): Promise<number> {
  const notebook = path.resolve(PACKAGE_ROOT, args[0] ?? DEMO_NOTEBOOK);
  const workDir = path.join(PACKAGE_ROOT, DEMO_DIR);
  const outputPath = path.join(workDir, path.basename(notebook));
  // a fresh lakehouse every time: the notebook's story starts from an empty table and experiment
  for (const stale of ["warehouse", "mlruns"])
    fs.rmSync(path.join(workDir, stale), { recursive: true, force: true });
  console.log(`Executing ${path.relative(process.cwd(), notebook)} with the lakelab kernel...`);
  try {
    await runNotebook(notebook, { cwd: workDir, outputPath });
  } catch (err) {
    if (!isLakelabError(err)) throw err;
    console.error(`demo failed: ${err.message}`);
    return 1;
  }
  console.log(`Executed notebook written to ${path.relative(process.cwd(), outputPath) || outputPath}`);
  const mlruns = path.join(workDir, "mlruns");
  if (fs.existsSync(mlruns)) console.log(`\nRuns logged to ${DEMO_DIR}/mlruns:\n${await runsReport(mlruns)}`);
  return 0;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      console.error(err);
      process.exitCode = 1;
    },
  );
}
