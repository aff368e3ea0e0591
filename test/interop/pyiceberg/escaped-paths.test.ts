/**
 * Partition values that need %-escaping in the path (`ün`, `a/b`, `50%`). lakelab names the
 * folder as Java does (`name=%C3%BCn`) and records the location literally, as Java and
 * pyiceberg do (they never percent-decode a location): pyiceberg reads lakelab's table, and
 * lakelab reads the one pyiceberg wrote.
 */

import * as fs from "node:fs";
import * as path from "node:path";
import * as arrow from "apache-arrow";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pythonPeer, runPeerScript } from "../../support/python-peers";
import { expectSameTable } from "./expect-same-table";
import { tempWarehouse } from "./fixture";
import { lakelabView } from "./lakelab-view";
import { readWithPyiceberg } from "./pyiceberg-reader";

const NAMES = ["ün", "a/b", "50%", "plain"];

describe("partition values that need escaping in the path", () => {
  let env: Awaited<ReturnType<typeof tempWarehouse>>;
  beforeAll(async () => {
    env = await tempWarehouse();
    const data = new arrow.Table({
      id: arrow.vectorFromArray(
        NAMES.map((_, i) => BigInt(i)),
        new arrow.Int64(),
      ),
      name: arrow.vectorFromArray(NAMES, new arrow.Utf8()),
    });
    await env.catalog.writeTo("default.escaped", { partitionBy: [{ column: "name" }] }).createOrReplace(data);
  });
  afterAll(() => env?.close());

  it("lakelab names the folders as Java does and reads its own table back", async () => {
    const folders = fs.readdirSync(path.join(env.warehouse, "default/escaped/data")).sort();
    expect(folders).toEqual(["name=50%25", "name=a%2Fb", "name=plain", "name=%C3%BCn"].sort());
    const rows = await (await env.catalog.loadTable("default.escaped")).scan().toRecords();
    expect(rows.map((r) => r.name).sort()).toEqual([...NAMES].sort());
  });

  it("pyiceberg reads the table: same rows, same files, same partition values", async () => {
    const table = await env.catalog.loadTable("default.escaped");
    const view = await readWithPyiceberg(env.warehouse, [{ identifier: "default.escaped" }]);
    expectSameTable(table, view.results["default.escaped"]!, await lakelabView(table));
  });

  it("lakelab reads such a table pyiceberg wrote", async () => {
    const other = await tempWarehouse();
    try {
      const script = fs.readFileSync(path.join(__dirname, "write_escaped.py"), "utf8");
      const input = {
        uri: `sqlite:///${path.join(other.warehouse, "catalog.db")}`,
        warehouse: `file://${other.warehouse}`,
        names: ["ün", "a/b"],
      };
      const out = (await runPeerScript(await pythonPeer("pyiceberg"), script, input)) as {
        file_paths: string[];
      };
      // pyiceberg records the folder name literally, as Java does: `name=a%2Fb`, not `name=a%252Fb`.
      expect(out.file_paths.map((p) => p.split("/").at(-2))).toEqual(["name=%C3%BCn", "name=a%2Fb"]);
      const table = await other.catalog.loadTable("default.p");
      const rows = await table.scan().toRecords();
      expect(rows.map((r) => [r.id, r.name]).sort()).toEqual([
        [0n, "ün"],
        [1n, "a/b"],
      ]);
    } finally {
      other.close();
    }
  });
});
