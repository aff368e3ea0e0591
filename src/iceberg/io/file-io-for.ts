import { LakelabError } from "../../errors";
import type { FileIO } from "./file-io";
import { LocalFileIO } from "./local-file-io";

/** Storage properties as Iceberg names them (`s3.endpoint`, `s3.region`, `s3.access-key-id`, ...). */
export type StorageProperties = Readonly<Record<string, string>>;

const OBJECT_STORE = /^(s3|s3a|s3n):\/\//;

/** The scheme of a location (`s3`, `file`), or `file` for a plain path. */
export function locationScheme(location: string): string {
  const m = /^([a-zA-Z][a-zA-Z0-9+.-]*):\/\//.exec(location);
  return m ? m[1]!.toLowerCase() : "file";
}

/**
 * A FileIO for every location lakelab knows, configured by storage properties: local paths and
 * `file://` URIs on disk; `s3://` (and `s3a://`, `s3n://`) on object storage.
 * @example const io = fileIOFor({ "s3.endpoint": "http://127.0.0.1:9000", "s3.path-style-access": "true" });
 */
export function fileIOFor(_properties: StorageProperties = {}): FileIO {
  const local = new LocalFileIO();
  const pick = (location: string): FileIO => {
    if (OBJECT_STORE.test(location)) {
      throw new LakelabError("NOT_SUPPORTED", `object storage is not available yet: ${location}`, {
        context: { location },
      });
    }
    return local;
  };
  return {
    read: (l) => pick(l).read(l),
    write: (l, d, o) => pick(l).write(l, d, o),
    exists: (l) => pick(l).exists(l),
    delete: (l) => pick(l).delete(l),
    list: (p) => pick(p).list(p),
  };
}
