import * as path from "node:path";
import { parse } from "yaml";
import { LakelabError } from "../errors";

/** Where one connection's lakehouse lives: an Iceberg warehouse and an MLflow tracking URI. */
export interface ConnectionConfig {
  readonly name: string;
  /** Absolute warehouse directory or URI. */
  readonly warehouse: string;
  /** Catalog name inside the SQL catalog (the `catalog_name` column); undefined = the catalog's default. */
  readonly catalogName?: string;
  /** MLflow tracking URI: a file store path / `file:` URI, or `http(s)://`. */
  readonly trackingUri: string;
  /** Where the entry came from, for messages: "built-in", "./lakelab.yaml", "~/.lakelab.yaml". */
  readonly source: string;
}

/** The connections one config file defines, plus its `default` name if it sets one. */
export interface ConnectionFile {
  readonly source: string;
  readonly defaultName?: string;
  readonly connections: ReadonlyMap<string, ConnectionConfig>;
}

/** The built-in "local" connection: `./warehouse` (SQLite catalog) and MLflow `./mlruns` under `cwd`. */
export function localConnection(cwd: string): ConnectionConfig {
  return {
    name: "local",
    warehouse: path.join(cwd, "warehouse"),
    trackingUri: path.join(cwd, "mlruns"),
    source: "built-in",
  };
}

/**
 * Parses a `lakelab.yaml`:
 * ```yaml
 * default: team
 * connections:
 *   team:
 *     warehouse: /shared/lake/warehouse   # relative paths are relative to this file
 *     tracking_uri: http://mlflow.internal:5000
 *     catalog: lakelab                     # optional
 * ```
 */
export function parseConnectionFile(text: string, file: string, source: string): ConnectionFile {
  let doc: unknown;
  try {
    doc = parse(text);
  } catch (err) {
    throw invalid(source, `is not valid YAML (${(err as Error).message.split("\n")[0]})`, err);
  }
  if (doc === null || doc === undefined) return { source, connections: new Map() };
  if (!isRecord(doc)) throw invalid(source, "must be a mapping with a 'connections' key");
  const dir = path.dirname(file);
  const connections = new Map<string, ConnectionConfig>();
  const entries = doc.connections ?? {};
  if (!isRecord(entries))
    throw invalid(source, "'connections' must map names to { warehouse, tracking_uri }");
  for (const [name, raw] of Object.entries(entries)) {
    connections.set(name, parseEntry(name, raw, dir, source));
  }
  const defaultName = doc.default;
  if (defaultName !== undefined && typeof defaultName !== "string") {
    throw invalid(source, "'default' must be a connection name (a string)");
  }
  return { source, defaultName, connections };
}

function parseEntry(name: string, raw: unknown, dir: string, source: string): ConnectionConfig {
  if (!isRecord(raw)) throw invalid(source, `connection '${name}' must be a mapping with a 'warehouse' key`);
  const warehouse = raw.warehouse;
  if (typeof warehouse !== "string" || warehouse === "") {
    throw invalid(source, `connection '${name}' needs 'warehouse' (a directory or file:// URI)`);
  }
  const tracking = raw.tracking_uri ?? "mlruns";
  if (typeof tracking !== "string" || tracking === "") {
    throw invalid(source, `connection '${name}': 'tracking_uri' must be a path or URI string`);
  }
  const catalogName = raw.catalog;
  if (catalogName !== undefined && typeof catalogName !== "string") {
    throw invalid(source, `connection '${name}': 'catalog' must be a catalog name (a string)`);
  }
  return {
    name,
    warehouse: resolveLocation(warehouse, dir),
    catalogName,
    trackingUri: resolveLocation(tracking, dir),
    source,
  };
}

/** Plain relative paths resolve against `dir`; URIs (`file:`, `http:`, ...) stay as written. */
export function resolveLocation(location: string, dir: string): string {
  if (/^[a-zA-Z][a-zA-Z0-9+.-]*:/.test(location) && !/^[a-zA-Z]:[\\/]/.test(location)) return location;
  return path.resolve(dir, location);
}

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === "object" && x !== null && !Array.isArray(x);
}

function invalid(source: string, what: string, cause?: unknown): LakelabError {
  return new LakelabError("CONFIG_INVALID", `${source} ${what}`, { context: { source }, cause });
}
