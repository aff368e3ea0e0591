/**
 * The table lifecycle on an S3 warehouse (s3rver behind a counting proxy; see
 * test/support/s3-server.ts for where s3rver is less strict than S3: no SigV4 verification, no
 * region check, `If-None-Match` ignored), with pyiceberg 0.12 (its pyarrow S3 FileIO) as the
 * independent reader of what lakelab wrote.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LakelabError } from "../../src/errors";
import { fileIOFor } from "../../src/iceberg/io/file-io-for";
import { staticTable } from "../../src/iceberg/static-table";
import { type IcebergCatalog, openCatalog } from "../../src/iceberg/table";
import { pythonPeer, runPeerScript } from "../support/python-peers";
import { startS3Server, type TestS3Server } from "../support/s3-server";

const WAREHOUSE = "s3://lakelab/wh";
const rows = (n: number, from = 0) =>
  Array.from({ length: n }, (_, i) => ({
    id: BigInt(from + i),
    text: `row ${from + i}`,
    label: (from + i) % 2,
  }));
const byId = (r: Record<string, unknown>[]) => [...r].sort((a, b) => Number(a.id) - Number(b.id));

describe("S3 warehouse", () => {
  let s3: TestS3Server;
  let dir: string;
  let catalog: IcebergCatalog;

  beforeAll(async () => {
    s3 = await startS3Server(["lakelab"]);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "lakelab-s3wh-"));
    catalog = await openCatalog({
      warehouse: WAREHOUSE,
      uri: path.join(dir, "catalog.db"),
      storage: s3.properties(),
    });
    await catalog.createNamespace("default");
  });
  afterAll(async () => {
    catalog.close();
    await s3.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("writes, time-travels, tags, expires, cleans orphans and purges a table on S3", async () => {
    const s1 = await catalog.writeTo("default.training").createOrReplace(rows(3));
    const s2 = await catalog.writeTo("default.training").append(rows(2, 3));
    const table = await catalog.loadTable("default.training");
    expect(table.metadata.location).toBe(`${WAREHOUSE}/default/training`);
    expect(byId(await table.scan().toRecords())).toEqual(rows(5));
    expect(await table.scan({ snapshotId: s1.snapshotId }).toRecords()).toEqual(rows(3));
    expect((await table.history()).numRows).toBe(2);
    const files = (await table.files()).getChild("file_path")!.toArray() as string[];
    expect(files.every((f) => f.startsWith(`${WAREHOUSE}/default/training/data/`))).toBe(true);

    await table.createTag("first", s1.snapshotId);
    expect((await table.refs()).getChild("name")!.toArray()).toContain("first");
    expect(
      await (await staticTable(`${WAREHOUSE}/default/training`, { storage: s3.properties() }))
        .scan()
        .toRecords(),
    ).toHaveLength(5);

    // An orphan (a file no snapshot reaches) is removed; every reachable file stays.
    const io = fileIOFor(s3.properties());
    const orphan = `${WAREHOUSE}/default/training/data/orphan-0000.parquet`;
    await io.write(orphan, new Uint8Array([1, 2, 3]));
    const cleaned = await table.removeOrphanFiles({ olderThan: Date.now() + 60_000 });
    expect(cleaned.orphanFiles).toEqual([orphan]);
    expect(await io.exists(orphan)).toBe(false);
    expect(byId(await (await table.refresh()).scan().toRecords())).toEqual(rows(5));

    // Dropping the tag lets the first snapshot expire; its data file is still live, so it stays.
    await table.removeTag("first");
    const expired = await table.expireSnapshots({ olderThanMs: Date.now() + 60_000, retainLast: 1 });
    expect(expired.expiredSnapshotIds).toEqual([s1.snapshotId]);
    expect(expired.deletedFiles.manifestLists.length).toBe(1);
    expect(byId(await (await table.refresh()).scan().toRecords())).toEqual(rows(5));
    expect(table.currentSnapshot()?.snapshotId).toBe(s2.snapshotId);

    await catalog.dropTable("default.training", { purge: true });
    expect(await io.list(`${WAREHOUSE}/default/training`)).toEqual([]);
  });

  it("a scan of 2 of 10 columns fetches at most 35% of the bytes of a full scan", async () => {
    const wide = Array.from({ length: 2_000 }, (_, i) =>
      Object.fromEntries(
        Array.from({ length: 10 }, (_, c) => [`c${c}`, `${c}-${i}-${"x".repeat(20 + ((i * 7 + c) % 13))}`]),
      ),
    );
    await catalog.writeTo("default.wide").createOrReplace(wide);
    const table = await catalog.loadTable("default.wide");
    const dataBytes = () =>
      s3.requests
        .filter((r) => r.method === "GET" && r.url.includes("/data/"))
        .reduce((a, r) => a + r.bytesOut, 0);
    s3.resetCounts();
    expect((await table.scan().toRecords()).length).toBe(2_000);
    const full = dataBytes();
    s3.resetCounts();
    const two = await table.scan({ columns: ["c3", "c7"] }).toRecords();
    expect(two[5]).toEqual({ c3: wide[5]!.c3, c7: wide[5]!.c7 });
    const part = dataBytes();
    const requests = s3.requests
      .filter((r) => r.url.includes("/data/"))
      .map((r) => `${r.method} ${r.range ?? "whole"}`);
    console.log(
      `S3 data-file bytes: full scan ${full}, 2 of 10 columns ${part} (${((100 * part) / full).toFixed(1)}%) in ${requests.length} requests: ${requests.join(", ")}`,
    );
    expect(part).toBeLessThanOrEqual(0.35 * full);
  });

  it("counts the S3 requests of an append commit (data-file parts excluded) and pyiceberg reads the table", async () => {
    await catalog.writeTo("default.peer").createOrReplace(rows(4));
    s3.resetCounts();
    await catalog.writeTo("default.peer").append(rows(3, 4));
    const nonData = s3.requests.filter((r) => !r.url.includes("/data/"));
    console.log(
      `append commit: ${s3.requests.length} S3 requests, ${nonData.length} outside data/: ${nonData.map((r) => `${r.method} ${r.url.replace(/\?.*$/, "").split("/").pop()}`).join(", ")}`,
    );
    expect(nonData.length).toBeGreaterThan(0);

    const peer = await pythonPeer("pyiceberg");
    const out = await runPeerScript<{ ids: number[]; location: string }>(
      peer,
      `
import json, sys
from pyiceberg.catalog.sql import SqlCatalog
a = json.load(sys.stdin)
cat = SqlCatalog("default", uri="sqlite:///" + a["db"], warehouse=a["warehouse"], **a["props"])
t = cat.load_table("default.peer")
ids = sorted(t.scan().to_arrow().column("id").to_pylist())
print(json.dumps({"ids": ids, "location": t.location()}))
`,
      { db: path.join(dir, "catalog.db"), warehouse: WAREHOUSE, props: s3.properties() },
    );
    expect(out.location).toBe(`${WAREHOUSE}/default/peer`);
    expect(out.ids.map(Number)).toEqual([0, 1, 2, 3, 4, 5, 6]);

    // Registering the same metadata file under a second name reads the same rows in place.
    const copy = await catalog.registerTable(
      "default.peer_copy",
      (await catalog.loadTable("default.peer")).metadataLocation,
    );
    expect(byId(await copy.scan().toRecords())).toEqual(rows(7));
  });

  it("fails with typed errors: a deleted metadata file, denied keys (nothing committed), no uri", async () => {
    await catalog.writeTo("default.gone").createOrReplace(rows(2));
    const table = await catalog.loadTable("default.gone");
    await fileIOFor(s3.properties()).delete(table.metadataLocation);
    const missing = await catalog.loadTable("default.gone").catch((e: unknown) => e as LakelabError);
    expect(missing).toBeInstanceOf(LakelabError);
    expect((missing as LakelabError).code).toBe("FILE_NOT_FOUND");
    expect((missing as LakelabError).message).toContain(table.metadataLocation);

    const secret = "not-the-real-secret-0123456789";
    const denied = await openCatalog({
      warehouse: WAREHOUSE,
      uri: path.join(dir, "catalog.db"),
      storage: { ...s3.properties(), "s3.access-key-id": "AKIADENIED", "s3.secret-access-key": secret },
    });
    const err = await denied
      .writeTo("default.denied")
      .createOrReplace(rows(2))
      .catch((e: unknown) => e as LakelabError);
    expect(err).toBeInstanceOf(LakelabError);
    expect((err as LakelabError).code).toBe("PERMISSION_DENIED");
    expect(
      `${(err as LakelabError).message} ${JSON.stringify((err as LakelabError).context)} ${String((err as LakelabError).cause)}`,
    ).not.toContain(secret);
    expect(await catalog.tableExists("default.denied")).toBe(false);
    expect(await fileIOFor(s3.properties()).list(`${WAREHOUSE}/default/denied`)).toEqual([]);
    denied.close();

    await expect(openCatalog({ warehouse: WAREHOUSE, storage: s3.properties() })).rejects.toMatchObject({
      code: "CONFIG_INVALID",
    });
  });
});
