/**
 * `npm run bench -- iceberg [--reps=N]`: lakelab's Iceberg append and time-travel scan on 1M rows
 * (id long, text ~100 B, label double), in one run against
 * - the same Parquet library used directly (parquet-wasm, the floor), in this process;
 * - pyiceberg 0.12 and pyarrow directly, each side in its own process (bench/iceberg-peers.ts).
 * `--scale [--sizes=1,4,8]`: instead, how both costs grow with the rows (bench/iceberg-scale.ts).
 */
import { promises as fs, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import * as arrow from "apache-arrow";
import * as parquet from "parquet-wasm/node";
import { toLocalPath } from "../src/iceberg/io";
import { openCatalog } from "../src/iceberg/table";
import { makeTable } from "./iceberg-data";
import { compareWithPyiceberg, pyicebergPython } from "./iceberg-peers";
import { scale } from "./iceberg-scale";

const ROWS = 1_000_000;

export { makeTable } from "./iceberg-data";

export async function time<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const t0 = performance.now();
  const r = await fn();
  return [r, (performance.now() - t0) / 1000];
}

export const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** The floor: the same Arrow table through parquet-wasm (zstd) to a file, nothing else. */
async function floorWrite(table: arrow.Table, file: string): Promise<void> {
  const props = new parquet.WriterPropertiesBuilder().setCompression(parquet.Compression.ZSTD).build();
  const bytes = parquet.writeParquet(parquet.Table.fromIPCStream(arrow.tableToIPC(table, "stream")), props);
  await fs.writeFile(file, bytes);
}

/** The floor for reads: each Parquet file through parquet-wasm into an arrow-js table. */
async function floorRead(files: string[]): Promise<number> {
  let rows = 0;
  for (const f of files) {
    const t = arrow.tableFromIPC(parquet.readParquet(await fs.readFile(f)).intoIPCStream());
    rows += t.numRows;
  }
  return rows;
}

export async function main(args: string[]): Promise<void> {
  const reps = Number(args.find((a) => a.startsWith("--reps="))?.slice(7) ?? 3);
  const dir = mkdtempSync(path.join(tmpdir(), "lakelab-bench-iceberg-"));
  try {
    if (args.includes("--scale")) {
      const millions = args.find((a) => a.startsWith("--sizes="))?.slice(8) ?? "1,4,8";
      const sizes = millions.split(",").map((m) => Number(m) * 1_000_000);
      const python = await pyicebergPython();
      if (python) await scale(python, dir, sizes, reps);
      return;
    }
    const first = makeTable(ROWS, 1);
    const second = makeTable(ROWS, 2);
    // Load the wasm module and grow its memory once, so neither side pays for that in the timings.
    await floorWrite(second, path.join(dir, "warmup.parquet"));
    await floorRead([path.join(dir, "warmup.parquet")]);
    const catalog = await openCatalog({ warehouse: path.join(dir, "warehouse") });
    await catalog.createNamespace("default");

    const floors: number[] = [];
    const appends: number[] = [];
    let s1: bigint | undefined;
    // Alternate which side goes first, so neither always runs on a warmer (or more fragmented) heap.
    for (let r = 0; r < reps; r++) {
      const [snap] = await time(() => catalog.writeTo(`default.t${r}`).createOrReplace(first));
      s1 ??= snap.snapshotId;
      const floor = async () =>
        floors.push((await time(() => floorWrite(second, path.join(dir, `floor-${r}.parquet`))))[1]);
      const append = async () =>
        appends.push((await time(() => catalog.writeTo(`default.t${r}`).append(second)))[1]);
      if (r % 2 === 0) await floor().then(append);
      else await append().then(floor);
    }

    const table = await catalog.loadTable("default.t0");
    const files = (await table.files(s1)).getChild("file_path")!.toArray() as string[];
    const localFiles = files.map((f) => toLocalPath(f));
    const floorScans: number[] = [];
    const scans: number[] = [];
    let scanned = 0;
    for (let r = 0; r < reps; r++) {
      const floor = async () => floorScans.push((await time(() => floorRead(localFiles)))[1]);
      const scan = async () => {
        const [t, secs] = await time(() => table.scan({ snapshotId: s1! }).toArrow());
        scanned = t.numRows;
        scans.push(secs);
      };
      if (r % 2 === 0) await floor().then(scan);
      else await scan().then(floor);
    }
    const rss = process.resourceUsage().maxRSS / 1024;
    const fa = median(floors);
    const ap = median(appends);
    const fs_ = median(floorScans);
    const sc = median(scans);
    console.log(
      `${ROWS.toLocaleString("en")} rows (id long, text ~100 B, label double), zstd, median of ${reps}\n`,
    );
    console.log("| operation | lakelab | floor (parquet-wasm directly) | ratio | goal |");
    console.log("|---|---|---|---|---|");
    console.log(
      `| append 1M rows | ${ap.toFixed(2)} s | ${fa.toFixed(2)} s | ${(ap / fa).toFixed(2)}× | ≤ 1.15× |`,
    );
    console.log(
      `| time-travel scan of snapshot 1 (${scanned.toLocaleString("en")} rows) | ${sc.toFixed(2)} s | ${fs_.toFixed(2)} s | ${(sc / fs_).toFixed(2)}× | ≤ 1.2× |`,
    );
    console.log(`\npeak RSS of the benchmark process: ${rss.toFixed(0)} MB`);
    catalog.close();

    const python = await pyicebergPython();
    if (python) {
      const files = {
        first: path.join(dir, "first.arrow"),
        second: path.join(dir, "second.arrow"),
        rows: ROWS,
      };
      writeFileSync(files.first, arrow.tableToIPC(first, "file"));
      writeFileSync(files.second, arrow.tableToIPC(second, "file"));
      await compareWithPyiceberg(python, dir, files, reps);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
