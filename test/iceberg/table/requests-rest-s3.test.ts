/**
 * What an append and a scan cost on the wire on a team lakehouse: lakelab's REST client → `serveCatalog`
 * over a SQL catalog whose warehouse is on s3rver (behind the counting proxy; s3rver ignores
 * `If-None-Match`, see test/support/s3-server.ts). Issue 10's goal: at most 8 HTTP requests per
 * append commit, catalog and S3 together, data-file parts excluded.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RestCatalog } from "../../../src/iceberg/catalog/rest";
import { type ServedCatalog, serveCatalog } from "../../../src/iceberg/catalog/rest-server";
import { IcebergCatalog, openCatalog } from "../../../src/iceberg/table";
import { startS3Server, type TestS3Server } from "../../support/s3-server";

const rows = (n: number, from = 0) =>
  Array.from({ length: n }, (_, i) => ({ id: BigInt(from + i), text: `row ${from + i}` }));

describe("requests through a REST catalog on S3", () => {
  let s3: TestS3Server;
  let dir: string;
  let served: IcebergCatalog;
  let server: ServedCatalog;
  let client: IcebergCatalog;
  const restLog: string[] = [];

  beforeAll(async () => {
    s3 = await startS3Server(["lakelab"]);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "lakelab-restappend-"));
    served = await openCatalog({
      warehouse: "s3://lakelab/wh",
      uri: path.join(dir, "catalog.db"),
      storage: s3.properties(),
    });
    server = await serveCatalog({
      catalog: served.catalog,
      port: 0,
      storageProperties: s3.properties(),
      log: (line) => restLog.push(line),
    });
    client = new IcebergCatalog(await RestCatalog.connect({ uri: server.url }));
    await client.createNamespace("default");
  });
  afterAll(async () => {
    client?.close();
    await server?.close();
    served?.close();
    await s3?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("makes at most 7 catalog + S3 requests besides the data files, and the rows are all there", async () => {
    await client.writeTo("default.events").createOrReplace(rows(3));
    for (let i = 1; i <= 3; i++) {
      s3.resetCounts();
      restLog.length = 0;
      const snap = await client.writeTo("default.events").append(rows(2, 1 + 2 * i));
      const s3Calls = s3.requests.filter((r) => !r.url.includes("/data/"));
      const name = (url: string) => url.replace(/\?.*$/, "").split("/").pop()!;
      const calls = [...restLog, ...s3Calls.map((r) => `${r.method} ${name(r.url)}`)];
      expect(calls.length, calls.join("\n")).toBeLessThanOrEqual(7);
      // One table load and one commit; no HEAD before a PUT; each new file written once.
      expect(restLog).toEqual([
        "GET /v1/namespaces/default/tables/events 200",
        "POST /v1/namespaces/default/tables/events 200",
      ]);
      expect(s3Calls.filter((r) => r.method === "HEAD")).toEqual([]);
      // The server reads the current metadata file for the load; its commit reuses it.
      expect(s3Calls.filter((r) => r.method === "GET" && r.url.includes(".metadata.json"))).toHaveLength(1);
      const puts = s3Calls.filter((r) => r.method === "PUT").map((r) => name(r.url));
      expect(puts).toHaveLength(3);
      expect(puts.filter((p) => p.endsWith(".metadata.json"))).toHaveLength(1);
      expect(puts.filter((p) => p.startsWith(`snap-${snap.snapshotId}-`))).toHaveLength(1);
      expect(s3.requests.length - s3Calls.length).toBe(1); // one small data file: one PUT
    }
    const table = await client.loadTable("default.events");
    expect(table.snapshotList()).toHaveLength(4);
    const ids = (await table.scan().toRecords()).map((r) => r.id as bigint).sort((a, b) => Number(a - b));
    expect(ids).toEqual(rows(9).map((r) => r.id));
  });

  it("reads a whole data file in one GET for a full scan, and only ranges (no HEAD) for a column subset", async () => {
    await client
      .writeTo("default.wide")
      .createOrReplace(
        Array.from({ length: 500 }, (_, i) => ({ a: BigInt(i), b: `b${i}`, c: i / 2, d: `d${i}` })),
      );
    const table = await client.loadTable("default.wide");
    const dataCalls = () =>
      s3.requests.filter((r) => r.url.includes("/data/")).map((r) => `${r.method} ${r.range ?? "whole"}`);
    s3.resetCounts();
    const all = await table.scan().toRecords();
    expect(all).toHaveLength(500);
    expect(all[7]).toEqual({ a: 7n, b: "b7", c: 3.5, d: "d7" });
    expect(dataCalls()).toEqual(["GET whole"]);
    s3.resetCounts();
    const two = await table.scan({ columns: ["d", "a"] }).toRecords();
    expect(two[7]).toEqual({ d: "d7", a: 7n });
    const calls = dataCalls();
    expect(calls.length).toBeGreaterThan(1);
    expect(calls.every((c) => c.startsWith("GET bytes="))).toBe(true);
  });
});
