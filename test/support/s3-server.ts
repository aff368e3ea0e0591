/**
 * A local S3 for tests: `s3rver` (objects stored as files in a temp folder) on 127.0.0.1 with a
 * random port, behind a small counting proxy so tests can assert how many requests and response
 * bytes a piece of code cost. The proxy only forwards; it changes nothing in either direction.
 *
 * s3rver runs in a child process (see s3rver-process.cjs for why).
 *
 * Where s3rver is less strict than real S3: SigV4 signatures are not verified (only the access key
 * id must be known: `S3RVER`), the region is not checked, conditional writes (`If-None-Match: *`)
 * are ignored, multipart ETags lack the `-N` suffix, ListObjectsV2 omits `KeyCount` when it is 0.
 */
import { spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import * as fs from "node:fs";
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import { CreateBucketCommand, S3Client } from "@aws-sdk/client-s3";

/** The one key pair s3rver knows; any other access key id is answered 403 InvalidAccessKeyId. */
export const S3RVER_ACCESS_KEY = "S3RVER";
export const S3RVER_SECRET_KEY = "S3RVER";

export interface S3Request {
  readonly method: string;
  /** Path and query as sent, e.g. `/bucket/wh/x.parquet?x-id=GetObject`. */
  readonly url: string;
  readonly range: string | undefined;
  readonly status: number;
  /** Response body bytes. */
  readonly bytesOut: number;
}

export interface TestS3Server {
  /** `http://127.0.0.1:<port>` of the counting proxy. */
  readonly endpoint: string;
  /** Requests seen since start or the last `resetCounts()`. */
  readonly requests: readonly S3Request[];
  resetCounts(): void;
  /** Iceberg storage properties reaching this server (path-style, s3rver's key pair). */
  properties(): Record<string, string>;
  createBucket(name: string): Promise<void>;
  stop(): Promise<void>;
}

/** The child script; compiled copies (dist/test/support, run by `npm run bench`) find it beside the source. */
const S3RVER_SCRIPT = [__dirname, path.join(__dirname, "../../../test/support")]
  .map((dir) => path.join(dir, "s3rver-process.cjs"))
  .find((file) => fs.existsSync(file))!;

/** Starts s3rver with `buckets` created, behind a counting proxy. */
export async function startS3Server(buckets: readonly string[] = ["lakelab"]): Promise<TestS3Server> {
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), "lakelab-s3rver-"));
  const child = spawn(process.execPath, ["--openssl-legacy-provider", S3RVER_SCRIPT, directory, ...buckets], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  const inner = await new Promise<{ port: number }>((resolve, reject) => {
    let out = "";
    child.stdout.on("data", (c: Buffer) => {
      out += c.toString();
      if (out.includes("\n")) resolve(JSON.parse(out.split("\n")[0]!) as { port: number });
    });
    child.once("exit", (code) => reject(new Error(`s3rver exited with ${code} before listening`)));
  });
  const requests: S3Request[] = [];
  const proxy = http.createServer((req, res) => {
    const upstream = http.request(
      { host: "127.0.0.1", port: inner.port, method: req.method, path: req.url, headers: req.headers },
      (up) => {
        let bytesOut = 0;
        up.on("data", (c: Buffer) => {
          bytesOut += c.length;
        });
        up.on("end", () =>
          requests.push({
            method: req.method ?? "",
            url: req.url ?? "",
            range: req.headers.range,
            status: up.statusCode ?? 0,
            bytesOut,
          }),
        );
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      },
    );
    upstream.on("error", (err) => res.destroy(err));
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => proxy.listen(0, "127.0.0.1", resolve));
  const endpoint = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
  return {
    endpoint,
    get requests() {
      return requests;
    },
    resetCounts: () => {
      requests.length = 0;
    },
    properties: () => ({
      "s3.endpoint": endpoint,
      "s3.region": "us-east-1",
      "s3.access-key-id": S3RVER_ACCESS_KEY,
      "s3.secret-access-key": S3RVER_SECRET_KEY,
      "s3.path-style-access": "true",
    }),
    createBucket: async (name) => {
      const client = new S3Client({
        endpoint: `http://127.0.0.1:${inner.port}`,
        region: "us-east-1",
        forcePathStyle: true,
        credentials: { accessKeyId: S3RVER_ACCESS_KEY, secretAccessKey: S3RVER_SECRET_KEY },
      });
      try {
        await client.send(new CreateBucketCommand({ Bucket: name }));
      } finally {
        client.destroy();
      }
    },
    stop: async () => {
      proxy.closeAllConnections();
      await new Promise<void>((resolve) => proxy.close(() => resolve()));
      await new Promise<void>((resolve) => {
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      });
      fs.rmSync(directory, { recursive: true, force: true });
    },
  };
}

/** A bucket name no other test uses. */
export function uniqueBucket(prefix = "lakelab"): string {
  return `${prefix}-${randomUUID().slice(0, 8)}`;
}
