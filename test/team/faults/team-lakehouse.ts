/**
 * A team lakehouse for the fault tests: s3rver (test/support/s3-server.ts) holds the warehouse,
 * lakelab's SQL catalog on that S3 warehouse is served over REST by `serveCatalog`, which vends
 * the storage properties to its clients. Clients connect with `RestCatalog.connect` and get
 * their S3 settings only from the catalog, as a teammate's notebook would.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { inspect } from "node:util";
import { isLakelabError, type LakelabError } from "../../../src/errors";
import { RestCatalog, type RestCatalogOptions } from "../../../src/iceberg/catalog/rest";
import { type ServedCatalog, serveCatalog } from "../../../src/iceberg/catalog/rest-server";
import { SqlCatalog } from "../../../src/iceberg/catalog/sql/sql-catalog";
import { fileIOFor } from "../../../src/iceberg/io/file-io-for";
import { IcebergCatalog } from "../../../src/iceberg/table";
import { startS3Server, type TestS3Server } from "../../support/s3-server";

export interface TeamLakehouse {
  readonly s3: TestS3Server;
  /** The SQL catalog behind the server (what the server commits to). */
  readonly sql: SqlCatalog;
  /** `METHOD /path status` per request the catalog server answered. */
  readonly log: string[];
  readonly warehouse: string;
  /** The catalog server's URL (changes after `restartServer` only if the port was taken). */
  readonly url: string;
  /** A client as a teammate has it: REST catalog, S3 settings vended by the server. */
  client(options?: Partial<RestCatalogOptions>): Promise<IcebergCatalog>;
  /** Every object key under the warehouse, read straight from S3 (not through the catalog). */
  objects(prefix?: string): Promise<string[]>;
  /** Stops the catalog server and starts a new one on the same port (issued tokens are gone). */
  restartServer(): Promise<void>;
  close(): Promise<void>;
}

export interface TeamLakehouseOptions {
  /** Storage properties the server vends; default the ones that reach s3rver. */
  readonly vended?: (s3: TestS3Server) => Record<string, string> | Promise<Record<string, string>>;
  /** Storage properties of the server's own catalog; default the ones that reach s3rver. */
  readonly serverStorage?: (s3: TestS3Server) => Record<string, string>;
  /** Warehouse location; default `s3://team/wh`. */
  readonly warehouse?: string;
  readonly token?: string;
  readonly tokenTtlSeconds?: number;
}

/** Starts s3rver with bucket `team`, a SQL catalog on `s3://team/wh` and its REST server. */
export async function startTeamLakehouse(options: TeamLakehouseOptions = {}): Promise<TeamLakehouse> {
  const s3 = await startS3Server(["team"]);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lakelab-team-faults-"));
  const warehouse = options.warehouse ?? "s3://team/wh";
  const sql = new SqlCatalog({
    name: "team",
    uri: path.join(dir, "catalog.db"),
    warehouse,
    storage: options.serverStorage?.(s3) ?? s3.properties(),
  });
  const log: string[] = [];
  const vended = (await options.vended?.(s3)) ?? s3.properties();
  const serve = (port: number) =>
    serveCatalog({
      catalog: sql,
      port,
      storageProperties: vended,
      token: options.token,
      tokenTtlSeconds: options.tokenTtlSeconds,
      log: (line) => log.push(line),
    });
  let server: ServedCatalog = await serve(0);
  const port = Number(new URL(server.url).port);
  const clients: RestCatalog[] = [];
  return {
    s3,
    sql,
    log,
    warehouse,
    get url() {
      return server.url;
    },
    async client(o = {}) {
      const rest = await RestCatalog.connect({ uri: server.url, ...o });
      clients.push(rest);
      return new IcebergCatalog(rest);
    },
    async objects(prefix = warehouse) {
      return (await fileIOFor(s3.properties()).list(prefix)).map((f) => f.location).sort();
    },
    async restartServer() {
      await server.close();
      server = await serve(port);
    },
    async close() {
      for (const c of clients) c.close();
      await server.close();
      sql.close();
      await s3.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The LakelabError `fn` fails with (anything else fails the test). */
export async function failure(fn: () => Promise<unknown>): Promise<LakelabError> {
  try {
    await fn();
  } catch (err) {
    if (isLakelabError(err)) return err;
    throw err;
  }
  throw new Error("expected a LakelabError, got success");
}

/** Everything an error shows: message, stack, context, cause chain, inspect with hidden fields, JSON. */
export function everything(err: unknown): string {
  const parts: string[] = [];
  for (let e: unknown = err; e !== undefined && e !== null; e = (e as { cause?: unknown }).cause) {
    parts.push(inspect(e, { depth: Number.POSITIVE_INFINITY, showHidden: true }));
    parts.push(JSON.stringify(e, (_k, v) => (typeof v === "bigint" ? String(v) : v)) ?? "");
    parts.push(String((e as Error).stack), String((e as Error).message));
  }
  return parts.join("\n");
}

/** Rows tagged with their batch, so a partly committed batch would show. */
export function batchOf(batch: number, n = 3): { batch: bigint; idx: bigint; text: string }[] {
  return Array.from({ length: n }, (_, i) => ({
    batch: BigInt(batch),
    idx: BigInt(i),
    text: `batch ${batch} row ${i}`,
  }));
}

/** Sorted `batch/idx` keys of records. */
export function keysOf(rows: readonly Record<string, unknown>[]): string[] {
  return rows.map((r) => `${String(r.batch)}/${String(r.idx)}`).sort();
}
