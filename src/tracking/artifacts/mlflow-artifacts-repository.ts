import type { FileInfo } from "../entities";
import { invalidParameter } from "../errors";
import type { MlflowHttpClient } from "../store/rest/http-client";
import { type ArtifactRepository, checkArtifactPath } from "./artifact-repository";

const API = "/api/2.0/mlflow-artifacts/artifacts";

function encodePath(p: string): string {
  return p
    .split("/")
    .filter((s) => s !== "")
    .map(encodeURIComponent)
    .join("/");
}

/**
 * Artifacts behind a tracking server started with `--serve-artifacts`: an artifact URI
 * `mlflow-artifacts:/1/<run>/artifacts` maps to `/api/2.0/mlflow-artifacts/artifacts/1/<run>/artifacts/…`.
 */
export class MlflowArtifactsRepository implements ArtifactRepository {
  private readonly base: string;

  constructor(
    artifactUri: string,
    private readonly http: MlflowHttpClient,
  ) {
    const m = /^mlflow-artifacts:(?:\/\/[^/]*)?\/?(.*)$/.exec(artifactUri);
    if (m === null) throw invalidParameter(`not an mlflow-artifacts URI: ${artifactUri}`);
    this.base = m[1]!.replace(/\/+$/, "");
  }

  async writeBytes(artifactPath: string, data: Uint8Array): Promise<void> {
    const p = checkArtifactPath(artifactPath);
    await this.http.request({ method: "PUT", path: `${API}/${encodePath(`${this.base}/${p}`)}`, body: data });
  }

  async list(dir = ""): Promise<FileInfo[]> {
    const rel = checkArtifactPath(dir, true);
    const listed = rel === "" ? this.base : `${this.base}/${rel}`;
    const res = await this.http.request<{
      files?: { path: string; is_dir?: boolean; file_size?: number | string }[];
    }>({
      method: "GET",
      path: API,
      query: { path: listed },
    });
    return (res.files ?? []).map((f) => ({
      path: rel === "" ? f.path : `${rel}/${f.path}`,
      isDir: f.is_dir === true,
      fileSize: f.is_dir === true || f.file_size === undefined ? null : Number(f.file_size),
    }));
  }

  async readBytes(artifactPath: string): Promise<Uint8Array> {
    const p = checkArtifactPath(artifactPath);
    return this.http.request<Uint8Array>({
      method: "GET",
      path: `${API}/${encodePath(`${this.base}/${p}`)}`,
      binary: true,
    });
  }
}
