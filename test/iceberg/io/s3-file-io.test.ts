/**
 * S3FileIO against s3rver (a real S3 protocol server storing objects as files), through a
 * counting proxy. s3rver is less strict than S3: it does not verify SigV4 signatures (only that
 * the access key id is known), ignores the region and `If-None-Match`, and omits the `-N` suffix
 * of multipart ETags. The wrong-region case needs S3's 301 answer, which s3rver never gives: a
 * ten-line HTTP stand-in answers it as S3 does (status, XML body, x-amz-bucket-region header),
 * without checking anything else about the request.
 */
import { randomBytes } from "node:crypto";
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import { inspect } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LakelabError } from "../../../src/errors";
import { fileIOFor } from "../../../src/iceberg/io/file-io-for";
import { S3FileIO } from "../../../src/iceberg/io/s3-file-io";
import { startS3Server, type TestS3Server } from "../../support/s3-server";

const SECRET = "S3RVER";

async function failure(p: Promise<unknown>): Promise<LakelabError> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(LakelabError);
    return err as LakelabError;
  }
  throw new Error("expected a failure");
}

/** Nothing about the failure carries the secret key: message, context, cause, inspect output. */
function expectNoSecret(err: LakelabError, secret: string): void {
  const shown = [
    err.message,
    JSON.stringify(err.context),
    inspect(err, { depth: 5 }),
    String(err.cause),
  ].join("\n");
  expect(shown).not.toContain(secret);
}

