import { randomBytes } from "node:crypto";
import * as path from "node:path";
import { fileURLToPath } from "node:url";

/** `file:///abs`, `file:/abs` or `file:./rel` (relative to the working directory) → a local path. */
export function localPathOfFileUri(uri: string): string {
  if (uri.startsWith("file://")) return fileURLToPath(uri);
  return path.resolve(decodeURIComponent(uri.slice("file:".length)));
}

/** A random 18–19 digit positive integer, as the file store numbers experiments. */
export function newExperimentId(): string {
  for (;;) {
    const n = randomBytes(8).readBigUInt64BE() & 0x7fffffffffffffffn;
    if (n >= 100000000000000000n) return n.toString();
  }
}
