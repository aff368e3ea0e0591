/**
 * Catalog faults on the team lakehouse (`serveCatalog` over an S3 warehouse on s3rver): the
 * catalog going away in the middle of a session (connections refused, through a fault proxy
 * that stops listening), a wrong credential, an expired token, and a server that forgot its
 * tokens (restarted). Typed errors that say what to check, no secret shown, nothing half-done;
 * a client with client credentials refreshes once and carries on.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { inspect } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ServedCatalog, serveCatalog } from "../../../src/iceberg/catalog/rest-server";
import type { IcebergCatalog } from "../../../src/iceberg/table";
import { closeConnections, getConnection } from "../../../src/lakehouse/connection";
import { call } from "../../iceberg/catalog/rest-server/fixture";
import { type FaultProxy, startFaultProxy } from "./fault-proxy";
import {
  batchOf,
  everything,
  failure,
  keysOf,
  startTeamLakehouse,
  type TeamLakehouse,
} from "./team-lakehouse";

const CLIENT_ID = "team-notebooks";
const CLIENT_SECRET = "client-secret-9d2b7e41";
const SHARED = `${CLIENT_ID}:${CLIENT_SECRET}`;

describe("the catalog refusing connections mid-session", () => {
  let team: TeamLakehouse;
  let proxy: FaultProxy;
  let catalog: IcebergCatalog;
  beforeAll(async () => {
    team = await startTeamLakehouse({ token: SHARED });
    proxy = await startFaultProxy(team.url);
    catalog = await team.client({ uri: proxy.url, properties: { credential: SHARED } });
    await catalog.createNamespace("db");
    await catalog.writeTo("db.t").createOrReplace(batchOf(1));
  });
  afterAll(async () => {
    await proxy?.close();
    await team?.close();
  });

  it("before an append: TEMPORARILY_UNAVAILABLE naming the catalog, nothing written; works again once it is back", async () => {
    const before = await team.objects();
    await proxy.refuse();
    for (const attempt of [
      () => catalog.loadTable("db.t"),
      () => catalog.writeTo("db.t").append(batchOf(2)),
    ]) {
      const err = await failure(attempt);
      expect(err.code).toBe("TEMPORARILY_UNAVAILABLE");
      expect(err.context.networkError).toBe("ECONNREFUSED");
      expect(err.message).toContain(proxy.url);
      expect(err.message).toContain("is the server still running?");
      expect(everything(err)).not.toContain(CLIENT_SECRET);
    }
    expect(await team.objects()).toEqual(before);

    await proxy.accept();
    await catalog.writeTo("db.t").append(batchOf(2));
    const table = await catalog.loadTable("db.t");
    expect(keysOf(await table.scan().toRecords())).toEqual(keysOf([...batchOf(1), ...batchOf(2)]));
  });

  it("between writing the files and the commit: the refused commit changed nothing; its data file is deleted, its manifests left as orphans", async () => {
    const base = await catalog.loadTable("db.t");
    const before = await team.objects();
    // Each append loads the table once (writeTo; the transaction builds on that fresh state);
    // after that answer the catalog goes away, while the client uploads its files to S3.
    proxy.answered = (req) => {
      if (req.method === "GET" && /\/tables\/t$/.test(req.url)) void proxy.refuse();
    };
    const err = await failure(() => catalog.writeTo("db.t").append(batchOf(3)));
    proxy.answered = () => {};
    expect(err.code).toBe("TEMPORARILY_UNAVAILABLE");
    expect(err.context.request).toBe("POST /v1/namespaces/db/tables/t");
    expect(err.context.networkError).toBe("ECONNREFUSED");
    expect(everything(err)).not.toContain(CLIENT_SECRET);
    // The commit surely did not happen (refused before sending), so the writer deleted its
    // data file; the manifest and manifest list it wrote are left for removeOrphanFiles.
    const written = (await team.objects()).filter((o) => !before.includes(o));
    expect(written.map((o) => o.replace(/^.*\/metadata\/(snap-)?.*$/, "$1manifest"))).toEqual([
      "manifest",
      "snap-manifest",
    ]);

    await proxy.accept();
    const table = await catalog.loadTable("db.t");
    expect(table.metadataLocation).toBe(base.metadataLocation);
    const cleaned = await table.removeOrphanFiles({ olderThan: Date.now() + 60_000 });
    expect([...cleaned.orphanFiles].sort()).toEqual(written);
    expect(keysOf(await table.scan().toRecords())).toEqual(keysOf([...batchOf(1), ...batchOf(2)]));
  });

  it("a notebook's team connection (lakelab.yaml) to a refusing catalog fails with the same typed error", async () => {
    const cwd = mkdtempSync(path.join(os.tmpdir(), "lakelab-team-yaml-"));
    try {
      const yaml = ["connections:", "  team:", "    catalog:", "      type: rest", `      uri: ${proxy.url}`];
      // biome-ignore lint/suspicious/noTemplateCurlyInString: lakelab.yaml's own ${VAR} syntax
      yaml.push("      credential: ${TEAM_CREDENTIAL}", `    tracking_uri: ${path.join(cwd, "mlruns")}`, "");
      writeFileSync(path.join(cwd, "lakelab.yaml"), yaml.join("\n"));
      await proxy.refuse();
      const env = { TEAM_CREDENTIAL: SHARED, LAKELAB_CONNECTION: "team" };
      const err = await failure(() => getConnection(undefined, { cwd, home: cwd, env }));
      expect(err.code).toBe("TEMPORARILY_UNAVAILABLE");
      expect(err.message).toContain(proxy.url);
      expect(err.message).toContain("check that the server is running");
      expect(everything(err)).not.toContain(CLIENT_SECRET);
      await proxy.accept();
      const connection = await getConnection(undefined, { cwd, home: cwd, env });
      expect(await connection.catalog.tableExists("db.t")).toBe(true);
    } finally {
      closeConnections();
      rmSync(cwd, { recursive: true, force: true });
    }
  });
});

describe("credentials and tokens", () => {
  let team: TeamLakehouse;
  let shortLived: ServedCatalog;
  beforeAll(async () => {
    team = await startTeamLakehouse({ token: SHARED });
    // A second server on the same catalog whose exchanged tokens live one second.
    shortLived = await serveCatalog({
      catalog: team.sql,
      port: 0,
      token: SHARED,
      tokenTtlSeconds: 1,
      storageProperties: team.s3.properties(),
    });
    const owner = await team.client({ properties: { token: SHARED } });
    await owner.createNamespace("db");
    await owner.writeTo("db.t").createOrReplace(batchOf(1));
  });
  afterAll(async () => {
    await shortLived?.close();
    await team?.close();
  });

  it("a wrong client secret or token is UNAUTHENTICATED on connect, naming the property to check, showing neither", async () => {
    const wrongSecret = "not-the-client-secret-55aa";
    const bad = await failure(() =>
      team.client({ properties: { credential: `${CLIENT_ID}:${wrongSecret}` } }),
    );
    expect(bad.code).toBe("UNAUTHENTICATED");
    expect(bad.message).toContain("check the 'credential'");
    expect(everything(bad)).not.toContain(wrongSecret);

    const wrongToken = "not-the-team-token-77cc";
    const denied = await failure(() => team.client({ properties: { token: wrongToken } }));
    expect(denied.code).toBe("UNAUTHENTICATED");
    expect(denied.message).toContain("check the catalog's 'credential' or 'token' property");
    expect(everything(denied)).not.toContain(wrongToken);
  });

  it("an expired static token is UNAUTHENTICATED naming what to check; nothing is written", async () => {
    const issued = await call(shortLived.url, "POST", "/v1/oauth/tokens", {
      body: new URLSearchParams({
        grant_type: "client_credentials",
        client_id: CLIENT_ID,
        client_secret: CLIENT_SECRET,
      }).toString(),
      headers: { "content-type": "application/x-www-form-urlencoded" },
    });
    const token = (issued.json as { access_token: string }).access_token;
    const catalog = await team.client({ uri: shortLived.url, properties: { token } });
    expect(await catalog.tableExists("db.t")).toBe(true);
    const before = await team.objects();
    await new Promise((r) => setTimeout(r, 1_200)); // let the one-second token expire
    const err = await failure(() => catalog.writeTo("db.t").append(batchOf(2)));
    expect(err.code).toBe("UNAUTHENTICATED");
    expect(err.message).toContain("unknown or expired");
    expect(err.message).toContain("check the catalog's 'credential' or 'token' property");
    expect(everything(err)).not.toContain(token);
    expect(inspect(catalog, { depth: 10 })).not.toContain(token);
    expect(await team.objects()).toEqual(before);
  });

  it("client credentials outlive short tokens: fetched again before expiry, every append lands", async () => {
    const catalog = await team.client({ uri: shortLived.url, properties: { credential: SHARED } });
    for (const b of [2, 3]) {
      await catalog.writeTo("db.t").append(batchOf(b));
      await new Promise((r) => setTimeout(r, 1_200)); // past the token's life
    }
    const rows = await (await catalog.loadTable("db.t")).scan().toRecords();
    expect(keysOf(rows)).toEqual(keysOf([...batchOf(1), ...batchOf(2), ...batchOf(3)]));
  });

  it("a restarted server has forgotten its tokens: the client gets a 401, refreshes once, and the append lands", async () => {
    const catalog = await team.client({ properties: { credential: SHARED } });
    const before = (await catalog.loadTable("db.t")).currentSnapshot()!;
    await team.restartServer();
    const from = team.log.length;
    const appended = await catalog.writeTo("db.t").append(batchOf(4));
    const seen = team.log.slice(from).filter((l) => !l.startsWith("error"));
    expect(seen.filter((l) => / 401$/.test(l))).toHaveLength(1);
    expect(seen.filter((l) => l === "POST /v1/oauth/tokens 200")).toHaveLength(1);
    expect(appended.parentId).toBe(before.snapshotId);
    expect((await catalog.loadTable("db.t")).currentSnapshot()!.snapshotId).toBe(appended.snapshotId);
  });
});
