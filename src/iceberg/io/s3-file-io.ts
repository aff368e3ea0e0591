/**
 * FileIO over S3 and S3-compatible stores (MinIO, s3rver), configured by Iceberg's property
 * names: `s3.endpoint`, `s3.region`, `s3.access-key-id`, `s3.secret-access-key`,
 * `s3.session-token`, `s3.path-style-access`, `s3.multipart.part-size-bytes` (alias
 * `s3.multipart.size`) and `s3.multipart.threshold` (multipart from this many parts' size on).
 * Without keys, credentials come from the AWS default chain (environment, profile, ...).
 */
import { inspect } from "node:util";
import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from "@aws-sdk/client-s3";
import { Upload } from "@aws-sdk/lib-storage";
import { LakelabError } from "../../errors";
import type { FileIO, WriteOptions } from "./file-io";
import { displayEndpoint, s3Error } from "./s3-error";
import { parseS3Location, type S3Location, s3LocationOf } from "./s3-location";

const MIN_PART_SIZE = 5 * 1024 * 1024;
/** Iceberg Java's defaults: 32 MiB parts, multipart from 1.5 parts on (`s3.multipart.threshold`). */
const DEFAULT_PART_SIZE = 32 * 1024 * 1024;
const DEFAULT_THRESHOLD_FACTOR = 1.5;
/**
 * A refused connection fails at once (the SDK's three attempts take well under a second); this
 * bounds an endpoint that never answers. The timer also runs while a request waits for a free
 * socket, so it must not be tight.
 */
const CONNECTION_TIMEOUT_MS = 5000;

export class S3FileIO implements FileIO {
  private readonly client: S3Client;
  private readonly endpoint: string | undefined;
  private readonly region: string;
  private readonly partSize: number;
  private readonly multipartThreshold: number;
  private readonly listPageSize: number | undefined;

  /** `options.listPageSize`: keys per ListObjectsV2 page (S3's default and maximum is 1,000). */
  constructor(properties: Readonly<Record<string, string>> = {}, options: { listPageSize?: number } = {}) {
    this.listPageSize = options.listPageSize;
    const p = (k: string): string | undefined => properties[k] || undefined;
    const keyId = p("s3.access-key-id");
    const secret = p("s3.secret-access-key");
    if ((keyId === undefined) !== (secret === undefined)) {
      throw new LakelabError(
        "CONFIG_INVALID",
        `s3.access-key-id and s3.secret-access-key go together: only ${keyId ? "the key id" : "the secret key"} is set`,
      );
    }
    this.endpoint = p("s3.endpoint");
    this.region = p("s3.region") ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? "us-east-1";
    const partSize = p("s3.multipart.part-size-bytes") ?? p("s3.multipart.size");
    this.partSize = Math.max(MIN_PART_SIZE, Number(partSize ?? DEFAULT_PART_SIZE) || DEFAULT_PART_SIZE);
    // One PUT is one request (and on some stores far cheaper than assembling parts); parts pay
    // off only for objects well above one part.
    const factor = Number(p("s3.multipart.threshold") ?? DEFAULT_THRESHOLD_FACTOR);
    this.multipartThreshold = this.partSize * (factor >= 1 ? factor : DEFAULT_THRESHOLD_FACTOR);
    this.client = new S3Client({
      region: this.region,
      ...(this.endpoint ? { endpoint: this.endpoint } : {}),
      forcePathStyle: p("s3.path-style-access") === "true",
      ...(keyId && secret
        ? {
            credentials: { accessKeyId: keyId, secretAccessKey: secret, sessionToken: p("s3.session-token") },
          }
        : {}),
      // Default CRC checksums add aws-chunked framing that some S3-compatible stores keep as bytes.
      requestChecksumCalculation: "WHEN_REQUIRED",
      responseChecksumValidation: "WHEN_REQUIRED",
      requestHandler: { connectionTimeout: CONNECTION_TIMEOUT_MS },
    });
  }

  private fail(err: unknown, operation: string, location: string, loc: S3Location): LakelabError {
    return s3Error(err, operation, location, loc, { endpoint: this.endpoint, region: this.region });
  }

  async read(location: string): Promise<Uint8Array> {
    const loc = parseS3Location(location);
    try {
      const res = await this.client.send(new GetObjectCommand({ Bucket: loc.bucket, Key: loc.key }));
      return await res.Body!.transformToByteArray();
    } catch (err) {
      throw this.fail(err, "read", location, loc);
    }
  }

