/**
 * `npm run bench -- remote`: the team lakehouse against one machine, side by side in one run.
 * Remote: lakelab's REST catalog client → `serveCatalog` (in this process) over a SQL catalog
 * whose warehouse is `s3://lakelab/wh` on s3rver (a child process, behind the counting proxy of
 * test/support/s3-server.ts). Local: the SQL catalog with its warehouse on local disk.
 * Same 1M-row data as `bench -- iceberg`; medians of alternating trials.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import * as arrow from "apache-arrow";
import { RestCatalog } from "../src/iceberg/catalog/rest";
import { serveCatalog } from "../src/iceberg/catalog/rest-server";
import { IcebergCatalog, openCatalog, type Table } from "../src/iceberg/table";
import { startS3Server, type TestS3Server } from "../test/support/s3-server";
import { makeTable, median, time } from "./iceberg";

const ROWS = 1_000_000;
const WIDE_ROWS = 200_000;

interface Side {
  readonly catalog: IcebergCatalog;
  readonly appends: number[];
  readonly scans: number[];
  /** Storage alone: one data file of snapshot 1 read whole, and written back under a new name. */
  readonly reads: number[];
  readonly writes: number[];
}

/** Requests one remote append commit made: catalog calls and S3 calls outside data/. */
interface CommitRequests {
  readonly catalog: string[];
  readonly s3: string[];
  readonly dataParts: number;
}

/** Ten columns (long, double and ~20-byte string, in turn) of similar size, for column projection. */
function wideTable(n: number): arrow.Table {
  const cols: Record<string, arrow.Vector> = {};
  for (let c = 0; c < 10; c++) {
    const name = `c${c}`;
    if (c % 3 === 0)
      cols[name] = arrow.makeVector(BigInt64Array.from({ length: n }, (_, i) => BigInt(i * 7919 + c)));
    else if (c % 3 === 1)
      cols[name] = arrow.makeVector(Float64Array.from({ length: n }, (_, i) => Math.sin(i + c)));
    else
      cols[name] = arrow.vectorFromArray(
        Array.from({ length: n }, (_, i) => `v${c}-${(i * 2654435761) % 1e9}`),
      );
  }
  return new arrow.Table(cols);
}

const objectName = (url: string) => url.replace(/\?.*$/, "").split("/").pop() ?? url;

/** One remote append with its requests counted; the catalog's request log is `restLog`. */
async function countedAppend(
  remote: Side,
  s3: TestS3Server,
  restLog: string[],
  table: string,
  data: arrow.Table,
): Promise<CommitRequests> {
  s3.resetCounts();
  const before = restLog.length;
  remote.appends.push((await time(() => remote.catalog.writeTo(table).append(data)))[1]);
  const s3Calls = s3.requests.filter((r) => !r.url.includes("/data/"));
  return {
    catalog: restLog.slice(before),
    s3: s3Calls.map((r) => `${r.method} ${objectName(r.url)}`),
    dataParts: s3.requests.length - s3Calls.length,
  };
}

/** Bytes of data-file GETs of a scan on the remote side. */
async function scannedBytes(s3: TestS3Server, scan: () => Promise<arrow.Table>): Promise<[number, number]> {
  s3.resetCounts();
  const t = await scan();
  const bytes = s3.requests
    .filter((r) => r.method === "GET" && r.url.includes("/data/"))
    .reduce((a, r) => a + r.bytesOut, 0);
  return [bytes, t.numRows];
}

