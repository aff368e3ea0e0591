/**
 * getConnection on a `lakelab.yaml` entry that names a REST catalog: the connection's catalog
 * talks to `serveCatalog` (lakelab's REST server over a SQL catalog on a temporary warehouse),
 * with the bearer token taken from the environment and never shown.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { inspect } from "node:util";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type ServedCatalog, serveCatalog } from "../../src/iceberg/catalog/rest-server";
import { openCatalog } from "../../src/iceberg/table/iceberg-catalog";
import { closeConnections, getConnection } from "../../src/lakehouse/connection";

const TOKEN = "s3cr3t-team-token";
let root: string;
let server: ServedCatalog;

beforeAll(async () => {
  root = mkdtempSync(path.join(os.tmpdir(), "lakelab-restconn-"));
  const served = await openCatalog({ warehouse: path.join(root, "shared-warehouse") });
  server = await serveCatalog({ catalog: served.catalog, token: TOKEN });
});
afterAll(async () => {
  await server?.close();
  rmSync(root, { recursive: true, force: true });
});
afterEach(() => closeConnections());

function project(name: string): string {
  const cwd = path.join(root, name);
  mkdirSync(cwd, { recursive: true });
  writeFileSync(
    path.join(cwd, "lakelab.yaml"),
    [
      "default: team",
      "connections:",
      "  team:",
      "    catalog:",
      "      type: rest",
      `      uri: ${server.url}`,
      "      token: ${TEAM_TOKEN}",
      `    tracking_uri: ${path.join(cwd, "mlruns")}`,
      "",
    ].join("\n"),
  );
  return cwd;
}

describe("getConnection on a REST catalog", () => {
  it("writes through one teammate's connection and reads the same snapshot through another's", async () => {
    const env = { TEAM_TOKEN: TOKEN };
    const alice = await getConnection(undefined, { cwd: project("alice"), home: root, env });
    expect(alice.name).toBe("team");
    await alice.catalog.createNamespaceIfNotExists("default");
    const created = await alice.catalog.writeTo("default.training").createOrReplace([
      { id: 1n, text: "hello" },
      { id: 2n, text: "spam spam" },
    ]);
    const appended = await alice.catalog.writeTo("default.training").append([{ id: 3n, text: "more" }]);
    expect(appended.snapshotId).not.toBe(created.snapshotId);
    closeConnections();

    const bob = await getConnection("team", { cwd: project("bob"), home: root, env });
    const table = await bob.catalog.loadTable("default.training");
    expect(table.currentSnapshot()?.snapshotId).toBe(appended.snapshotId);
    const first = await table.scan({ snapshotId: created.snapshotId }).toArrow();
    expect(first.numRows).toBe(2);
    expect((await table.scan().toArrow()).numRows).toBe(3);
    for (const shown of [bob.describe(), inspect(bob), JSON.stringify(bob.config)]) {
      expect(shown).not.toContain(TOKEN);
    }
  });

  it("refuses a wrong token with a typed error that does not show it", async () => {
    const cwd = project("mallory");
    const err = await getConnection(undefined, { cwd, home: root, env: { TEAM_TOKEN: "wrong-token" } }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toMatchObject({ name: "LakelabError" });
    expect(String((err as Error).message)).not.toContain("wrong-token");
    expect((err as { code: string }).code).toBe("UNAUTHENTICATED");
  });
});
