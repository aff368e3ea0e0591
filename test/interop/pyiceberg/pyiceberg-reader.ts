/**
 * Runs read_tables.py in the pyiceberg 0.12 venv over a warehouse lakelab wrote: one Python
 * process per call, reporting on every table asked for (a process start costs ~1-2 s).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type { Expression } from "../../../src/iceberg/expressions";
import { pythonPeer, runPeerScript } from "../../support/python-peers";
import { canon } from "./canonical";

const SCRIPT = fs.readFileSync(path.join(__dirname, "read_tables.py"), "utf8");

export interface PartitionCheck {
  readonly checked_values: bigint;
  readonly mismatch_count: bigint;
  readonly mismatches: readonly Record<string, unknown>[];
  readonly files: readonly {
    file_path: string;
    spec_id: bigint;
    partition: unknown[];
    record_count: bigint;
    rows_in_file: bigint;
  }[];
}

export interface SnapshotReport {
  readonly snapshot_id: bigint;
  readonly parent_id: bigint | null;
  readonly sequence_number: bigint;
  readonly schema_id: bigint | null;
  readonly summary: Record<string, string>;
  readonly columns: string[];
  readonly rows: Record<string, unknown>[];
  readonly partitions: PartitionCheck;
  readonly files: Record<string, unknown>[];
  readonly entries: Record<string, unknown>[];
}

export interface TableReport {
  readonly metadata_location: string;
  readonly table_uuid: string;
  readonly format_version: bigint;
  readonly current_snapshot_id: bigint | null;
  readonly current_schema_id: bigint;
  readonly schemas: Record<string, unknown>[];
  readonly default_spec_id: bigint;
  readonly specs: Record<string, unknown>[];
  readonly refs: Record<string, Record<string, unknown>>;
  readonly properties: Record<string, string>;
  readonly snapshots: SnapshotReport[];
  readonly filters: Record<string, unknown>[][];
  readonly inspect: Record<"history" | "snapshots" | "refs" | "manifests", Record<string, unknown>[]>;
}

export interface PyicebergView {
  /** Dotted names, sorted; nested namespaces included. */
  readonly namespaces: string[];
  readonly namespace_properties: Record<string, Record<string, string>>;
  /** `namespace.table`, sorted. */
  readonly tables: string[];
  readonly results: Record<string, TableReport>;
}

/** Plain JSON for the script: bigints as exact numbers or strings, dates as ISO text. */
function jsonSafe(v: unknown): unknown {
  if (typeof v === "bigint") return Number.isSafeInteger(Number(v)) ? Number(v) : v.toString();
  if (v instanceof Date) return v.toISOString();
  if (Array.isArray(v)) return v.map(jsonSafe);
  if (v !== null && typeof v === "object") {
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, jsonSafe(x)]));
  }
  return v;
}

/** What pyiceberg's SqlCatalog sees in `<warehouse>/catalog.db` (catalog `default`). */
export async function readWithPyiceberg(
  warehouse: string,
  tables: readonly { identifier: string; filters?: readonly Expression[] }[],
): Promise<PyicebergView> {
  const peer = await pythonPeer("pyiceberg");
  const input = {
    name: "default",
    uri: `sqlite:///${path.join(warehouse, "catalog.db")}`,
    warehouse: `file://${warehouse}`,
    tables: tables.map((t) => ({ identifier: t.identifier, filters: jsonSafe(t.filters ?? []) })),
  };
  // Every integer as a bigint, as `canon` makes lakelab's side, whatever its size.
  return canon(await runPeerScript(peer, SCRIPT, input, { timeoutMs: 300_000 })) as PyicebergView;
}

/**
 * Runs readWithPyiceberg once (in a beforeAll) and hands its view to each test, rethrowing its
 * error there: a missing peer then fails every test with python-peers' message instead of
 * leaving them skipped behind a failed hook.
 */
export function sharedRead(): {
  run(warehouse: string, tables: Parameters<typeof readWithPyiceberg>[1]): Promise<void>;
  view(): PyicebergView;
} {
  let result: { ok: PyicebergView } | { err: unknown } = { err: new Error("pyiceberg was not run") };
  return {
    async run(warehouse, tables) {
      result = await readWithPyiceberg(warehouse, tables).then(
        (ok) => ({ ok }),
        (err: unknown) => ({ err }),
      );
    },
    view() {
      if ("err" in result) throw result.err;
      return result.ok;
    },
  };
}
