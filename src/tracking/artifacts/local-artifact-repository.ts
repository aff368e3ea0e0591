import { promises as fs } from "node:fs";
import * as path from "node:path";
import type { FileInfo } from "../entities";
import { doesNotExist } from "../errors";
import { localPathOfFileUri } from "../store/file/local-paths";
import { writeFileAtomic } from "../store/file/yaml-file";
import { type ArtifactRepository, checkArtifactPath } from "./artifact-repository";

/** Artifacts under a `file://` artifact URI, as MLflow's LocalArtifactRepository lays them out. */
export class LocalArtifactRepository implements ArtifactRepository {
  readonly root: string;

  constructor(artifactUri: string) {
    this.root = localPathOfFileUri(artifactUri);
  }

  private local(p: string): string {
    return path.join(this.root, ...p.split("/").filter((s) => s !== ""));
  }

  async writeBytes(artifactPath: string, data: Uint8Array): Promise<void> {
    await writeFileAtomic(this.local(checkArtifactPath(artifactPath)), data);
  }

  async list(dir = ""): Promise<FileInfo[]> {
    const rel = checkArtifactPath(dir, true);
    let entries: import("node:fs").Dirent[];
    try {
      entries = await fs.readdir(this.local(rel), { withFileTypes: true });
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === "ENOENT" || code === "ENOTDIR") return [];
      throw err;
    }
    const out: FileInfo[] = [];
    for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const p = rel === "" ? e.name : `${rel}/${e.name}`;
      if (e.isDirectory()) out.push({ path: p, isDir: true, fileSize: null });
      else if (e.isFile()) out.push({ path: p, isDir: false, fileSize: (await fs.stat(this.local(p))).size });
    }
    return out;
  }

  async readBytes(artifactPath: string): Promise<Uint8Array> {
    const p = checkArtifactPath(artifactPath);
    try {
      return new Uint8Array(await fs.readFile(this.local(p)));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === "ENOENT") {
        throw doesNotExist(`Artifact '${p}' does not exist under ${this.root}`, { artifactPath: p });
      }
      throw err;
    }
  }
}
