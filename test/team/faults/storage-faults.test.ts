/**
 * Storage faults a teammate meets through the REST catalog, whose S3 settings come vended by
 * the catalog (`serveCatalog` over an S3 warehouse on s3rver): a 403 from S3, a missing bucket,
 * a wrong region, and a table whose metadata file was deleted from S3. Each is a typed error
 * that names what to check, shows no secret, and changes nothing in the catalog or the bucket.
 *
 * s3rver checks neither regions nor signatures. For the wrong region a stand-in sits in front
 * of it (a fault proxy, fault-proxy.ts): it reads the region from the request's SigV4 credential
 * scope and answers as S3 does for a bucket in another region (301 PermanentRedirect with
 * x-amz-bucket-region), forwarding right-region requests untouched. It is less strict than S3:
 * it checks only the credential scope's region, not the signature made with it.
 */
import { inspect } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fileIOFor } from "../../../src/iceberg/io/file-io-for";
import { IcebergCatalog } from "../../../src/iceberg/table";
import { type FaultProxy, FORWARD, startFaultProxy } from "./fault-proxy";
import {
  batchOf,
  everything,
  failure,
  keysOf,
  startTeamLakehouse,
  type TeamLakehouse,
} from "./team-lakehouse";

describe("S3 answers 403 to the vended credentials", () => {
  const SECRET = "vended-secret-that-S3-refuses-7Qx";
  let team: TeamLakehouse;
  beforeAll(async () => {
    team = await startTeamLakehouse({
      vended: (s3) => ({
        ...s3.properties(),
        "s3.access-key-id": "AKIAREVOKED",
        "s3.secret-access-key": SECRET,
      }),
    });
    const owner = new IcebergCatalog(team.sql);
    await owner.createNamespace("db");
    await owner.writeTo("db.t").createOrReplace(batchOf(1));
  });
  afterAll(async () => team?.close());

  it("reads, appends and creates fail with PERMISSION_DENIED naming the keys to check; nothing changes", async () => {
    const catalog = await team.client();
    const before = await team.objects();
    const pointer = (await team.sql.loadTable({ namespace: ["db"], name: "t" })).metadataLocation;
    const table = await catalog.loadTable("db.t");
    for (const attempt of [
      () => table.scan().toRecords(),
      () => catalog.writeTo("db.t").append(batchOf(2)),
      () => catalog.writeTo("db.fresh").createOrReplace(batchOf(3)),
    ]) {
      const err = await failure(attempt);
      expect(err.code).toBe("PERMISSION_DENIED");
      expect(err.message).toContain("check s3.access-key-id / s3.secret-access-key");
      expect(err.message).toContain(team.s3.endpoint);
      expect(everything(err)).not.toContain(SECRET);
    }
    expect(inspect(catalog, { depth: 10 })).not.toContain(SECRET);
    expect(await team.objects()).toEqual(before);
    expect((await team.sql.loadTable({ namespace: ["db"], name: "t" })).metadataLocation).toBe(pointer);
    expect(await catalog.tableExists("db.fresh")).toBe(false);
  });
});

describe("the warehouse bucket does not exist", () => {
  // s3rver checks the access key id only, so any secret key reaches it.
  const SECRET = "vended-secret-for-a-missing-bucket-3Lp";
  let team: TeamLakehouse;
  beforeAll(async () => {
    team = await startTeamLakehouse({
      warehouse: "s3://absent-bucket/wh",
      vended: (s3) => ({ ...s3.properties(), "s3.secret-access-key": SECRET }),
    });
  });
  afterAll(async () => team?.close());

  it("creating a table is BUCKET_NOT_FOUND naming the bucket and endpoint; no table is left", async () => {
    const catalog = await team.client();
    await catalog.createNamespace("db");
    const err = await failure(() => catalog.writeTo("db.t").createOrReplace(batchOf(1)));
    expect(err.code).toBe("BUCKET_NOT_FOUND");
    expect(err.message).toContain("'absent-bucket'");
    expect(err.message).toContain(team.s3.endpoint);
    expect(everything(err)).not.toContain(SECRET);
    expect(await catalog.tableExists("db.t")).toBe(false);
    expect(await catalog.listTables("db")).toEqual([]);
  });
});