export async function main(args: string[]): Promise<void> {
  const reps = Number(args.find((a) => a.startsWith("--reps="))?.slice(7) ?? 3);
  const dir = mkdtempSync(path.join(tmpdir(), "lakelab-bench-remote-"));
  const s3 = await startS3Server(["lakelab"]);
  const restLog: string[] = [];
  const served = await openCatalog({
    warehouse: "s3://lakelab/wh",
    uri: path.join(dir, "catalog.db"),
    storage: s3.properties(),
  });
  const server = await serveCatalog({
    catalog: served.catalog,
    port: 0,
    storageProperties: s3.properties(),
    log: (line) => restLog.push(line),
  });
  const local: Side = {
    catalog: await openCatalog({ warehouse: path.join(dir, "warehouse") }),
    appends: [],
    scans: [],
    reads: [],
    writes: [],
  };
  const remote: Side = {
    catalog: new IcebergCatalog(await RestCatalog.connect({ uri: server.url })),
    appends: [],
    scans: [],
    reads: [],
    writes: [],
  };
  try {
    for (const side of [local, remote]) await side.catalog.createNamespace("default");
    const first = makeTable(ROWS, 1);
    const second = makeTable(ROWS, 2);
    // Warm up both paths (wasm memory, sockets) on a table nobody times.
    for (const side of [local, remote]) await side.catalog.writeTo("default.warmup").createOrReplace(second);

    const commits: CommitRequests[] = [];
    let s1: bigint | undefined;
    // Alternate which side goes first, so neither always runs on a warmer (or more fragmented) heap.
    for (let r = 0; r < reps; r++) {
      for (const side of [local, remote]) {
        const snap = await side.catalog.writeTo(`default.t${r}`).createOrReplace(first);
        if (side === remote && r === 0) s1 = snap.snapshotId;
      }
      const appendLocal = async () =>
        local.appends.push((await time(() => local.catalog.writeTo(`default.t${r}`).append(second)))[1]);
      const appendRemote = async () =>
        commits.push(await countedAppend(remote, s3, restLog, `default.t${r}`, second));
      if (r % 2 === 0) await appendLocal().then(appendRemote);
      else await appendRemote().then(appendLocal);
    }

    const localTable = await local.catalog.loadTable("default.t0");
    const localS1 = localTable.snapshotList()[0]!.snapshotId;
    const remoteTable = await remote.catalog.loadTable("default.t0");
    let scanned = 0;
    for (let r = 0; r < reps; r++) {
      const scanLocal = async () =>
        local.scans.push((await time(() => localTable.scan({ snapshotId: localS1 }).toArrow()))[1]);
      const scanRemote = async () => {
        const [t, secs] = await time(() => remoteTable.scan({ snapshotId: s1! }).toArrow());
        scanned = t.numRows;
        remote.scans.push(secs);
      };
      if (r % 2 === 0) await scanLocal().then(scanRemote);
      else await scanRemote().then(scanLocal);
    }

    await remote.catalog.writeTo("default.wide").createOrReplace(wideTable(WIDE_ROWS));
    const wide = await remote.catalog.loadTable("default.wide");
    const [fullBytes, fullRows] = await scannedBytes(s3, () => wide.scan().toArrow());
    const [twoBytes, twoRows] = await scannedBytes(s3, () => wide.scan({ columns: ["c3", "c7"] }).toArrow());
    if (fullRows !== WIDE_ROWS || twoRows !== WIDE_ROWS) throw new Error("the wide table scans lost rows");

    // Where the time goes: the same data file read and written through each side's FileIO alone.
    const fileOf = async (t: Table) =>
      (await t.files(t.snapshotList()[0]!.snapshotId)).getChild("file_path")!.get(0) as string;
    const pairs = [
      [local, localTable, await fileOf(localTable)],
      [remote, remoteTable, await fileOf(remoteTable)],
    ] as const;
    let fileBytes = 0;
    for (let r = 0; r < reps; r++) {
      for (const [side, t, file] of r % 2 === 0 ? pairs : [...pairs].reverse()) {
        const [bytes, read] = await time(() => t.io.read(file));
        fileBytes = bytes.length;
        side.reads.push(read);
        const copy = file.replace(/\.parquet$/, `-copy-${r}.parquet`);
        side.writes.push((await time(() => t.io.write(copy, bytes, { uniqueName: true })))[1]);
      }
    }

    report({ reps, local, remote, commits, scanned, fullBytes, twoBytes, fileBytes });
  } finally {
    remote.catalog.catalog.close();
    local.catalog.close();
    await server.close();
    served.close();
    await s3.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

function report(r: {
  reps: number;
  local: Side;
  remote: Side;
  commits: CommitRequests[];
  scanned: number;
  fullBytes: number;
  twoBytes: number;
  fileBytes: number;
}): void {
  const [la, ra, ls, rs] = [r.local.appends, r.remote.appends, r.local.scans, r.remote.scans].map(median) as [
    number,
    number,
    number,
    number,
  ];
  const perCommit = r.commits.map((c) => c.catalog.length + c.s3.length);
  const worst = r.commits[perCommit.indexOf(Math.max(...perCommit))]!;
  const share = r.twoBytes / r.fullBytes;
  const mb = (b: number) => `${(b / 1e6).toFixed(2)} MB`;
  console.log(
    `${ROWS.toLocaleString("en")} rows (id long, text ~100 B, label double), zstd, median of ${r.reps} alternating trials`,
  );
  console.log(
    "remote: REST catalog (serveCatalog) + S3 (s3rver behind a counting proxy); local: SQL catalog + local disk\n",
  );
  console.log("| measure | remote | local | ratio / value | goal |");
  console.log("|---|---|---|---|---|");
  console.log(
    `| append 1M rows | ${ra.toFixed(2)} s | ${la.toFixed(2)} s | ${(ra / la).toFixed(2)}× | ≤ 1.3× |`,
  );
  console.log(
    `| time-travel scan of snapshot 1 (${r.scanned.toLocaleString("en")} rows) | ${rs.toFixed(2)} s | ${ls.toFixed(2)} s | ${(rs / ls).toFixed(2)}× | ≤ 1.3× |`,
  );
  console.log(
    `| HTTP requests per append commit (catalog + S3, data-file parts excluded), worst of ${r.commits.length} | ${Math.max(...perCommit)} | — | ${worst.catalog.length} catalog + ${worst.s3.length} S3 | ≤ 8 |`,
  );
  console.log(
    `| data-file bytes fetched, scan of 2 of 10 columns vs full (${WIDE_ROWS.toLocaleString("en")} rows) | ${mb(r.twoBytes)} | ${mb(r.fullBytes)} (full) | ${(100 * share).toFixed(1)}% | ≤ 35% |`,
  );
  console.log(`\nrequests of one append commit: ${[...worst.catalog, ...worst.s3].join("; ")}`);
  console.log(`(plus ${worst.dataParts} request(s) writing the data file(s))`);
  console.log(`remote appends: ${seconds(r.remote.appends)}; local: ${seconds(r.local.appends)}`);
  console.log(`remote scans: ${seconds(r.remote.scans)}; local: ${seconds(r.local.scans)}`);
  console.log(
    `storage alone, one ${mb(r.fileBytes)} data file: S3 PUT ${median(r.remote.writes).toFixed(2)} s vs local write ${median(r.local.writes).toFixed(2)} s; S3 GET ${median(r.remote.reads).toFixed(2)} s vs local read ${median(r.local.reads).toFixed(2)} s`,
  );
}

const seconds = (xs: number[]) => xs.map((x) => `${x.toFixed(2)} s`).join(", ");
