import * as path from "node:path";
import { toLocalPath } from "../io/local-file-io";

/**
 * One spelling per file, so that locations from metadata (`file:///x`, `file:/x`, `/x`) and
 * from a listing compare equal. Other schemes (`s3://`, `hdfs://`) are kept as written.
 */
export function normalizeLocation(location: string): string {
  if (location.startsWith("file:") || path.isAbsolute(location)) return toLocalPath(location);
  return location;
}

/** True when `location` lies inside the folder `root` (both normalized). */
export function isUnder(location: string, root: string): boolean {
  const r = root.endsWith("/") ? root : `${root}/`;
  return location.startsWith(r);
}

/** The last path segment: file names lakelab, Java and pyiceberg write carry a UUID. */
export function fileName(location: string): string {
  const i = location.lastIndexOf("/");
  return i < 0 ? location : location.slice(i + 1);
}
