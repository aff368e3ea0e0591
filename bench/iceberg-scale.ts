/**
 * `npm run bench -- iceberg --scale [--sizes=1,4,8] [--reps=N]`: how lakelab's and pyiceberg's
 * append and time-travel scan costs grow with the rows (millions), as time per row and peak RSS
 * per row. Each trial of each size runs in fresh processes (peak RSS is per process): create the
 * table from n rows, append another n (timed), scan snapshot 1 (timed), with no input kept
 * in memory once written. Trials alternate which side goes first.
 */
import { rmSync } from "node:fs";
import * as path from "node:path";
import { TableScan } from "../src/iceberg/scan";
import { writeTableFile } from "./iceberg-data";
import { median, type Scanned, startLakelab, startPython, type Written } from "./iceberg-peers";
import type { JsonLinesPeer, PeerAnswer } from "./json-lines-peer";

// streams when the scan has `toArrowBatches` (rows counted batch by batch, no table held);
// pyiceberg then streams too (to_arrow_batch_reader), else both build the whole table
const STREAMS = typeof (TableScan.prototype as { toArrowBatches?: unknown }).toArrowBatches === "function";

interface Trial {
  readonly append: number;
  readonly scan: number;
  readonly peakKb: number;
  readonly startKb: number;
}

type Side = "lakelab" | "pyiceberg";

/** One fresh process: create from `first`, append `second`, scan snapshot 1, then exit. */
async function trial(
  start: () => Promise<{ peer: JsonLinesPeer; hello: PeerAnswer }>,
  files: { first: string; second: string; rows: number },
): Promise<Trial> {
  const { peer, hello } = await start();
  try {
    const table = "default.t";
    const created = await peer.request<Written>({ op: "create", table, data: files.first });
    const appended = await peer.request<Written>({ op: "append", table, data: files.second });
    const c = { op: "scan", table, snapshotId: created.snapshotId, stream: STREAMS };
    const scanned = await peer.request<Scanned>(c);
    if (scanned.rows !== files.rows) throw new Error(`${peer.label} read ${scanned.rows}, not ${files.rows}`);
    return {
      append: appended.seconds,
      scan: scanned.seconds,
      peakKb: scanned.peakRssKb,
      startKb: hello.peakRssKb,
    };
  } finally {
    await peer.close();
  }
}

export async function scale(python: string, dir: string, sizes: number[], reps: number): Promise<void> {
  const timeRows: string[] = [];
  const memoryRows: string[] = [];
  for (const n of sizes) {
    const files = {
      first: path.join(dir, `first-${n}.arrow`),
      second: path.join(dir, `second-${n}.arrow`),
      rows: n,
    };
    await writeTableFile(files.first, n, 1);
    await writeTableFile(files.second, n, 2);
    const trials: Record<Side, Trial[]> = { lakelab: [], pyiceberg: [] };
    for (let r = 0; r < reps; r++) {
      const sides: Side[] = r % 2 === 0 ? ["lakelab", "pyiceberg"] : ["pyiceberg", "lakelab"];
      for (const side of sides) {
        const at = path.join(dir, `${side}-${n}-${r}`);
        const start =
          side === "lakelab" ? () => startLakelab(at) : () => startPython(python, "pyiceberg", at);
        trials[side].push(await trial(start, files));
        rmSync(at, { recursive: true, force: true });
      }
    }
    rmSync(files.first);
    rmSync(files.second);

    const m = (side: Side, key: keyof Trial) => median(trials[side].map((t) => t[key]));
    const nsPerRow = (side: Side, key: "append" | "scan") => (m(side, key) * 1e9) / n;
    const bytesPerRow = (side: Side) => ((m(side, "peakKb") - m(side, "startKb")) * 1024) / n;
    const x = (a: number, b: number) => `${(a / b).toFixed(2)}×`;
    const rows = n.toLocaleString("en");
    const cell = (side: Side, key: "append" | "scan") =>
      `${nsPerRow(side, key).toFixed(0)} ns (${m(side, key).toFixed(2)} s)`;
    timeRows.push(
      `| ${rows} | ${cell("lakelab", "append")} | ${cell("pyiceberg", "append")} | ${x(m("lakelab", "append"), m("pyiceberg", "append"))} ` +
        `| ${cell("lakelab", "scan")} | ${cell("pyiceberg", "scan")} | ${x(m("lakelab", "scan"), m("pyiceberg", "scan"))} |`,
    );
    const mb = (side: Side) => `${Math.round(m(side, "peakKb") / 1024).toLocaleString("en")} MB`;
    memoryRows.push(
      `| ${rows} | ${mb("lakelab")} | ${mb("pyiceberg")} | ${x(m("lakelab", "peakKb"), m("pyiceberg", "peakKb"))} ` +
        `| ${bytesPerRow("lakelab").toFixed(0)} B | ${bytesPerRow("pyiceberg").toFixed(0)} B |`,
    );
  }
  const scan = STREAMS ? "scan → Arrow batches, streamed" : "scan → Arrow table";
  console.log(
    [
      `\nScaling: per row, median of ${reps} trial(s) per size, each side and trial in a fresh process; ` +
        `append = the 2nd n-row commit, ${scan} of snapshot 1 (n rows)\n`,
      `| rows | append lakelab / row | append pyiceberg / row | ratio | ${scan} lakelab / row | pyiceberg / row | ratio |`,
      "|---|---|---|---|---|---|---|",
      ...timeRows,
      "",
      "| rows | peak RSS lakelab | peak RSS pyiceberg | ratio | lakelab per row (peak − start-up) | pyiceberg per row (peak − start-up) |",
      "|---|---|---|---|---|---|",
      ...memoryRows,
    ].join("\n"),
  );
}
