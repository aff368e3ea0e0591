import { createHash } from "node:crypto";
import type { FileIO } from "./file-io";
import { LocalFileIO } from "./local-file-io";
import { S3FileIO } from "./s3-file-io";
import { isS3Location } from "./s3-location";

/** Storage properties as Iceberg names them (`s3.endpoint`, `s3.region`, `s3.access-key-id`, ...). */
export type StorageProperties = Readonly<Record<string, string>>;

/** The scheme of a location (`s3`, `file`), or `file` for a plain path. */
export function locationScheme(location: string): string {
  const m = /^([a-zA-Z][a-zA-Z0-9+.-]*):\/\//.exec(location);
  return m ? m[1]!.toLowerCase() : "file";
}

const LOCAL = new LocalFileIO();
/** One S3FileIO (one client, one connection pool) per property set, keyed by a digest of the set. */
const S3_CLIENTS = new Map<string, S3FileIO>();

function s3FileIO(properties: StorageProperties): S3FileIO {
  const s3 = Object.entries(properties)
    .filter(([k]) => k.startsWith("s3.") || k.startsWith("client."))
    .sort(([a], [b]) => (a < b ? -1 : 1));
  const key = createHash("sha256").update(JSON.stringify(s3)).digest("hex");
  let io = S3_CLIENTS.get(key);
  if (!io) {
    io = new S3FileIO(properties);
    S3_CLIENTS.set(key, io);
  }
  return io;
}

/**
 * A FileIO for every location lakelab knows, configured by storage properties: local paths and
 * `file://` URIs on disk; `s3://` (and `s3a://`, `s3n://`) on object storage.
 * @example const io = fileIOFor({ "s3.endpoint": "http://127.0.0.1:9000", "s3.path-style-access": "true" });
 */
export function fileIOFor(properties: StorageProperties = {}): FileIO {
  let s3: S3FileIO | undefined;
  const pick = (location: string): FileIO => {
    if (!isS3Location(location)) return LOCAL;
    s3 ??= s3FileIO(properties);
    return s3;
  };
  return {
    read: (l) => pick(l).read(l),
    readRange: (l, o, n) => pick(l).readRange(l, o, n),
    size: (l) => pick(l).size(l),
    write: (l, d, o) => pick(l).write(l, d, o),
    exists: (l) => pick(l).exists(l),
    delete: (l) => pick(l).delete(l),
    list: (p) => pick(p).list(p),
  };
}
