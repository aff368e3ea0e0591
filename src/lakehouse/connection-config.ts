import * as path from "node:path";
import { parse } from "yaml";
import { LakelabError } from "../errors";

/** Iceberg-named properties (`s3.endpoint`, `credential`, `header.X-Tenant`, ...), as pyiceberg and Spark spell them. */
export type Properties = Readonly<Record<string, string>>;

/** The embedded catalog: a SQLite file (JDBC/pyiceberg schema) and a warehouse folder or `s3://` prefix. */
export interface SqlCatalogConfig {
  readonly type: "sql";
  /** Absolute warehouse directory or URI (`s3://bucket/prefix`). */
  readonly warehouse: string;
  /** The SQLite file; undefined = `<warehouse>/catalog.db` (required for an object-store warehouse). */
  readonly uri?: string;
  /** `catalog_name` in the catalog tables; undefined = the catalog's default. */
  readonly name?: string;
}

/** An Iceberg REST catalog (Polaris, Nessie, Lakekeeper, Glue, `lakelab catalog serve`, ...). */
export interface RestCatalogConfig {
  readonly type: "rest";
  readonly uri: string;
  /** The warehouse the server should serve (sent to `GET /v1/config`). */
  readonly warehouse?: string;
  readonly name?: string;
  /** `credential`, `token`, `scope`, `oauth2-server-uri`, `prefix`, `header.*`. */
  readonly properties: Properties;
}

export type CatalogConfig = SqlCatalogConfig | RestCatalogConfig;

/** Where one connection's lakehouse lives: an Iceberg catalog, its storage, and an MLflow tracking URI. */
export interface ConnectionConfig {
  readonly name: string;
  readonly catalog: CatalogConfig;
  /** Object-storage properties (`s3.endpoint`, `s3.region`, ...); a REST catalog's vended ones take precedence. */
  readonly storage: Properties;
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
    catalog: { type: "sql", warehouse: path.join(cwd, "warehouse") },
    storage: {},
    trackingUri: path.join(cwd, "mlruns"),
    source: "built-in",
  };
}

/**
 * Parses a `lakelab.yaml`. Values may name environment variables as `${VAR}`; they are
 * replaced when a connection is chosen (see `expandConnection`), so secrets stay out of the file.
 * ```yaml
 * default: team
 * connections:
 *   mine:
 *     warehouse: /shared/lake/warehouse   # the embedded catalog; relative paths are relative to this file
 *     tracking_uri: http://mlflow.internal:5000
 *   team:
 *     catalog:
 *       type: rest
 *       uri: https://catalog.example.com/api/catalog
 *       warehouse: analytics
 *       credential: ${ICEBERG_CLIENT_ID}:${ICEBERG_CLIENT_SECRET}
 *     storage:
 *       s3.endpoint: http://minio.internal:9000
 *     tracking_uri: https://mlflow.example.com
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
    throw invalid(source, "'connections' must map names to { catalog, storage, tracking_uri }");
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
  const where = `connection '${name}'`;
  if (!isRecord(raw)) throw invalid(source, `${where} must be a mapping with 'catalog' or 'warehouse'`);
  const tracking = raw.tracking_uri ?? "mlruns";
  if (typeof tracking !== "string" || tracking === "") {
    throw invalid(source, `${where}: 'tracking_uri' must be a path or URI string`);
  }
  const storage = raw.storage === undefined ? {} : properties(raw.storage, `${where}: 'storage'`, source);
  return {
    name,
    catalog: parseCatalog(raw, where, dir, source),
    storage,
    trackingUri: resolveLocation(tracking, dir),
    source,
  };
}

function parseCatalog(
  raw: Record<string, unknown>,
  where: string,
  dir: string,
  source: string,
): CatalogConfig {
  const catalog = raw.catalog;
  // The short form: `warehouse:` (+ `catalog: <name>`) is the embedded SQL catalog.
  if (catalog === undefined || typeof catalog === "string") {
    const warehouse = raw.warehouse;
    if (typeof warehouse !== "string" || warehouse === "") {
      throw invalid(source, `${where} needs 'warehouse' (a directory or URI) or a 'catalog' mapping`);
    }
    return { type: "sql", warehouse: resolveLocation(warehouse, dir), ...(catalog ? { name: catalog } : {}) };
  }
  const props = { ...properties(catalog, `${where}: 'catalog'`, source) };
  const take = (key: string): string | undefined => {
    const v = props[key];
    delete props[key];
    return v;
  };
  const type = take("type") ?? (props.uri?.startsWith("http") ? "rest" : "sql");
  const name = take("name");
  if (type === "rest") {
    const uri = take("uri");
    if (!uri) throw invalid(source, `${where}: a rest catalog needs 'uri' (the catalog's base URL)`);
    const warehouse = take("warehouse");
    return {
      type,
      uri,
      ...(warehouse !== undefined ? { warehouse } : {}),
      ...(name !== undefined ? { name } : {}),
      properties: props,
    };
  }
  if (type === "sql") {
    const warehouse = take("warehouse") ?? (typeof raw.warehouse === "string" ? raw.warehouse : undefined);
    if (!warehouse)
      throw invalid(source, `${where}: a sql catalog needs 'warehouse' (a directory or s3:// URI)`);
    const uri = take("uri");
    const unknown = Object.keys(props);
    if (unknown.length > 0) {
      throw invalid(
        source,
        `${where}: unknown sql catalog key(s) ${unknown.join(", ")}; expected warehouse, uri, name`,
      );
    }
    return {
      type,
      warehouse: resolveLocation(warehouse, dir),
      ...(uri !== undefined ? { uri: resolveLocation(uri.replace(/^sqlite:\/\/\//, "/"), dir) } : {}),
      ...(name !== undefined ? { name } : {}),
    };
  }
  throw invalid(source, `${where}: catalog type '${type}' is not one lakelab knows; use 'rest' or 'sql'`);
}

/**
 * A mapping of scalar values as `Record<string, string>`; nested mappings flatten to dotted keys,
 * so `s3: { endpoint: … }` and `s3.endpoint: …` mean the same.
 */
function properties(raw: unknown, what: string, source: string, prefix = ""): Record<string, string> {
  if (!isRecord(raw)) throw invalid(source, `${what} must be a mapping of names to values`);
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(raw)) {
    const key = `${prefix}${k}`;
    if (isRecord(v)) Object.assign(out, properties(v, what, source, `${key}.`));
    else if (typeof v === "string" || typeof v === "number" || typeof v === "boolean") out[key] = String(v);
    else throw invalid(source, `${what}: '${key}' must be a string, number or boolean`);
  }
  return out;
}

/** Plain relative paths resolve against `dir`; URIs (`file:`, `http:`, `s3:`, ...) stay as written. */
export function resolveLocation(location: string, dir: string): string {
  if (/^[a-zA-Z][a-zA-Z0-9+.-]*:/.test(location) && !/^[a-zA-Z]:[\\/]/.test(location)) return location;
  if (location.startsWith("${")) return location;
  return path.resolve(dir, location);
}

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === "object" && x !== null && !Array.isArray(x);
}

function invalid(source: string, what: string, cause?: unknown): LakelabError {
  return new LakelabError("CONFIG_INVALID", `${source} ${what}`, { context: { source }, cause });
}
