/**
 * `npm run bench -- notebook`: the whole notebooks/iceberg-mlflow.ipynb executed headless in
 * Jupyter with the lakelab kernel (goal: under 30 s on a 2-core machine), cell by cell, next to
 * the same steps run in-process in plain node (no kernel, no type-checking of cells), and the
 * smoke notebook as the fixed cost of starting a kernel. Each in a fresh working directory.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PACKAGE_ROOT, runNotebook } from "../kernel";
import { exp1, exp2, exp3 } from "../src/experiments";
import { closeConnections, getConnection } from "../src/lakehouse/connection";
import { spamCorpusArrow } from "../src/lakehouse/corpus";
import { reproduceRun } from "../src/lakehouse/reproduce";
import { runMetricsChart, snapshotTimeline } from "../src/notebook/iceberg-views";

const NOTEBOOK = "notebooks/iceberg-mlflow.ipynb";
const SMOKE = "notebooks/00-smoke.ipynb";
const STEPS = ["connect", "data", "exp1", "exp2", "exp3", "lineage", "reproduce"] as const;
type Step = (typeof STEPS)[number];

interface CellTimes {
  readonly total: number;
  readonly cells: Partial<Record<Step, number>>;
}

/** Runs a notebook in a fresh folder; wall time and each cell's busy → idle time (nbclient's record). */
async function timeNotebook(notebook: string): Promise<CellTimes> {
  const dir = mkdtempSync(join(tmpdir(), "lakelab-bench-nb-"));
  try {
    const started = performance.now();
    const { outputPath } = await runNotebook(join(PACKAGE_ROOT, notebook), {
      cwd: dir,
      outputPath: join(dir, "out.ipynb"),
    });
    const total = (performance.now() - started) / 1000;
    const nb = JSON.parse(readFileSync(outputPath, "utf8")) as {
      cells: { id?: string; metadata?: { execution?: Record<string, string> } }[];
    };
    const cells: Partial<Record<Step, number>> = {};
    for (const c of nb.cells) {
      const e = c.metadata?.execution;
      if (c.id === undefined || e === undefined || !(STEPS as readonly string[]).includes(c.id)) continue;
      cells[c.id as Step] =
        (Date.parse(e["iopub.status.idle"]!) - Date.parse(e["iopub.status.busy"]!)) / 1000;
    }
    return { total, cells };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The notebook's steps as plain function calls in this process. */
async function timeInProcess(): Promise<CellTimes> {
  const dir = mkdtempSync(join(tmpdir(), "lakelab-bench-node-"));
  const quiet = { display: { html: () => {}, text: () => {} }, progress: false } as const;
  const cells: Partial<Record<Step, number>> = {};
  const started = performance.now();
  let last = started;
  const lap = (step: Step) => {
    const now = performance.now();
    cells[step] = (now - last) / 1000;
    last = now;
  };
  try {
    const conn = await getConnection("local", { cwd: dir, home: dir, env: {} });
    lap("connect");
    const training = spamCorpusArrow({ every: 4 });
    lap("data");
    const r1 = await exp1(training, quiet);
    lap("exp1");
    await exp2(quiet);
    lap("exp2");
    const r3 = await exp3(r1.snapshot.snapshotId, quiet);
    lap("exp3");
    const table = await conn.catalog.loadTable("default.training");
    snapshotTimeline(table, r3.runs);
    runMetricsChart(r3.runs);
    lap("lineage");
    await reproduceRun(r1.runId, { connection: conn, progress: false });
    lap("reproduce");
    return { total: (performance.now() - started) / 1000, cells };
  } finally {
    closeConnections();
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function main(_args: string[]): Promise<void> {
  const smoke = await timeNotebook(SMOKE);
  const notebook = await timeNotebook(NOTEBOOK);
  const node = await timeInProcess();
  const s = (x: number | undefined) => (x === undefined ? "–" : x.toFixed(1));
  const ratio = (a: number | undefined, b: number | undefined) =>
    a === undefined || b === undefined || b === 0 ? "–" : `${(a / b).toFixed(1)}×`;
  console.log("| step | notebook in Jupyter (s) | same step in-process node (s) | ratio |");
  console.log("|---|---:|---:|---:|");
  for (const step of STEPS) {
    console.log(
      `| ${step} | ${s(notebook.cells[step])} | ${s(node.cells[step])} | ${ratio(notebook.cells[step], node.cells[step])} |`,
    );
  }
  const inCells = STEPS.reduce((sum, step) => sum + (notebook.cells[step] ?? 0), 0);
  console.log(`| kernel start, Jupyter, outside cells | ${s(notebook.total - inCells)} | – | – |`);
  console.log(
    `| **whole notebook, wall** (goal < 30 s) | **${s(notebook.total)}** | ${s(node.total)} | ${ratio(notebook.total, node.total)} |`,
  );
  console.log(`| smoke notebook, wall (kernel fixed cost) | ${s(smoke.total)} | – | – |`);
}
