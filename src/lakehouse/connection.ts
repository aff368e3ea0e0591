import { type IcebergCatalog, openCatalog } from "../iceberg/table/iceberg-catalog";
import { shortLocation } from "../notebook/short-location";
import { MlflowClient } from "../tracking/client";
import * as mlflow from "../tracking/fluent";
import type { ConnectionConfig } from "./connection-config";
import { type LookupEnvironment, resolveConnectionConfig } from "./connection-lookup";

/** A lakehouse: an Iceberg catalog and the MLflow tracking store its runs go to. */
export interface Connection {
  readonly name: string;
  readonly catalog: IcebergCatalog;
  readonly tracking: MlflowClient;
  readonly config: ConnectionConfig;
  /** One line safe to print: name, source, short locations, no credentials. */
  describe(): string;
  toString(): string;
}

const open = new Map<string, Connection>();
let current: Connection | undefined;

/**
 * lakelab's `cmldata.get_connection(name)`: "local" (the default) is `./warehouse` + `./mlruns`;
 * other names come from lakelab.yaml / .lakelab.yaml (working directory, then home),
 * `LAKELAB_CONNECTION` picks one, `MLFLOW_TRACKING_URI` overrides tracking. The connection
 * becomes the current one: the fluent `mlflow` calls and the experiments use it.
 * @example const conn = await getConnection(); // or getConnection("team")
 */
export async function getConnection(name?: string, where: LookupEnvironment = {}): Promise<Connection> {
  const config = resolveConnectionConfig(name, where);
  const key = JSON.stringify([config.name, config.warehouse, config.catalogName, config.trackingUri]);
  let conn = open.get(key);
  if (conn === undefined) {
    const catalog = await openCatalog({
      warehouse: config.warehouse,
      ...(config.catalogName !== undefined ? { name: config.catalogName } : {}),
    });
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
  const describe = () =>
    `connection '${config.name}' (${config.source}): warehouse ${shortLocation(config.warehouse, base)}, ` +
    `tracking ${shortLocation(tracking.trackingUri, base)}`;
  return { name: config.name, catalog, tracking, config, describe, toString: describe };
}
