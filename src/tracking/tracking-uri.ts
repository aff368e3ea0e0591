import * as path from "node:path";
import { pathToFileURL } from "node:url";
import { LakelabError } from "../errors";
import { localPathOfFileUri } from "./store/file/local-paths";

let explicitUri: string | undefined;

/** Like mlflow.set_tracking_uri: wins over MLFLOW_TRACKING_URI; `undefined` forgets it. */
export function setTrackingUri(uri: string | undefined): void {
  explicitUri = uri === undefined ? undefined : normalizeTrackingUri(uri);
}

/**
 * The tracking URI in effect, resolved as MLflow resolves it: setTrackingUri, then
 * MLFLOW_TRACKING_URI, then `./mlruns` (a file store; lakelab keeps writing mlruns where
 * MLflow 3 would default to sqlite:///mlflow.db, see the README).
 */
export function getTrackingUri(): string {
  if (explicitUri !== undefined) return explicitUri;
  const env = process.env.MLFLOW_TRACKING_URI;
  if (env !== undefined && env.trim() !== "") return normalizeTrackingUri(env.trim());
  return normalizeTrackingUri("./mlruns");
}

/** A plain path or `file:` URI → absolute `file:///…`; `http(s)://…` without trailing slash. */
export function normalizeTrackingUri(uri: string): string {
  if (/^https?:\/\//i.test(uri)) return uri.replace(/\/+$/, "");
  if (uri.startsWith("file:")) return pathToFileURL(localPathOfFileUri(uri)).href;
  if (/^[a-z][a-z0-9+.-]*:/i.test(uri) && !/^[a-z]:[\\/]/i.test(uri)) {
    const scheme = uri.slice(0, uri.indexOf(":"));
    throw new LakelabError(
      "NOT_SUPPORTED",
      `tracking URI scheme '${scheme}:' is not supported by lakelab; use a path, file:///… (MLflow's file store) or http(s)://host:port (a tracking server)`,
      { context: { scheme } },
    );
  }
  return pathToFileURL(path.resolve(uri)).href;
}
