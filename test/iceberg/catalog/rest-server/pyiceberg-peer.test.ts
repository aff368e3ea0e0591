/**
 * pyiceberg 0.12's RestCatalog, the reference client, against lakelab's REST catalog server:
 * the catalog operations a team uses, the exceptions pyiceberg raises from the server's error
 * answers, and tables crossing between lakelab's SQL catalog and pyiceberg in both directions.
 */
import * as fs from "node:fs";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openCatalog } from "../../../../src/iceberg/table";
import { type PythonPeer, pythonPeer, runPeerScript } from "../../../support/python-peers";
import { type ServerEnv, servedWarehouse } from "./fixture";

const PRELUDE = `
import json, sys
import pyarrow as pa
from pyiceberg.catalog.rest import RestCatalog
inp = json.load(sys.stdin)
cat = RestCatalog("lake", uri=inp["uri"], **{"rest-page-size": "2"})
out = {}
def err(fn):
    try:
        fn()
        return None
    except Exception as e:
        return type(e).__name__
def rows(scan):
    return sorted(scan.to_arrow().to_pylist(), key=lambda r: r["id"])
schema = pa.schema([pa.field("id", pa.int64()), pa.field("text", pa.string())])
def data(ids):
    return pa.table({"id": pa.array(ids, pa.int64()), "text": [f"t{i}" for i in ids]}, schema=schema)
`;

const LIFECYCLE = `${PRELUDE}
cat.create_namespace("team", {"owner": "ml", "purpose": "spam"})
cat.create_namespace(("team", "sub"))
cat.create_namespace("other")
out["dupNamespace"] = err(lambda: cat.create_namespace("team"))
out["namespaces"] = [list(n) for n in cat.list_namespaces()]
out["children"] = [list(n) for n in cat.list_namespaces("team")]
out["props"] = cat.load_namespace_properties("team")
out["missingNamespace"] = err(lambda: cat.load_namespace_properties("nowhere"))

t = cat.create_table("team.emails", schema=schema)
t.append(data([1, 2]))
t.append(data([3]))
for name in ["t1", "t2", "t3", "t4"]:
    cat.create_table(("team", name), schema=schema)
out["tables"] = [".".join(x) for x in cat.list_tables("team")]
t = cat.load_table("team.emails")
out["rows"] = rows(t.scan())
out["bySnapshot"] = [[s.snapshot_id, len(t.scan(snapshot_id=s.snapshot_id).to_arrow())] for s in t.snapshots()]
out["metadataLocation"] = t.metadata_location
out["dupTable"] = err(lambda: cat.create_table("team.emails", schema=schema))
out["missingTable"] = err(lambda: cat.load_table("team.nope"))
out["noNamespaceTable"] = err(lambda: cat.create_table("nowhere.t", schema=schema))

a = cat.load_table("team.emails")
b = cat.load_table("team.emails")
a.append(data([4]))
out["stale"] = err(lambda: b.append(data([5])))
out["afterStale"] = [r["id"] for r in rows(cat.load_table("team.emails").scan())]

cat.rename_table("team.t1", "other.renamed")
out["renamed"] = [cat.table_exists("team.t1"), cat.table_exists("other.renamed")]
out["renameMissing"] = err(lambda: cat.rename_table("team.nope", "other.x"))

tx = cat.create_table_transaction("team.staged", schema=schema)
out["stagedVisibleBeforeCommit"] = cat.table_exists("team.staged")
tx.append(data([7, 8]))
tx.commit_transaction()
out["staged"] = [r["id"] for r in rows(cat.load_table("team.staged").scan())]

out["t2Location"] = cat.load_table("team.t2").location()
cat.purge_table("team.t2")
out["purgedExists"] = cat.table_exists("team.t2")
out["dropMissing"] = err(lambda: cat.drop_table("team.nope"))
out["dropNonEmpty"] = err(lambda: cat.drop_namespace("team"))
cat.drop_namespace(("team", "sub"))
out["afterDrop"] = [list(n) for n in cat.list_namespaces("team")]
print(json.dumps(out))
`;

const READ_EVERY_SNAPSHOT = `${PRELUDE}
t = cat.load_table(inp["table"])
out["metadataLocation"] = t.metadata_location
out["snapshots"] = {str(s.snapshot_id): rows(t.scan(snapshot_id=s.snapshot_id)) for s in t.snapshots()}
out["current"] = t.current_snapshot().snapshot_id
print(json.dumps(out))
`;

