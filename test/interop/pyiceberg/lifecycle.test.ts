/**
 * A table's whole life as lakelab writes it, read by pyiceberg 0.12 through the same SQLite
 * catalog: create, appends, an overwrite that also evolves the schema and the partitioning,
 * a tag, a branch with its own snapshot, expiry of old snapshots, an empty table, a second
 * namespace with a property, a dropped table. One pyiceberg process reads it all.
 */
import * as arrow from "apache-arrow";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { conformToSchema, FastAppend, type IcebergCatalog, writeDataFiles } from "../../../src/iceberg";
import { eq, gt, isNull, lt, or } from "../../../src/iceberg/expressions";
import { expectSameTable } from "./expect-same-table";
import { eventRows, tempWarehouse } from "./fixture";
import { type LakelabView, lakelabView } from "./lakelab-view";
import { sharedRead } from "./pyiceberg-reader";

const FILTERS = [eq("name", "gamma"), or(isNull("n"), gt("id", 200_000n)), lt("score", 3.5)];

/** eventRows without `flag` and with a new double column `score`: a schema change for createOrReplace. */
function evolvedRows(n: number, first: number): arrow.Table {
  const base = eventRows(n, first);
  const keep = base.schema.fields.filter((f) => f.name !== "flag").map((f) => f.name);
  return base.select(keep).assign(
    new arrow.Table({
      score: arrow.vectorFromArray(
        Array.from({ length: n }, (_, i) => (first + i) * 0.25),
        new arrow.Float64(),
      ),
    }),
  );
}

/** Appends rows to a branch other than main, as a write-audit-publish job would. */
async function appendToBranch(catalog: IcebergCatalog, name: string, branch: string, data: arrow.Table) {
  const table = await catalog.loadTable(name);
  const files = await writeDataFiles(
    table.io,
    table.location,
    table.schema(),
    table.spec(),
    conformToSchema(data, table.schema(), name),
  );
  const append = new FastAppend(files, branch);
  await table.commit(append);
  return append.snapshotId;
}

describe("pyiceberg reads a table's whole lakelab history", () => {
  let env: Awaited<ReturnType<typeof tempWarehouse>>;
  const py = sharedRead();
  const mine = new Map<string, LakelabView>();
  const ids: Record<string, bigint> = {};

  beforeAll(async () => {
    env = await tempWarehouse();
    const c = env.catalog;
    const s1 = await c
      .writeTo("default.life", { partitionBy: [{ column: "id", transform: "bucket[8]" }] })
      .createOrReplace(eventRows(30));
    const s2 = await c.writeTo("default.life").append(eventRows(12, 30));
    ids.s1 = s1.snapshotId;
    ids.s2 = s2.snapshotId;
    const life = await c.loadTable("default.life");
    await life.createTag("v1", s1.snapshotId, { maxRefAgeMs: 86_400_000 });
    await life.createBranch("audit", s2.snapshotId, { minSnapshotsToKeep: 2, maxSnapshotAgeMs: 3_600_000 });
    ids.audit = await appendToBranch(c, "default.life", "audit", eventRows(5, 42));
    // Replace: new schema (flag dropped, score added), new partitioning, all old files deleted.
    const s3 = await c
      .writeTo("default.life", { partitionBy: [{ column: "ts", transform: "month" }] })
      .createOrReplace(evolvedRows(20, 100));
    const s4 = await c.writeTo("default.life").append(evolvedRows(7, 120));
    ids.s3 = s3.snapshotId;
    ids.s4 = s4.snapshotId;

    // A second table whose oldest snapshots are expired (files of s1 deleted, s2 kept by retainLast).
    await c.writeTo("default.expired").createOrReplace(eventRows(10));
    await c.writeTo("default.expired").append(eventRows(10, 10));
    await c.writeTo("default.expired").createOrReplace(eventRows(4, 50));
    const expired = await c.loadTable("default.expired");
    const result = await expired.expireSnapshots({ olderThanMs: Date.now() + 1000, retainLast: 2 });
    expect(result.expiredSnapshotIds.length).toBe(1);

    await c.createNamespace("sales", { owner: "ml-team" });
    await c.createTable("sales.empty", eventRows(0).schema, {
      partitionSpec: [{ column: "d", transform: "day" }],
    });
    await c.writeTo("sales.gone").createOrReplace(eventRows(3));
    await c.dropTable("sales.gone");

    const tables = ["default.life", "default.expired", "sales.empty"];
    for (const t of tables)
      mine.set(t, await lakelabView(await c.loadTable(t), t === "default.life" ? FILTERS : []));
    await py.run(
      env.warehouse,
      tables.map((identifier) => ({ identifier, filters: identifier === "default.life" ? FILTERS : [] })),
    );
  });
  afterAll(() => env?.close());

  it("lists the namespaces, their properties and the tables the catalog holds", async () => {
    expect(py.view().namespaces).toEqual(await env.catalog.listNamespaces());
    expect(py.view().namespaces).toEqual(["default", "sales"]);
    expect(py.view().namespace_properties.sales).toEqual(await env.catalog.namespaceProperties("sales"));
    expect(py.view().namespace_properties.sales?.owner).toBe("ml-team");
    const listed = [...(await env.catalog.listTables("default")), ...(await env.catalog.listTables("sales"))];
    expect(py.view().tables).toEqual(listed.sort());
    expect(py.view().tables).toEqual(["default.expired", "default.life", "sales.empty"]);
  });

  it("reads every snapshot, ref, schema and spec of the evolved table as lakelab does", async () => {
    const table = await env.catalog.loadTable("default.life");
    expectSameTable(table, py.view().results["default.life"]!, mine.get("default.life")!);
    const report = py.view().results["default.life"]!;
    expect(Object.keys(report.refs).sort()).toEqual(["audit", "main", "v1"]);
    expect(report.refs.audit!["snapshot-id"]).toBe(ids.audit);
    expect(report.current_snapshot_id).toBe(ids.s4);
    expect(report.schemas.length).toBe(2);
    expect(report.specs.length).toBe(2);
    const byId = new Map(report.snapshots.map((s) => [s.snapshot_id, s]));
    // Time travel reads each snapshot with its own schema: flag before the replace, score after.
    expect(byId.get(ids.s2!)!.columns).toContain("flag");
    expect(byId.get(ids.s4!)!.columns).toContain("score");
    expect(byId.get(ids.s4!)!.columns).not.toContain("flag");
    expect([ids.s1, ids.s2, ids.audit, ids.s3, ids.s4].map((id) => byId.get(id!)!.rows.length)).toEqual([
      30, 42, 47, 20, 27,
    ]);
    expect(byId.get(ids.s3!)!.summary.operation).toBe("overwrite");
  });

  it("reads the table left after expiry", async () => {
    const table = await env.catalog.loadTable("default.expired");
    expectSameTable(table, py.view().results["default.expired"]!, mine.get("default.expired")!);
    expect(py.view().results["default.expired"]!.snapshots.length).toBe(2);
  });

  it("loads an empty table created without data", async () => {
    const table = await env.catalog.loadTable("sales.empty");
    expectSameTable(table, py.view().results["sales.empty"]!, mine.get("sales.empty")!);
    expect(py.view().results["sales.empty"]!.current_snapshot_id).toBeNull();
  });
});