  async readRange(location: string, offset: number, length: number): Promise<Uint8Array> {
    if (length <= 0) return new Uint8Array(0);
    const loc = parseS3Location(location);
    try {
      const res = await this.client.send(
        new GetObjectCommand({
          Bucket: loc.bucket,
          Key: loc.key,
          Range: `bytes=${offset}-${offset + length - 1}`,
        }),
      );
      return await res.Body!.transformToByteArray();
    } catch (err) {
      throw this.fail(err, "read", location, loc);
    }
  }

  async size(location: string): Promise<number> {
    const loc = parseS3Location(location);
    try {
      const res = await this.client.send(new HeadObjectCommand({ Bucket: loc.bucket, Key: loc.key }));
      return res.ContentLength ?? 0;
    } catch (err) {
      throw this.fail(err, "stat", location, loc);
    }
  }

  async exists(location: string): Promise<boolean> {
    try {
      await this.size(location);
      return true;
    } catch (err) {
      if (err instanceof LakelabError && err.code === "FILE_NOT_FOUND") return false;
      throw err;
    }
  }

  /**
   * A single PUT (or a multipart upload above the threshold) is atomic on S3: readers see the
   * old object or the whole new one. Without `overwrite`, the PUT is conditional
   * (`If-None-Match: *`); stores that ignore the condition (s3rver, older MinIO) are covered by
   * an existence check first (a HEAD), which leaves a race between check and PUT on those stores
   * only. A `uniqueName` write skips that HEAD: on such stores it is then not checked at all,
   * which only matters if two writers drew the same random UUID.
   */
  async write(location: string, data: Uint8Array, options: WriteOptions = {}): Promise<void> {
    const loc = parseS3Location(location);
    const check = !options.overwrite && !options.uniqueName;
    if (check && (await this.exists(location))) throw alreadyExists(location);
    const condition = options.overwrite ? {} : { IfNoneMatch: "*" };
    try {
      if (data.length < this.multipartThreshold) {
        await this.client.send(
          new PutObjectCommand({ Bucket: loc.bucket, Key: loc.key, Body: data, ...condition }),
        );
      } else {
        const upload = new Upload({
          client: this.client,
          params: { Bucket: loc.bucket, Key: loc.key, Body: data, ...condition },
          partSize: this.partSize,
          queueSize: 4,
          leavePartsOnError: false,
        });
        await upload.done();
      }
    } catch (err) {
      const status = (err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
      if (status === 412 || (err as { name?: string }).name === "PreconditionFailed")
        throw alreadyExists(location);
      throw this.fail(err, "write", location, loc);
    }
  }

  async delete(location: string): Promise<void> {
    const loc = parseS3Location(location);
    try {
      await this.client.send(new DeleteObjectCommand({ Bucket: loc.bucket, Key: loc.key }));
    } catch (err) {
      throw this.fail(err, "delete", location, loc);
    }
  }

  /** Every object whose key starts with the folder `prefix/`, page by page (ListObjectsV2). */
  async list(prefix: string): Promise<readonly { location: string; size: number; modifiedMs: number }[]> {
    const loc = parseS3Location(prefix);
    const folder = loc.key === "" || loc.key.endsWith("/") ? loc.key : `${loc.key}/`;
    const out: { location: string; size: number; modifiedMs: number }[] = [];
    let token: string | undefined;
    try {
      do {
        const page = await this.client.send(
          new ListObjectsV2Command({
            Bucket: loc.bucket,
            Prefix: folder,
            ContinuationToken: token,
            MaxKeys: this.listPageSize,
          }),
        );
        for (const o of page.Contents ?? []) {
          if (o.Key === undefined || o.Key.endsWith("/")) continue;
          out.push({
            location: s3LocationOf(loc, o.Key),
            size: o.Size ?? 0,
            modifiedMs: o.LastModified?.getTime() ?? 0,
          });
        }
        token = page.IsTruncated ? page.NextContinuationToken : undefined;
      } while (token);
    } catch (err) {
      throw this.fail(err, "list", prefix, loc);
    }
    return out;
  }

  /** Releases the client's sockets. */
  close(): void {
    this.client.destroy();
  }

  /** What `console.log(io)` shows: where it points, never its keys. */
  [inspect.custom](): string {
    return `S3FileIO { endpoint: ${displayEndpoint(this.endpoint)}, region: ${this.region} }`;
  }

  toJSON(): Record<string, string> {
    return { endpoint: displayEndpoint(this.endpoint), region: this.region };
  }
}

function alreadyExists(location: string): LakelabError {
  return new LakelabError("INVALID_ARGUMENT", `file already exists: ${location}`, { context: { location } });
}
