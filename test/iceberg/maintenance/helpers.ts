import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { toLocalPath } from "../../../src/iceberg/io/local-file-io";
import type { Table } from "../../../src/iceberg/table";

/** Rows of batch `name`: `n` rows whose `batch` column names it. */
export function batch(name: string, n = 2): { batch: string; i: bigint }[] {
  return Array.from({ length: n }, (_, i) => ({ batch: name, i: BigInt(i) }));
}

/** A table's rows (at a snapshot or ref) as sorted "batch/i" keys. */
export async function rowsOf(table: Table, options: Parameters<Table["scan"]>[0] = {}): Promise<string[]> {
  const rows = await table.scan(options).toRecords();
  return rows.map((r) => `${r.batch}/${r.i}`).sort();
}

export function expectedOf(...batches: string[]): string[] {
  return batches.flatMap((b) => batch(b).map((r) => `${r.batch}/${r.i}`)).sort();
}

/** Absolute paths of every file under a folder (or file:// location), sorted. */
export function filesUnder(location: string): string[] {
  const dir = toLocalPath(location);
  if (!fs.existsSync(dir)) return [];
  return (fs.readdirSync(dir, { recursive: true }) as string[])
    .map((f) => path.join(dir, f))
    .filter((f) => fs.statSync(f).isFile())
    .sort();
}

/** Data file paths (absolute) live in a snapshot, from the `files` metadata table. */
export async function dataFilesOf(table: Table, snapshotId: bigint): Promise<string[]> {
  const files = await table.files(snapshotId);
  return [...files.getChild("file_path")!].map((p) => toLocalPath(String(p))).sort();
}

export function tempDir(prefix: string): { dir: string; cleanup: () => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  return { dir, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/** Sets a file's modification time `ageMs` in the past. */
export function age(file: string, ageMs: number): void {
  const t = new Date(Date.now() - ageMs);
  fs.utimesSync(file, t, t);
}
