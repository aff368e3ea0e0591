import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { SqlCatalog } from "../../../../src/iceberg/catalog";
import { type ServeCatalogOptions, serveCatalog } from "../../../../src/iceberg/catalog/rest-server";
import { parseJson } from "../../../../src/iceberg/spec/json";

export interface ServerEnv {
  readonly dir: string;
  readonly warehouse: string;
  readonly dbFile: string;
  readonly catalog: SqlCatalog;
  readonly url: string;
  /** The server's request log: `METHOD /path status` per request. */
  readonly log: string[];
  close(): Promise<void>;
}

/** A fresh warehouse with its SQL catalog served over REST on a free port. */
export async function servedWarehouse(options: Partial<ServeCatalogOptions> = {}): Promise<ServerEnv> {
  const dir = mkdtempSync(path.join(tmpdir(), "lakelab-rest-"));
  const warehouse = path.join(dir, "warehouse");
  const dbFile = path.join(warehouse, "catalog.db");
  const catalog = new SqlCatalog({ name: "default", uri: dbFile, warehouse });
  const log: string[] = [];
  const server = await serveCatalog({ log: (line) => log.push(line), ...options, catalog, port: 0 });
  return {
    dir,
    warehouse,
    dbFile,
    catalog,
    url: server.url,
    log,
    async close() {
      await server.close();
      catalog.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface HttpAnswer {
  readonly status: number;
  readonly text: string;
  readonly headers: Headers;
  /** The body parsed bigint-safe (undefined when empty). */
  readonly json: unknown;
}

/** One raw HTTP request; `body` objects are sent as JSON text. */
export async function call(
  url: string,
  method: string,
  pathAndQuery: string,
  options: { body?: unknown; headers?: Record<string, string> } = {},
): Promise<HttpAnswer> {
  const body =
    options.body === undefined
      ? undefined
      : typeof options.body === "string"
        ? options.body
        : JSON.stringify(options.body);
  const res = await fetch(`${url}${pathAndQuery}`, {
    method,
    headers: { ...(body !== undefined ? { "content-type": "application/json" } : {}), ...options.headers },
    body,
  });
  const text = await res.text();
  return {
    status: res.status,
    text,
    headers: res.headers,
    json: text ? parseJson(text, "response") : undefined,
  };
}
