/**
 * lakelab against pyiceberg 0.12 and pyarrow on the same rows (the Arrow IPC files the bench wrote),
 * each side in its own long-running process, so that each side's peak RSS is its own:
 * bench/lakelab-peer.ts under node, bench/pyiceberg-peer.py (pyiceberg, and pyarrow directly) in
 * the pyiceberg venv of test/support/python-peers.ts. Trials alternate which side goes first.
 */
import * as path from "node:path";
import { pythonPeer } from "../test/support/python-peers";
import { JsonLinesPeer, type PeerAnswer } from "./json-lines-peer";

const PY_PEER = path.join(__dirname, "..", "..", "bench", "pyiceberg-peer.py");
const LAKELAB_PEER = path.join(__dirname, "lakelab-peer.js");

export interface Written extends PeerAnswer {
  readonly seconds: number;
  readonly snapshotId: string;
}
export interface Scanned extends PeerAnswer {
  readonly seconds: number;
  readonly rows: number;
}
interface Files extends PeerAnswer {
  readonly files: string[];
}
export interface PyHello extends PeerAnswer {
  readonly pyiceberg?: string;
  readonly pyarrow: string;
}

/** The pyiceberg venv's python (installed on first use), or undefined after saying how to get it. */
export async function pyicebergPython(): Promise<string | undefined> {
  try {
    return (await pythonPeer("pyiceberg")).python;
  } catch (err) {
    console.log(
      `\npyiceberg comparison skipped: ${(err as Error).message}\n` +
        "To install it by hand: python3 -m venv .tmp/peers/pyiceberg && .tmp/peers/pyiceberg/bin/pip install " +
        '--find-links ../shared/reference-peers/pyiceberg "pyiceberg[pyarrow,sql-sqlite]==0.12.0" && ' +
        'printf %s "pyiceberg[pyarrow,sql-sqlite]==0.12.0" > .tmp/peers/pyiceberg/.ready',
    );
    return undefined;
  }
}

export const startLakelab = (warehouse: string) =>
  JsonLinesPeer.start<PeerAnswer>("lakelab", process.execPath, ["--expose-gc", LAKELAB_PEER, warehouse]);

export const startPython = (python: string, side: "pyiceberg" | "pyarrow", dir: string) =>
  JsonLinesPeer.start<PyHello>(side, python, [PY_PEER, side, dir]);

/** The middle value; the mean of the two middle ones for an even count. */
export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const h = s.length >> 1;
  return s.length % 2 === 1 ? s[h]! : (s[h - 1]! + s[h]!) / 2;
}
const mb = (kb: number) => `${Math.round(kb / 1024).toLocaleString("en")} MB`;
const secs = (xs: number[]) => `${median(xs).toFixed(2)} s`;
const ratio = (a: number[], b: number[]) => `${(median(a) / median(b)).toFixed(2)}×`;

/** Runs `trials` in order on even repetitions and in reverse on odd ones (ABBA). */
async function alternate(r: number, trials: (() => Promise<void>)[]): Promise<void> {
  for (const trial of r % 2 === 0 ? trials : [...trials].reverse()) await trial();
}

/**
 * Appends `second` after a first commit of `first`, then time-travel scans snapshot 1, `reps`
 * times on each side, and prints one table. Creates, appends and scans include loading the table
 * from the catalog on both sides.
 */
