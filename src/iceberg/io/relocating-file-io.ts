/**
 * A FileIO for tables copied away from where they were written: locations recorded in metadata
 * (`/tmp/iceberg/t1/data/x.parquet`, `hdfs://nn/t/metadata/snap.avro`, relative `t/metadata/...`)
 * are mapped into `root` by keeping their suffix from `/metadata/` or `/data/` on.
 */
import * as path from "node:path";
import type { FileIO, WriteOptions } from "./file-io";
import { toLocalPath } from "./local-file-io";

function stripScheme(location: string): string {
  const m = /^[a-zA-Z][a-zA-Z0-9+.-]*:\/\/[^/]*/.exec(location);
  if (m) return location.slice(m[0].length);
  return location.startsWith("file:") ? location.slice(5) : location;
}

export class RelocatingFileIO implements FileIO {
  private readonly root: string;
  private readonly original: string | undefined;

  /** `root`: the local table folder; `originalLocation`: the table `location` recorded in its metadata. */
  constructor(
    private readonly inner: FileIO,
    root: string,
    originalLocation?: string,
  ) {
    this.root = toLocalPath(root);
    this.original =
      originalLocation === undefined ? undefined : stripScheme(originalLocation).replace(/\/+$/, "");
  }

  /** The local path a recorded location maps to. */
  resolve(location: string): string {
    const local = location.startsWith("file:") ? toLocalPath(location) : location;
    if (path.isAbsolute(local) && (local === this.root || local.startsWith(`${this.root}${path.sep}`)))
      return local;
    const p = stripScheme(location);
    const norm = (x: string): string => x.replace(/^\.\//, "").replace(/^\/+/, "");
    if (this.original !== undefined && norm(p).startsWith(`${norm(this.original)}/`)) {
      return path.join(this.root, norm(p).slice(norm(this.original).length + 1));
    }
    const slashed = p.startsWith("/") ? p : `/${p}`;
    const at = Math.max(slashed.lastIndexOf("/metadata/"), slashed.lastIndexOf("/data/"));
    return at >= 0 ? path.join(this.root, slashed.slice(at + 1)) : path.join(this.root, path.basename(p));
  }

  read(location: string): Promise<Uint8Array> {
    return this.inner.read(this.resolve(location));
  }

  readRange(location: string, offset: number, length: number): Promise<Uint8Array> {
    return this.inner.readRange(this.resolve(location), offset, length);
  }

  size(location: string): Promise<number> {
    return this.inner.size(this.resolve(location));
  }

  write(location: string, data: Uint8Array, options?: WriteOptions): Promise<void> {
    return this.inner.write(this.resolve(location), data, options);
  }

  exists(location: string): Promise<boolean> {
    return this.inner.exists(this.resolve(location));
  }

  delete(location: string): Promise<void> {
    return this.inner.delete(this.resolve(location));
  }

  list(prefix: string): Promise<readonly { location: string; size: number; modifiedMs: number }[]> {
    return this.inner.list(this.resolve(prefix));
  }
}