describe("S3FileIO", () => {
  let s3: TestS3Server;
  let io: S3FileIO;
  const base = "s3://lakelab/io-test";

  beforeAll(async () => {
    s3 = await startS3Server(["lakelab"]);
    io = new S3FileIO(s3.properties());
  });
  afterAll(async () => {
    io.close();
    await s3.stop();
  });

  it("writes, reads whole and in ranges, sizes, lists and deletes objects", async () => {
    const data = randomBytes(10_000);
    await io.write(`${base}/a/one.bin`, data);
    await io.write(`${base}/a/b/two.bin`, data.subarray(0, 10));
    expect(Buffer.from(await io.read(`${base}/a/one.bin`)).equals(data)).toBe(true);
    expect(await io.size(`${base}/a/one.bin`)).toBe(10_000);
    s3.resetCounts();
    const slice = await io.readRange(`${base}/a/one.bin`, 9_000, 500);
    expect(Buffer.from(slice).equals(data.subarray(9_000, 9_500))).toBe(true);
    expect(s3.requests.map((r) => [r.method, r.range, r.bytesOut])).toEqual([
      ["GET", "bytes=9000-9499", 500],
    ]);
    // A range past the end is cut short, as a local file read is.
    expect((await io.readRange(`${base}/a/one.bin`, 9_990, 100)).length).toBe(10);
    const listed = await io.list(`${base}/a`);
    expect(listed.map((f) => [f.location, f.size]).sort()).toEqual([
      [`${base}/a/b/two.bin`, 10],
      [`${base}/a/one.bin`, 10_000],
    ]);
    expect(listed.every((f) => Math.abs(f.modifiedMs - Date.now()) < 600_000)).toBe(true);
    // A folder prefix does not match a sibling that merely shares its first letters.
    await io.write(`${base}/ab.bin`, data.subarray(0, 1));
    expect((await io.list(`${base}/a`)).length).toBe(2);
    await io.delete(`${base}/a/one.bin`);
    expect(await io.exists(`${base}/a/one.bin`)).toBe(false);
    expect(await io.exists(`${base}/a/b/two.bin`)).toBe(true);
  });

  it("keeps the scheme of the location it was given (s3a://, s3n://)", async () => {
    await io.write("s3a://lakelab/schemes/x.bin", new Uint8Array([1, 2, 3]));
    expect([...(await io.read("s3n://lakelab/schemes/x.bin"))]).toEqual([1, 2, 3]);
    expect((await io.list("s3a://lakelab/schemes")).map((f) => f.location)).toEqual([
      "s3a://lakelab/schemes/x.bin",
    ]);
  });

  it("lists past one page (ListObjectsV2 continuation)", async () => {
    const paged = new S3FileIO(s3.properties(), { listPageSize: 10 });
    await Promise.all(
      Array.from({ length: 25 }, (_, i) =>
        io.write(`${base}/many/f${String(i).padStart(2, "0")}`, new Uint8Array([i])),
      ),
    );
    s3.resetCounts();
    const listed = await paged.list(`${base}/many/`);
    expect(listed.length).toBe(25);
    expect(new Set(listed.map((f) => f.location)).size).toBe(25);
    expect(s3.requests.filter((r) => r.method === "GET").length).toBe(3);
    paged.close();
  });

  it("does not clobber an existing object unless asked to overwrite", async () => {
    const loc = `${base}/once.bin`;
    await io.write(loc, new Uint8Array([1]));
    const err = await failure(io.write(loc, new Uint8Array([2])));
    expect(err.code).toBe("INVALID_ARGUMENT");
    expect(err.message).toContain(loc);
    expect([...(await io.read(loc))]).toEqual([1]);
    await io.write(loc, new Uint8Array([3]), { overwrite: true });
    expect([...(await io.read(loc))]).toEqual([3]);
  });

  it("writes a uniquely named object with the conditional PUT alone; other new names are HEADed first", async () => {
    const methods = () => s3.requests.map((r) => r.method);
    s3.resetCounts();
    await io.write(`${base}/checked.bin`, new Uint8Array([1]));
    expect(methods()).toEqual(["HEAD", "PUT"]);
    s3.resetCounts();
    await io.write(`${base}/${randomBytes(16).toString("hex")}.bin`, new Uint8Array([1]), {
      uniqueName: true,
    });
    expect(methods()).toEqual(["PUT"]);
    // Less strict here than on S3: s3rver ignores If-None-Match, so with no HEAD a repeated
    // unique name is not refused (S3 and MinIO answer 412, which becomes INVALID_ARGUMENT).
  });

  it("uploads objects above the part size in parts and reads them back byte for byte", async () => {
    const big = new S3FileIO({ ...s3.properties(), "s3.multipart.size": String(5 * 1024 * 1024) });
    const data = randomBytes(12 * 1024 * 1024 + 123);
    s3.resetCounts();
    await big.write(`${base}/big.bin`, data);
    const parts = s3.requests.filter((r) => r.method === "PUT" && r.url.includes("partNumber="));
    expect(parts.length).toBe(3);
    expect(s3.requests.some((r) => r.method === "POST" && r.url.includes("uploadId="))).toBe(true);
    expect(await big.size(`${base}/big.bin`)).toBe(data.length);
    expect(Buffer.from(await big.read(`${base}/big.bin`)).equals(data)).toBe(true);
    big.close();
  });

  it("sends objects below 1.5 parts (Iceberg Java's s3.multipart.threshold) as one PUT", async () => {
    const props = { ...s3.properties(), "s3.multipart.part-size-bytes": String(5 * 1024 * 1024) };
    const data = randomBytes(7 * 1024 * 1024);
    for (const [threshold, requests] of [
      [undefined, ["PUT"]],
      ["1", ["POST", "PUT", "PUT", "POST"]],
    ] as const) {
      const io2 = new S3FileIO(threshold ? { ...props, "s3.multipart.threshold": threshold } : props);
      s3.resetCounts();
      await io2.write(`${base}/threshold-${threshold}.bin`, data, { uniqueName: true });
      expect(s3.requests.map((r) => r.method)).toEqual(requests);
      expect(Buffer.from(await io2.read(`${base}/threshold-${threshold}.bin`)).equals(data)).toBe(true);
      io2.close();
    }
  });

  it("names the location of a missing object (FILE_NOT_FOUND) and the bucket of a missing bucket", async () => {
    const missing = `${base}/nope.bin`;
    for (const p of [() => io.read(missing), () => io.size(missing), () => io.readRange(missing, 0, 4)]) {
      const err = await failure(p());
      expect(err.code).toBe("FILE_NOT_FOUND");
      expect(err.message).toContain(`${base}/nope.bin`);
    }
    const err = await failure(io.write("s3://no-such-bucket/x.bin", new Uint8Array([1])));
    expect(err.code).toBe("BUCKET_NOT_FOUND");
    expect(err.message).toContain("no-such-bucket");
    expect(err.message).toContain(s3.endpoint);
    expect((await failure(io.list("s3://no-such-bucket/x"))).code).toBe("BUCKET_NOT_FOUND");
  });

  it("turns a 403 into PERMISSION_DENIED without the secret key anywhere", async () => {
    const secret = "wJalrXUtnFEMI-K7MDENG-bPxRfiCYEXAMPLEKEY";
    const denied = new S3FileIO({
      ...s3.properties(),
      "s3.access-key-id": "AKIAUNKNOWN",
      "s3.secret-access-key": secret,
    });
    for (const p of [
      () => denied.read(`${base}/a/b/two.bin`),
      () => denied.write(`${base}/denied.bin`, new Uint8Array([1])),
    ]) {
      const err = await failure(p());
      expect(err.code).toBe("PERMISSION_DENIED");
      expectNoSecret(err, secret);
    }
    expect(await io.exists(`${base}/denied.bin`)).toBe(false);
    expect(inspect(denied)).not.toContain(secret);
    expect(JSON.stringify(denied)).not.toContain(secret);
    denied.close();
  });

  it("fails fast with STORAGE_UNREACHABLE naming an endpoint that refuses connections", async () => {
    const closed = http.createServer();
    await new Promise<void>((r) => closed.listen(0, "127.0.0.1", r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((r) => closed.close(() => r()));
    const dead = new S3FileIO({ ...s3.properties(), "s3.endpoint": `http://127.0.0.1:${port}` });
    const started = Date.now();
    const err = await failure(dead.read("s3://lakelab/x.bin"));
    const elapsed = Date.now() - started;
    expect(err.code).toBe("STORAGE_UNREACHABLE");
    expect(err.message).toContain(`127.0.0.1:${port}`);
    expectNoSecret(err, SECRET === "S3RVER" ? "secret-never-set" : SECRET);
    // The brief's bound (5 s), not a timing measurement: a retry loop on a dead endpoint would blow it.
    expect(elapsed).toBeLessThan(5_000);
    dead.close();
  });

  it("says which region a bucket is in when the configured one is wrong (301 PermanentRedirect)", async () => {
    const s3Like = http.createServer((_req, res) => {
      res.writeHead(301, { "content-type": "application/xml", "x-amz-bucket-region": "eu-west-1" });
      res.end(
        '<?xml version="1.0" encoding="UTF-8"?><Error><Code>PermanentRedirect</Code><Message>The bucket you are attempting to access must be addressed using the specified endpoint.</Message><Bucket>lakelab</Bucket></Error>',
      );
    });
    await new Promise<void>((r) => s3Like.listen(0, "127.0.0.1", r));
    const wrong = new S3FileIO({
      ...s3.properties(),
      "s3.endpoint": `http://127.0.0.1:${(s3Like.address() as AddressInfo).port}`,
    });
    const err = await failure(wrong.read("s3://lakelab/x.bin"));
    expect(err.code).toBe("CONFIG_INVALID");
    expect(err.message).toContain("us-east-1");
    expect(err.message).toContain("eu-west-1");
    wrong.close();
    await new Promise<void>((r) => s3Like.close(() => r()));
  });

  it("fileIOFor routes s3 schemes to one cached S3FileIO per property set and local paths to disk", async () => {
    const a = fileIOFor(s3.properties());
    await a.write("s3://lakelab/route/x.bin", new Uint8Array([7]));
    expect([...(await fileIOFor(s3.properties()).read("s3://lakelab/route/x.bin"))]).toEqual([7]);
    const err = await failure(
      fileIOFor({ ...s3.properties(), "s3.access-key-id": "OTHER" }).read("s3://lakelab/route/x.bin"),
    );
    expect(err.code).toBe("PERMISSION_DENIED");
  });
});
