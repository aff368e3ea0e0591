import * as fs from "node:fs";
import * as path from "node:path";
import { LakelabError } from "../src/errors";
import { serveCatalog } from "../src/iceberg/catalog/rest-server";
import { SqlCatalog } from "../src/iceberg/catalog/sql/sql-catalog";
import { fileIOFor, locationScheme } from "../src/iceberg/io/file-io-for";

export const CATALOG_USAGE = `usage: lakelab catalog serve --warehouse DIR|s3://bucket/prefix [--port 8181] [--host 127.0.0.1]
       [-p key=value]... [--token-file FILE] [--catalog-db FILE] [--name NAME]

Serves the warehouse's SQL catalog as an Iceberg REST catalog (pyiceberg, Spark, lakelab's REST
client). The catalog database is <warehouse>/catalog.db for a local warehouse; an s3:// warehouse
needs --catalog-db (default ./catalog.db). -p sets storage properties (s3.endpoint, s3.region,
s3.access-key-id, ...), handed to clients that ask for vended credentials. With --token-file every
request needs 'Authorization: Bearer <the file's content>'; content of the form id:secret also
lets clients exchange those client credentials at /v1/oauth/tokens. Port 0 picks a free port.
Stops on SIGINT or SIGTERM.`;

export interface CatalogServeArgs {
  readonly warehouse: string;
  readonly port: number;
  readonly host: string;
  readonly properties: Record<string, string>;
  readonly tokenFile?: string;
  readonly catalogDb: string;
  readonly name: string;
}

/** Parses `catalog serve` options; INVALID_ARGUMENT names the bad one. */
export function parseCatalogServeArgs(args: readonly string[]): CatalogServeArgs {
  const values: Record<string, string> = {};
  const properties: Record<string, string> = {};
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const eq = arg.indexOf("=");
    const [flag, inline] =
      arg.startsWith("--") && eq > 0 ? [arg.slice(0, eq), arg.slice(eq + 1)] : [arg, undefined];
    const value = (): string => {
      const v = inline ?? args[++i];
      if (v === undefined) throw usage(`option '${flag}' needs a value`);
      return v;
    };
    if (flag === "-p" || flag === "--property") {
      const kv = value();
      const at = kv.indexOf("=");
      if (at <= 0) throw usage("-p takes key=value (an argument without a key or '=' was given)");
      properties[kv.slice(0, at)] = kv.slice(at + 1);
    } else if (["--warehouse", "--port", "--host", "--token-file", "--catalog-db", "--name"].includes(flag)) {
      values[flag.slice(2)] = value();
    } else {
      throw usage(`unknown option '${flag}'`);
    }
  }
  const warehouse = values.warehouse;
  if (!warehouse) throw usage("--warehouse is required");
  const port = Number(values.port ?? "8181");
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw usage(`--port must be 0..65535, got '${values.port}'`);
  const local = locationScheme(warehouse) === "file";
  const catalogDb =
    values["catalog-db"] ?? (local ? path.join(path.resolve(warehouse), "catalog.db") : "catalog.db");
  return {
    warehouse,
    port,
    host: values.host ?? "127.0.0.1",
    properties,
    ...(values["token-file"] !== undefined ? { tokenFile: values["token-file"] } : {}),
    catalogDb: path.resolve(catalogDb),
    name: values.name ?? "default",
  };
}

/** Runs the server until SIGINT/SIGTERM; prints the URL it listens on. Resolves with the exit code. */
export async function catalogServe(args: CatalogServeArgs): Promise<number> {
  const token = args.tokenFile === undefined ? undefined : readToken(args.tokenFile);
  const catalog = new SqlCatalog({
    name: args.name,
    uri: args.catalogDb,
    warehouse: args.warehouse,
    io: fileIOFor(args.properties),
  });
  try {
    // SqlCatalog keeps s3:// warehouses as given; another object store it would take for a local path: refuse.
    if (locationScheme(catalog.warehouse) !== locationScheme(args.warehouse)) {
      throw new LakelabError(
        "NOT_SUPPORTED",
        `this build's SQL catalog cannot keep a ${locationScheme(args.warehouse)}:// warehouse (${args.warehouse})`,
        { context: { warehouse: args.warehouse } },
      );
    }
    const server = await serveCatalog({
      catalog,
      host: args.host,
      port: args.port,
      storageProperties: args.properties,
      ...(token !== undefined ? { token } : {}),
      // request lines stay quiet; failures the server did not expect go to stderr
      log: (line) => {
        if (line.startsWith("error:")) console.error(line);
      },
    });
    console.log(
      `lakelab catalog serving ${server.url} (warehouse ${args.warehouse}, catalog ${args.catalogDb})`,
    );
    const signal = await new Promise<string>((resolve) => {
      process.once("SIGINT", () => resolve("SIGINT"));
      process.once("SIGTERM", () => resolve("SIGTERM"));
    });
    await server.close();
    console.log(`lakelab catalog stopped (${signal})`);
    return 0;
  } finally {
    catalog.close();
  }
}

function readToken(file: string): string {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (err) {
    throw new LakelabError("INVALID_ARGUMENT", `cannot read the token file ${file}`, { cause: err });
  }
  const token = text.trim();
  if (!token) throw new LakelabError("INVALID_ARGUMENT", `the token file ${file} is empty`);
  return token;
}

function usage(message: string): LakelabError {
  return new LakelabError("INVALID_ARGUMENT", `${message}\n${CATALOG_USAGE}`);
}
