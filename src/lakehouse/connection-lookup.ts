import { existsSync, readFileSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { LakelabError } from "../errors";
import { shortLocation } from "../notebook/short-location";
import {
  type ConnectionConfig,
  type ConnectionFile,
  localConnection,
  parseConnectionFile,
} from "./connection-config";
import { expandConnection } from "./connection-env";

/** Where lookup happens; tests pass their own, notebooks use the process's. */
export interface LookupEnvironment {
  readonly cwd?: string;
  readonly home?: string;
  readonly env?: Readonly<Record<string, string | undefined>>;
}

export const CONFIG_FILE_NAMES = ["lakelab.yaml", ".lakelab.yaml"] as const;

/** The config files to look at, most specific first: the working directory, then the home directory. */
export function configFileCandidates(cwd: string, home: string): string[] {
  const dirs = path.resolve(cwd) === path.resolve(home) ? [cwd] : [cwd, home];
  return dirs.flatMap((dir) => CONFIG_FILE_NAMES.map((f) => path.join(dir, f)));
}

/**
 * Resolves a connection name to its config, like pyiceberg's `load_catalog(name)`:
 * the name given, else `LAKELAB_CONNECTION`, else a config file's `default`, else "local".
 * Entries in the working directory's file shadow the home directory's; `${VAR}` references in the
 * chosen entry are replaced from `env`; `MLFLOW_TRACKING_URI` overrides the tracking URI of
 * whichever connection is chosen.
 */
export function resolveConnectionConfig(name?: string, where: LookupEnvironment = {}): ConnectionConfig {
  const cwd = where.cwd ?? process.cwd();
  const home = where.home ?? os.homedir();
  const env = where.env ?? process.env;
  const candidates = configFileCandidates(cwd, home);
  const files = candidates.filter((f) => existsSync(f)).map((f) => readConnectionFile(f, { cwd, home }));
  const chosen =
    nonEmpty(name) ??
    nonEmpty(env.LAKELAB_CONNECTION) ??
    files.find((f) => f.defaultName)?.defaultName ??
    "local";
  const found = files.map((f) => f.connections.get(chosen)).find((c) => c !== undefined);
  const written = found ?? (chosen === "local" ? localConnection(cwd) : undefined);
  if (written === undefined) throw notFound(chosen, files, candidates, { cwd, home });
  const config = expandConnection(written, env);
  const trackingOverride = nonEmpty(env.MLFLOW_TRACKING_URI);
  return trackingOverride === undefined ? config : { ...config, trackingUri: trackingOverride };
}

function readConnectionFile(file: string, base: { cwd: string; home: string }): ConnectionFile {
  return parseConnectionFile(readFileSync(file, "utf8"), file, shortLocation(file, base));
}

function notFound(
  name: string,
  files: readonly ConnectionFile[],
  candidates: readonly string[],
  base: { cwd: string; home: string },
): LakelabError {
  const names = new Map<string, string>([["local", "built-in"]]);
  for (const f of [...files].reverse()) for (const n of f.connections.keys()) names.set(n, f.source);
  const listed = [...names].map(([n, src]) => `${n} (${src})`).join(", ");
  const looked = candidates.map((c) => shortLocation(c, base));
  return new LakelabError(
    "CONNECTION_NOT_FOUND",
    `no connection named '${name}'; connections found: ${listed}; looked in ${looked.join(", ")}`,
    { context: { name, found: [...names.keys()], lookedIn: looked } },
  );
}

function nonEmpty(s: string | undefined): string | undefined {
  return s === undefined || s.trim() === "" ? undefined : s.trim();
}
