import { inspect } from "node:util";
import type { IcebergCatalog } from "../iceberg/table/iceberg-catalog";
import { redactUri, shortLocation } from "../notebook/short-location";
import { MlflowClient } from "../tracking/client";
import * as mlflow from "../tracking/fluent";
import type { ConnectionConfig } from "./connection-config";
import { type LookupEnvironment, resolveConnectionConfig } from "./connection-lookup";
import { maskedProperties, maskProperties } from "./connection-secrets";
import { openConnectionCatalog } from "./open-connection-catalog";

/** A lakehouse: an Iceberg catalog and the MLflow tracking store its runs go to. */
export interface Connection {
  readonly name: string;
  readonly catalog: IcebergCatalog;
  readonly tracking: MlflowClient;
  /** The connection's settings, secrets masked (`***`): safe to print. */
  readonly config: ConnectionConfig;
  /** One line safe to print: name, source, short locations, no credentials. */
  describe(): string;
  toString(): string;
}

const open = new Map<string, Connection>();
let current: Connection | undefined;

/**
 * lakelab's `cmldata.get_connection(name)`: "local" (the default) is `./warehouse` + `./mlruns`;
 * other names come from lakelab.yaml / .lakelab.yaml (working directory, then home): the
 * embedded SQL catalog or a REST catalog, with object storage and a tracking URI. Without a
 * name, `LAKELAB_CONNECTION`, then the yaml's `default`, then "local" is used;
 * `MLFLOW_TRACKING_URI` overrides tracking. The connection
 * becomes the current one: the fluent `mlflow` calls and the experiments use it.
 * @example const conn = await getConnection(); // or getConnection("team")
 */
export async function getConnection(name?: string, where: LookupEnvironment = {}): Promise<Connection> {
  const config = resolveConnectionConfig(name, where);
  const key = JSON.stringify([config.name, config.catalog, config.storage, config.trackingUri]);
  let conn = open.get(key);
  if (conn === undefined) {
    const catalog = await openConnectionCatalog(config.catalog, config.storage);
    conn = makeConnection(config, catalog, new MlflowClient(config.trackingUri), where);
    open.set(key, conn);
  }
  current = conn;
  mlflow.setTrackingUri(config.trackingUri); // the client shows its URI masked
  return conn;
}

/** The connection last returned by `getConnection`, else the default one. */
export async function currentConnection(): Promise<Connection> {
  return current ?? getConnection();
}

/** Closes every open connection's catalog and forgets them (tests, kernel restarts). */
export function closeConnections(): void {
  for (const conn of open.values()) conn.catalog.close();
  open.clear();
  current = undefined;
}

function makeConnection(
  config: ConnectionConfig,
  catalog: IcebergCatalog,
  tracking: MlflowClient,
  where: LookupEnvironment,
): Connection {
  const base = { cwd: where.cwd ?? process.cwd(), ...(where.home !== undefined ? { home: where.home } : {}) };
  const c = config.catalog;
  const catalogPart =
    c.type === "sql"
      ? `warehouse ${shortLocation(c.warehouse, base)}`
      : `catalog ${shortLocation(c.uri, base)}` +
        (c.warehouse !== undefined || Object.keys(c.properties).length > 0
          ? ` (${maskedProperties({ ...(c.warehouse !== undefined ? { warehouse: c.warehouse } : {}), ...c.properties })})`
          : "");
  const storagePart =
    Object.keys(config.storage).length > 0 ? `, storage ${maskedProperties(config.storage)}` : "";
  const text = `connection '${config.name}' (${config.source}): ${catalogPart}${storagePart}, tracking ${shortLocation(tracking.trackingUri, base)}`;
  const describe = () => text;
  const shown: ConnectionConfig = {
    ...config,
    catalog: c.type === "rest" ? { ...c, properties: maskProperties(c.properties) } : c,
    storage: maskProperties(config.storage),
    trackingUri: redactUri(config.trackingUri),
  };
  return {
    name: config.name,
    catalog,
    tracking,
    config: shown,
    describe,
    toString: describe,
    // a cell that ends in `conn` prints this line, never the objects behind it
    [inspect.custom]: describe,
  } as Connection;
}
