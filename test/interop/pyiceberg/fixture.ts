import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import * as arrow from "apache-arrow";
import { type IcebergCatalog, openCatalog } from "../../../src/iceberg";

/** A fresh warehouse (catalog.db inside) with a `default` namespace, removed by `close()`. */
export async function tempWarehouse(): Promise<{
  warehouse: string;
  catalog: IcebergCatalog;
  close(): void;
}> {
  const dir = mkdtempSync(path.join(tmpdir(), "lakelab-pyiceberg-"));
  const warehouse = path.join(dir, "warehouse");
  const catalog = await openCatalog({ warehouse });
  await catalog.createNamespace("default");
  return {
    warehouse,
    catalog,
    close() {
      catalog.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const T0 = Date.UTC(2023, 10, 28, 21, 17);

/** Names with multi-byte UTF-8, a space, a slash, an empty string and a null (partition paths %-escape them). */
export const NAMES = ["alpha", "beta", "gamma", "ünï", "δelta", "a b", "x/y", "", null];

/**
 * `n` rows whose values cross year, month, day and hour boundaries, hash to many buckets and
 * include negative numbers, nulls and multi-byte strings: id long, n int, name string,
 * ts timestamptz, local timestamp, d date, flag boolean.
 */
export function eventRows(n: number, first = 0, names: readonly (string | null)[] = NAMES): arrow.Table {
  const idx = Array.from({ length: n }, (_, i) => first + i);
  const ts = idx.map((i) => T0 + i * 7 * HOUR + (i % 5) * 13 * DAY + i * 1_013);
  return new arrow.Table({
    id: arrow.vectorFromArray(
      idx.map((i) => BigInt(i * 7919 - 150)),
      new arrow.Int64(),
    ),
    n: arrow.vectorFromArray(
      idx.map((i) => (i % 11 === 3 ? null : i * 37 - 400)),
      new arrow.Int32(),
    ),
    name: arrow.vectorFromArray(
      idx.map((i) => names[i % names.length]!),
      new arrow.Utf8(),
    ),
    ts: arrow.vectorFromArray(ts, new arrow.TimestampMillisecond("UTC")),
    local: arrow.vectorFromArray(
      ts.map((t) => t - 5 * HOUR),
      new arrow.TimestampMillisecond(),
    ),
    d: arrow.vectorFromArray(
      ts.map((t) => new Date(Math.floor(t / DAY) * DAY - 40 * DAY)),
      new arrow.DateDay(),
    ),
    flag: arrow.vectorFromArray(
      idx.map((i) => i % 3 === 0),
      new arrow.Bool(),
    ),
  });
}
