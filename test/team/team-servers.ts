/**
 * The team lakehouse for the end-to-end test, every part real and on 127.0.0.1 with random ports:
 * s3rver (test/support/s3-server.ts), `lakelab catalog serve` (the built CLI in its own process)
 * over an s3:// warehouse with a bearer token, and an MLflow 3.6 server. `project()` writes a
 * `lakelab.yaml` with a `team` connection to all three, its token left as `${TEAM_TOKEN}`, and
 * links this build of lakelab into the project's node_modules.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { PACKAGE_ROOT } from "../../kernel/link-packages";
import { MlflowServer } from "../support/mlflow-server";
import { startS3Server, type TestS3Server, uniqueBucket } from "../support/s3-server";
import { type CatalogServeProcess, startCatalogServe } from "./catalog-serve-process";

export const TEAM_TOKEN = "team-bearer-7f3c9a1e5d";

export interface TeamLakehouse {
  readonly s3: TestS3Server;
  readonly bucket: string;
  readonly warehouse: string;
  readonly catalog: CatalogServeProcess;
  readonly mlflow: MlflowServer;
  /** Temp folder: the catalog server's folder and the projects live below it. */
  readonly root: string;
  /**
   * A fresh project folder `root/<name>` with the team's lakelab.yaml; `storage: false` leaves the
   * s3.* settings out, so the connection relies on the credentials the catalog vends per table.
   */
  project(name: string, options?: { storage?: boolean }): string;
  stop(): Promise<void>;
}

/** Starts the three servers; stop() ends them and removes the temp folders. */
export async function startTeamLakehouse(): Promise<TeamLakehouse> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "lakelab-team-"));
  const started: { stop(): Promise<unknown> }[] = [];
  try {
    const bucket = uniqueBucket("team");
    const s3 = await startS3Server([bucket]);
    started.push(s3);
    const mlflow = await MlflowServer.start();
    started.push(mlflow);
    const serverDir = path.join(root, "catalog-server");
    fs.mkdirSync(serverDir);
    const tokenFile = path.join(serverDir, "token");
    fs.writeFileSync(tokenFile, `${TEAM_TOKEN}\n`, { mode: 0o600 });
    const warehouse = `s3://${bucket}/wh`;
    const catalog = await startCatalogServe({
      warehouse,
      catalogDb: path.join(serverDir, "catalog.db"),
      tokenFile,
      properties: s3.properties(),
      cwd: serverDir,
    });
    started.push(catalog);
    const project = (name: string, options: { storage?: boolean } = {}) =>
      writeProject(
        path.join(root, name),
        catalog.url,
        options.storage === false ? {} : s3.properties(),
        mlflow.url,
      );
    const stop = async () => {
      for (const part of started.reverse()) await part.stop();
      fs.rmSync(root, { recursive: true, force: true });
    };
    return { s3, bucket, warehouse, catalog, mlflow, root, project, stop };
  } catch (err) {
    for (const part of started.reverse()) await part.stop();
    fs.rmSync(root, { recursive: true, force: true });
    throw err;
  }
}

function writeProject(
  dir: string,
  catalogUrl: string,
  storageProperties: Record<string, string>,
  trackingUri: string,
): string {
  fs.mkdirSync(dir, { recursive: true });
  const storage = Object.entries(storageProperties).map(([k, v]) => `      ${k}: "${v}"`);
  const yaml = [
    "connections:",
    "  team:",
    "    catalog:",
    "      type: rest",
    `      uri: ${catalogUrl}`,
    // biome-ignore lint/suspicious/noTemplateCurlyInString: lakelab.yaml's own ${VAR} syntax, expanded by lakelab
    "      token: ${TEAM_TOKEN}",
    ...(storage.length > 0 ? ["    storage:", ...storage] : []),
    `    tracking_uri: ${trackingUri}`,
    "",
  ];
  fs.writeFileSync(path.join(dir, "lakelab.yaml"), yaml.join("\n"));
  // this build, linked here, even if a folder above (say /tmp/node_modules) holds another lakelab
  fs.mkdirSync(path.join(dir, "node_modules"));
  fs.symlinkSync(PACKAGE_ROOT, path.join(dir, "node_modules", "lakelab"), "dir");
  return dir;
}
