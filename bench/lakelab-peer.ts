/**
 * lakelab's side of `bench -- iceberg`'s comparison with pyiceberg, run as its own process
 * (`node --expose-gc dist/bench/lakelab-peer.js <warehouse>`) so that its peak RSS is lakelab's
 * alone. Same JSON-lines protocol and commands as bench/pyiceberg-peer.py:
 * `{"op":"create"|"append","table","data","keep"}` → seconds, snapshotId;
 * `{"op":"scan","table","snapshotId","stream"}` → seconds, rows; `{"op":"files",…}` → files.
 */
import { readFileSync } from "node:fs";
import { createInterface } from "node:readline";
import * as arrow from "apache-arrow";
import { toLocalPath } from "../src/iceberg/io";
import { TableScan } from "../src/iceberg/scan";
import { openCatalog } from "../src/iceberg/table";

type Command =
  | { op: "create" | "append"; table: string; data: string; keep?: boolean }
  | { op: "scan" | "files"; table: string; snapshotId: string; stream?: boolean };

/** Scans stream batches when the scan can (`toArrowBatches`, not in every version of the scan). */
type MaybeStreaming = {
  toArrowBatches?: () => AsyncIterable<arrow.RecordBatch> | Iterable<arrow.RecordBatch>;
};
const streams = typeof (TableScan.prototype as MaybeStreaming).toArrowBatches === "function";

// VmHWM, not resourceUsage().maxRSS (see PeerAnswer)
const peakRssKb = () => Number(/^VmHWM:\s*(\d+) kB/m.exec(readFileSync("/proc/self/status", "utf8"))![1]);
// Python frees what a command dropped at once (reference counts); collect here too, between
// commands and outside the timings, so that one trial's garbage does not count in the next one's RSS
const collect = (globalThis as { gc?: () => void }).gc ?? (() => {});

async function main(warehouse: string): Promise<void> {
  const catalog = await openCatalog({ warehouse });
  await catalog.createNamespace("default");
  const kept = new Map<string, arrow.Table>();
  const load = (file: string, keep = false) => {
    const table = kept.get(file) ?? arrow.tableFromIPC(readFileSync(file));
    if (keep) kept.set(file, table);
    return table;
  };

  const run = async (c: Command): Promise<object> => {
    switch (c.op) {
      case "create":
      case "append": {
        const data = load(c.data, c.keep);
        const writer = catalog.writeTo(c.table);
        const t0 = performance.now();
        const snap = await (c.op === "create" ? writer.createOrReplace(data) : writer.append(data));
        return { seconds: (performance.now() - t0) / 1000, snapshotId: snap.snapshotId.toString() };
      }
      case "scan": {
        const t0 = performance.now();
        const scan = (await catalog.loadTable(c.table)).scan({ snapshotId: BigInt(c.snapshotId) });
        let rows = 0;
        if (c.stream && streams) {
          for await (const batch of await (scan as MaybeStreaming).toArrowBatches!()) rows += batch.numRows;
        } else {
          rows = (await scan.toArrow()).numRows;
        }
        return { seconds: (performance.now() - t0) / 1000, rows };
      }
      case "files": {
        const files = await (await catalog.loadTable(c.table)).files(BigInt(c.snapshotId));
        return { files: (files.getChild("file_path")!.toArray() as string[]).map(toLocalPath) };
      }
      default: {
        const never: never = c;
        throw new Error(`unknown command ${JSON.stringify(never)}`);
      }
    }
  };

  console.log(JSON.stringify({ ready: true, streams, peakRssKb: peakRssKb() }));
  for await (const line of createInterface({ input: process.stdin })) {
    if (line.trim() === "") continue;
    collect();
    try {
      console.log(JSON.stringify({ ...(await run(JSON.parse(line) as Command)), peakRssKb: peakRssKb() }));
    } catch (err) {
      console.log(JSON.stringify({ error: (err as Error).stack ?? String(err), peakRssKb: peakRssKb() }));
    }
  }
  catalog.close();
}

main(process.argv[2]!).catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