describe("the vended region is not the bucket's", () => {
  const SECRET = "vended-secret-for-the-wrong-region-8Hd";
  let team: TeamLakehouse;
  let regional: FaultProxy;
  let vended: Record<string, string>;
  beforeAll(async () => {
    team = await startTeamLakehouse({
      vended: async (s3) => {
        regional = await startFaultProxy(s3.endpoint);
        regional.decide = (req) => {
          const scope = /Credential=[^/]+\/\d{8}\/([^/]+)\/s3\/aws4_request/.exec(
            req.headers.authorization ?? "",
          );
          if (scope?.[1] === "us-east-1") return FORWARD;
          const body = `<?xml version="1.0" encoding="UTF-8"?><Error><Code>PermanentRedirect</Code><Message>The bucket you are attempting to access must be addressed using the specified endpoint. Please send all future requests to this endpoint.</Message><Bucket>team</Bucket><Endpoint>s3.amazonaws.com</Endpoint></Error>`;
          const headers = { "content-type": "application/xml", "x-amz-bucket-region": "us-east-1" };
          return {
            kind: "answer",
            answer: { status: 301, headers, body: req.method === "HEAD" ? "" : body },
          };
        };
        vended = {
          ...s3.properties(),
          "s3.endpoint": regional.url,
          "s3.region": "eu-west-1",
          "s3.secret-access-key": SECRET,
        };
        return vended;
      },
    });
    const owner = new IcebergCatalog(team.sql);
    await owner.createNamespace("db");
    await owner.writeTo("db.t").createOrReplace(batchOf(1));
  });
  afterAll(async () => {
    await team?.close();
    await regional?.close();
  });

  it("the stand-in forwards requests signed for the bucket's region", async () => {
    const io = fileIOFor({ ...vended, "s3.region": "us-east-1" });
    await io.write("s3://team/elsewhere/x.bin", new Uint8Array([4, 2]));
    expect([...(await io.read("s3://team/elsewhere/x.bin"))]).toEqual([4, 2]);
    await io.delete("s3://team/elsewhere/x.bin");
  });

  it("reads and writes are CONFIG_INVALID naming both regions; nothing reaches the bucket", async () => {
    const catalog = await team.client();
    const before = await team.objects();
    const forwarded = regional.records.filter((r) => r.upstreamStatus !== undefined).length;
    for (const attempt of [
      async () => (await catalog.loadTable("db.t")).scan().toRecords(),
      () => catalog.writeTo("db.t").append(batchOf(2)),
      () => catalog.writeTo("db.fresh").createOrReplace(batchOf(3)),
    ]) {
      const err = await failure(attempt);
      expect(err.code).toBe("CONFIG_INVALID");
      expect(err.message).toContain("'eu-west-1'");
      expect(err.message).toContain("set s3.region to 'us-east-1'");
      expect(everything(err)).not.toContain(SECRET);
    }
    expect(regional.records.filter((r) => r.upstreamStatus !== undefined).length).toBe(forwarded);
    expect(await team.objects()).toEqual(before);
    expect(await catalog.tableExists("db.fresh")).toBe(false);
    expect(keysOf(await (await new IcebergCatalog(team.sql).loadTable("db.t")).scan().toRecords())).toEqual(
      keysOf(batchOf(1)),
    );
  });
});

describe("a table whose current metadata file was deleted from S3", () => {
  let team: TeamLakehouse;
  beforeAll(async () => {
    team = await startTeamLakehouse();
  });
  afterAll(async () => team?.close());

  it("load and append fail naming the missing file; nothing is written; the previous file can be registered", async () => {
    const catalog = await team.client();
    await catalog.createNamespace("db");
    await catalog.writeTo("db.t").createOrReplace(batchOf(1));
    await catalog.writeTo("db.t").append(batchOf(2));
    const table = await catalog.loadTable("db.t");
    const previous = table.metadata.metadataLog.at(-1)!.metadataFile;
    await fileIOFor(team.s3.properties()).delete(table.metadataLocation);
    const before = await team.objects();

    for (const attempt of [
      () => catalog.loadTable("db.t"),
      () => catalog.writeTo("db.t").append(batchOf(3)),
    ]) {
      const err = await failure(attempt);
      // The server cannot read the table (a 500, as Java's reference adapter answers too):
      // the catalog's message names the missing file.
      expect(err.code).toBe("INTERNAL_ERROR");
      expect(err.message).toContain(`file not found: ${table.metadataLocation}`);
      expect(err.message).toContain(team.url);
    }
    expect(await team.objects()).toEqual(before);
    expect((await team.sql.loadTable({ namespace: ["db"], name: "t" }).catch((e) => e)).code).toBe(
      "FILE_NOT_FOUND",
    );

    // The catalog entry can be dropped (files kept) and the previous metadata file registered.
    await catalog.dropTable("db.t");
    const restored = await catalog.registerTable("db.t", previous);
    expect(keysOf(await restored.scan().toRecords())).toEqual(keysOf(batchOf(1)));
    expect(await team.objects()).toEqual(before);
  });
});

describe("S3 answers 403 to the catalog server itself", () => {
  const SECRET = "server-secret-that-S3-refuses-2Wm";
  let team: TeamLakehouse;
  beforeAll(async () => {
    team = await startTeamLakehouse({
      serverStorage: (s3) => ({
        ...s3.properties(),
        "s3.access-key-id": "AKIASERVERREVOKED",
        "s3.secret-access-key": SECRET,
      }),
    });
  });
  afterAll(async () => team?.close());

  it("the commit is PERMISSION_DENIED in the catalog's words; no table, the writer's files removed", async () => {
    const catalog = await team.client();
    await catalog.createNamespace("db");
    const err = await failure(() => catalog.writeTo("db.t").createOrReplace(batchOf(1)));
    expect(err.code).toBe("PERMISSION_DENIED");
    expect(err.context.errorType).toBe("ForbiddenException");
    expect(err.message).toContain("access denied to s3://team/wh/db/t/metadata/");
    expect(err.message).toContain("check s3.access-key-id / s3.secret-access-key");
    expect(everything(err)).not.toContain(SECRET);
    expect(await catalog.tableExists("db.t")).toBe(false);
    // The server refused, so the commit surely failed: the writer deleted its data file.
    expect((await team.objects()).filter((o) => o.endsWith(".parquet"))).toEqual([]);
  });
});