export async function compareWithPyiceberg(
  python: string,
  dir: string,
  files: { first: string; second: string; rows: number },
  reps: number,
): Promise<void> {
  const { peer: lakelab, hello: lakelabHello } = await startLakelab(path.join(dir, "lakelab-warehouse"));
  const pyiceberg = await startPython(python, "pyiceberg", path.join(dir, "pyiceberg-warehouse"));
  const { peer: pyarrow, hello: pyarrowHello } = await startPython(
    python,
    "pyarrow",
    path.join(dir, "pyarrow"),
  );
  const peak = { lakelab: 0, pyiceberg: 0, pyarrow: 0 };
  const ask = async <T extends PeerAnswer>(side: keyof typeof peak, peer: JsonLinesPeer, c: object) => {
    const answer = await peer.request<T>(c);
    peak[side] = Math.max(peak[side], answer.peakRssKb);
    return answer;
  };
  try {
    const creates = { lakelab: [] as number[], pyiceberg: [] as number[] };
    const appends = { lakelab: [] as number[], pyiceberg: [] as number[], pyarrow: [] as number[] };
    const s1: Record<"lakelab" | "pyiceberg", string[]> = { lakelab: [], pyiceberg: [] };
    const iceberg = (side: "lakelab" | "pyiceberg", peer: JsonLinesPeer, table: string) => async () => {
      const created = await ask<Written>(side, peer, { op: "create", table, data: files.first, keep: true });
      creates[side].push(created.seconds);
      s1[side].push(created.snapshotId);
      const c = { op: "append", table, data: files.second, keep: true };
      appends[side].push((await ask<Written>(side, peer, c)).seconds);
    };
    for (let r = 0; r < reps; r++) {
      const out = path.join(dir, "pyarrow", `second-${r}.parquet`);
      await alternate(r, [
        iceberg("lakelab", lakelab, `default.t${r}`),
        iceberg("pyiceberg", pyiceberg.peer, `default.t${r}`),
        async () => {
          const c = { op: "write", data: files.second, out, keep: true };
          appends.pyarrow.push((await ask<Written>("pyarrow", pyarrow, c)).seconds);
        },
      ]);
    }

    // the floor reads the very data files pyiceberg's scan reads
    const c0 = { op: "files", table: "default.t0", snapshotId: s1.pyiceberg[0] };
    const dataFiles = (await ask<Files>("pyiceberg", pyiceberg.peer, c0)).files;
    const scans = { lakelab: [] as number[], pyiceberg: [] as number[], pyarrow: [] as number[] };
    const scan = (side: keyof typeof scans, peer: JsonLinesPeer, c: object) => async () => {
      const answer = await ask<Scanned>(side, peer, c);
      if (answer.rows !== files.rows) throw new Error(`${side} read ${answer.rows} rows, not ${files.rows}`);
      scans[side].push(answer.seconds);
    };
    for (let r = 0; r < reps; r++) {
      await alternate(r, [
        scan("lakelab", lakelab, { op: "scan", table: "default.t0", snapshotId: s1.lakelab[0] }),
        scan("pyiceberg", pyiceberg.peer, { op: "scan", table: "default.t0", snapshotId: s1.pyiceberg[0] }),
        scan("pyarrow", pyarrow, { op: "read", files: dataFiles }),
      ]);
    }

    const rows = files.rows.toLocaleString("en");
    console.log(
      [
        `\n${rows} rows, the same Arrow data on each side; median of ${reps} alternating trials, each side in its own process\n`,
        `| operation | lakelab | pyiceberg ${pyiceberg.hello.pyiceberg} | pyarrow ${pyiceberg.hello.pyarrow} directly | lakelab / pyiceberg | goal |`,
        "|---|---|---|---|---|---|",
        `| create table + first append of ${rows} rows (one commit) | ${secs(creates.lakelab)} | ${secs(creates.pyiceberg)} | — | ${ratio(creates.lakelab, creates.pyiceberg)} | — |`,
        `| append ${rows} rows (2nd commit) | ${secs(appends.lakelab)} | ${secs(appends.pyiceberg)} | ${secs(appends.pyarrow)} (write_table, zstd) | ${ratio(appends.lakelab, appends.pyiceberg)} | ≤ 1.5× |`,
        `| time-travel scan of snapshot 1 → Arrow (${rows} rows) | ${secs(scans.lakelab)} | ${secs(scans.pyiceberg)} | ${secs(scans.pyarrow)} (read_table of pyiceberg's file) | ${ratio(scans.lakelab, scans.pyiceberg)} | ≤ 1.0× |`,
        `| peak RSS of the whole run | ${mb(peak.lakelab)} | ${mb(peak.pyiceberg)} | ${mb(peak.pyarrow)} | ${(peak.lakelab / peak.pyiceberg).toFixed(2)}× | ≤ 1.0× |`,
        "",
        `RSS after start-up (imports, before any data): lakelab ${mb(lakelabHello.peakRssKb)}, ` +
          `pyiceberg ${mb(pyiceberg.hello.peakRssKb)}, pyarrow ${mb(pyarrowHello.peakRssKb)}.`,
      ].join("\n"),
    );
  } finally {
    await Promise.all([lakelab.close(), pyiceberg.peer.close(), pyarrow.close()]);
  }
}
