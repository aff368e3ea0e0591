import type { FileInfo } from "../entities";
import { invalidParameter } from "../errors";
import { posixNormpath } from "../validation";

/** Where a run's artifacts live: its artifact URI's scheme picks the implementation. */
export interface ArtifactRepository {
  /** Writes `data` at `artifactPath` (relative, `/`-separated) under the run's artifact root. */
  writeBytes(artifactPath: string, data: Uint8Array): Promise<void>;
  /** Direct children of `dir` ("" = the root), paths relative to the artifact root. */
  list(dir?: string): Promise<FileInfo[]>;
  readBytes(artifactPath: string): Promise<Uint8Array>;
}

/** A relative artifact path that stays inside the artifact root (no `..`, not absolute). */
export function checkArtifactPath(p: string, allowEmpty = false): string {
  const trimmed = p
    .replace(/\\/g, "/")
    .replace(/^\.\/+/, "")
    .replace(/\/+$/, "");
  if (trimmed === "" && allowEmpty) return "";
  const norm = posixNormpath(trimmed);
  if (trimmed === "" || norm.startsWith("..") || norm.startsWith("/") || norm === ".") {
    throw invalidParameter(
      `Invalid artifact path '${p}'; expected a relative path inside the run's artifacts, like 'model/pipeline.json'`,
      {
        artifactPath: p,
      },
    );
  }
  return norm;
}
