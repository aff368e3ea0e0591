/**
 * Every partition transform lakelab writes, read back by pyiceberg 0.12: for each table the
 * same rows, schema, spec and metadata tables, and every partition value in the manifests is
 * what pyiceberg's own transform gives for every row of the file (bucket included).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PartitionByField } from "../../../src/iceberg";
import { and, type Expression, eq, gt, gte, isIn, isNull, lt, or } from "../../../src/iceberg/expressions";
import { expectSameTable } from "./expect-same-table";
import { eventRows, tempWarehouse } from "./fixture";
import { type LakelabView, lakelabView } from "./lakelab-view";
import { sharedRead } from "./pyiceberg-reader";

const CASES: Record<string, PartitionByField[]> = {
  identity_string: [{ column: "name" }],
  identity_int: [{ column: "n" }],
  identity_date: [{ column: "d" }],
  identity_boolean: [{ column: "flag" }],
  bucket_long: [{ column: "id", transform: "bucket[7]" }],
  bucket_int: [{ column: "n", transform: "bucket[5]" }],
  bucket_string: [{ column: "name", transform: "bucket[3]" }],
  bucket_timestamptz: [{ column: "ts", transform: "bucket[6]" }],
  bucket_date: [{ column: "d", transform: "bucket[4]" }],
  truncate_string: [{ column: "name", transform: "truncate[2]" }],
  truncate_int: [{ column: "n", transform: "truncate[100]" }],
  truncate_long: [{ column: "id", transform: "truncate[50000]" }],
  year_month_timestamptz: [
    { column: "ts", transform: "year" },
    { column: "ts", transform: "month" },
  ],
  day_timestamptz: [{ column: "ts", transform: "day" }],
  hour_timestamptz: [{ column: "ts", transform: "hour" }],
  hour_day_timestamp: [
    { column: "local", transform: "hour" },
    { column: "local", transform: "day" },
  ],
  year_month_day_date: [
    { column: "d", transform: "year" },
    { column: "d", transform: "month" },
    { column: "d", transform: "day" },
  ],
  void: [{ column: "name", transform: "void" }],
  day_and_bucket: [
    { column: "ts", transform: "day" },
    { column: "id", transform: "bucket[16]" },
  ],
};

/** Filters that prune by partition values and by column bounds; each must give pyiceberg's rows. */
const FILTERS: Expression[] = [
  eq("name", "beta"),
  isIn("id", [-150n, 7769n, 23607n, 999n]),
  gte("ts", "2023-12-10T00:00:00+00:00"),
  and(lt("n", 200), gt("d", "2023-11-01")),
  or(isNull("n"), eq("flag", true)),
  gte("local", "2023-12-01T05:00:00"),
];

describe("pyiceberg reads every partition transform lakelab writes", () => {
  let env: Awaited<ReturnType<typeof tempWarehouse>>;
  const py = sharedRead();
  const mine = new Map<string, LakelabView>();

  beforeAll(async () => {
    env = await tempWarehouse();
    for (const [name, partitionBy] of Object.entries(CASES)) {
      await env.catalog.writeTo(`default.${name}`, { partitionBy }).createOrReplace(eventRows(40));
      await env.catalog.writeTo(`default.${name}`).append(eventRows(9, 40));
      mine.set(name, await lakelabView(await env.catalog.loadTable(`default.${name}`), FILTERS));
    }
    await py.run(
      env.warehouse,
      Object.keys(CASES).map((name) => ({ identifier: `default.${name}`, filters: FILTERS })),
    );
  });
  afterAll(() => env?.close());

  it("lists every table lakelab created", () => {
    expect(py.view().namespaces).toEqual(["default"]);
    expect(py.view().tables).toEqual(
      Object.keys(CASES)
        .map((n) => `default.${n}`)
        .sort(),
    );
  });

  it.each(Object.keys(CASES))("%s", async (name) => {
    const table = await env.catalog.loadTable(`default.${name}`);
    expect(table.spec().fields.map((f) => f.transform)).toEqual(
      CASES[name]!.map((p) => p.transform ?? "identity"),
    );
    expectSameTable(table, py.view().results[`default.${name}`]!, mine.get(name)!);
    // The filters select something and not everything, so a scan that ignored them would fail.
    const all = mine.get(name)!.snapshots.at(-1)!.rows.length;
    for (const rows of mine.get(name)!.filters) {
      expect(rows.length).toBeGreaterThan(0);
      expect(rows.length).toBeLessThan(all);
    }
  });
});