describe("pyiceberg RestCatalog against `lakelab catalog serve`", () => {
  let peer: PythonPeer;
  let env: ServerEnv;
  beforeAll(async () => {
    peer = await pythonPeer("pyiceberg");
    env = await servedWarehouse();
  });
  afterAll(async () => env?.close());

  it("creates, lists (paged by 2), appends, reads, renames, stages, purges, and raises pyiceberg's own errors", async () => {
    const out = await runPeerScript<Record<string, unknown>>(peer, LIFECYCLE, { uri: env.url });
    expect(out.dupNamespace).toBe("NamespaceAlreadyExistsError");
    expect(out.namespaces).toEqual([["other"], ["team"]]);
    expect(out.children).toEqual([["team", "sub"]]);
    expect(out.props).toMatchObject({ owner: "ml", purpose: "spam" });
    expect(out.missingNamespace).toBe("NoSuchNamespaceError");
    // five tables at page size 2: pyiceberg followed next-page-token twice
    expect(out.tables).toEqual(["team.emails", "team.t1", "team.t2", "team.t3", "team.t4"]);
    expect(env.log.filter((l) => l === "GET /v1/namespaces/team/tables 200")).toHaveLength(3);
    expect(out.rows).toEqual([
      { id: 1, text: "t1" },
      { id: 2, text: "t2" },
      { id: 3, text: "t3" },
    ]);
    expect((out.bySnapshot as [bigint, number][]).map(([, n]) => n)).toEqual([2, 3]);
    expect(out.dupTable).toBe("TableAlreadyExistsError");
    expect(out.missingTable).toBe("NoSuchTableError");
    expect(out.noNamespaceTable).toBe("NoSuchNamespaceError");
    expect(out.stale).toBe("CommitFailedException");
    expect(out.afterStale).toEqual([1, 2, 3, 4]);
    expect(out.renamed).toEqual([false, true]);
    expect(out.renameMissing).toBe("NoSuchTableError");
    expect(out.stagedVisibleBeforeCommit).toBe(false);
    expect(out.staged).toEqual([7, 8]);
    expect(out.purgedExists).toBe(false);
    expect(fs.existsSync(fileURLToPath(out.t2Location as string))).toBe(false);
    expect(out.dropMissing).toBe("NoSuchTableError");
    expect(out.dropNonEmpty).toBe("NamespaceNotEmptyError");
    expect(out.afterDrop).toEqual([]);

    // what pyiceberg committed through the server is what lakelab's SQL catalog holds
    const lake = await openCatalog({ warehouse: env.warehouse });
    try {
      const table = await lake.loadTable("team.emails");
      expect(table.metadataLocation).not.toBe(out.metadataLocation); // one more append since
      const ids = (await table.scan().toRecords()).map((r) => Number(r.id)).sort();
      expect(ids).toEqual([1, 2, 3, 4]);
      const pySnapshots = (out.bySnapshot as [bigint | number, number][]).map(([id]) => BigInt(id));
      expect(
        table
          .snapshotList()
          .slice(0, 2)
          .map((s) => s.snapshotId),
      ).toEqual(pySnapshots);
      expect((await lake.loadTable("team.staged")).currentSnapshot()?.summary["total-records"]).toBe("2");
      expect(await lake.listTables("other")).toEqual(["other.renamed"]);
    } finally {
      lake.close();
    }
  });

  it("reads a table lakelab wrote through its SQL catalog with the same rows at every snapshot", async () => {
    const lake = await openCatalog({ warehouse: env.warehouse });
    const batches = [
      [
        { id: 10n, text: "free money" },
        { id: 11n, text: "meeting" },
      ],
      [
        { id: 12n, text: null },
        { id: 14n, text: "unsubscribe" },
      ],
      [{ id: 13n, text: "click" }],
    ];
    try {
      await lake.createNamespace("lake");
      await lake.writeTo("lake.training").createOrReplace(batches[0]!);
      await lake.writeTo("lake.training").append(batches[1]!);
      await lake.writeTo("lake.training").createOrReplace(batches[2]!);
      const table = await lake.loadTable("lake.training");
      const expected: Record<string, unknown[]> = {};
      for (const s of table.snapshotList()) {
        const rows = await table.scan({ snapshotId: s.snapshotId }).toRecords();
        expected[s.snapshotId.toString()] = rows
          .map((r) => ({ id: Number(r.id), text: r.text }))
          .sort((a, b) => a.id - b.id);
      }
      expect(Object.keys(expected)).toHaveLength(3);

      const out = await runPeerScript<Record<string, unknown>>(peer, READ_EVERY_SNAPSHOT, {
        uri: env.url,
        table: "lake.training",
      });
      expect(out.metadataLocation).toBe(table.metadataLocation);
      expect(out.snapshots).toEqual(expected);
      expect(BigInt(out.current as bigint)).toBe(table.currentSnapshot()!.snapshotId);
    } finally {
      lake.close();
    }
  });
});
