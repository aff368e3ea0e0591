import * as http from "node:http";
import type { AddressInfo } from "node:net";
import { LakelabError } from "../../../errors";
import type { Catalog } from "../catalog";
import { BearerAuth } from "./bearer-auth";
import { NAMESPACE_ROUTES } from "./namespace-routes";
import { handleTokenRequest } from "./oauth-tokens";
import { restErrorJson, toRestError } from "./rest-error";
import { catalogConfigJson } from "./rest-responses.serde";
import type { RestResponse, ServerContext } from "./rest-route";
import { matchRoute } from "./route-matcher";
import { TABLE_ROUTES } from "./table-routes";

export interface ServeCatalogOptions {
  readonly catalog: Catalog;
  /** Default 127.0.0.1: the catalog is only reachable from this machine unless told otherwise. */
  readonly host?: string;
  /** Default 8181 (the port Iceberg's REST fixtures use); 0 picks a free one. */
  readonly port?: number;
  /** Optional path prefix announced in `/v1/config` overrides (`/v1/{prefix}/namespaces`). */
  readonly prefix?: string;
  /** Storage properties handed out on `X-Iceberg-Access-Delegation: vended-credentials`. */
  readonly storageProperties?: Readonly<Record<string, string>>;
  /** Shared secret: a bearer token, and in `id:secret` form client credentials for `/v1/oauth/tokens`. */
  readonly token?: string;
  /** Lifetime of exchanged tokens (default 3600 s). */
  readonly tokenTtlSeconds?: number;
  /** One line per request (method, path, status); never headers, bodies or tokens. */
  readonly log?: (line: string) => void;
}

export interface ServedCatalog {
  /** `http://host:port` with the real port. */
  readonly url: string;
  /** Stops accepting requests and resolves once open connections are closed; the catalog stays open. */
  close(): Promise<void>;
}

const ROUTES = [...NAMESPACE_ROUTES, ...TABLE_ROUTES];
const MAX_BODY_BYTES = 64 << 20;

/** The `endpoints` list of `/v1/config`: every operation this server answers. */
export const SUPPORTED_ENDPOINTS: readonly string[] = ROUTES.map((r) => `${r.method} ${r.template}`);

/**
 * Serves `catalog` as an Iceberg REST catalog (open-api/rest-catalog-open-api.yaml).
 * @example const server = await serveCatalog({ catalog, port: 0 }); // server.url → http://127.0.0.1:41234
 */
export async function serveCatalog(options: ServeCatalogOptions): Promise<ServedCatalog> {
  const ctx: ServerContext = { catalog: options.catalog, storageProperties: options.storageProperties ?? {} };
  const auth =
    options.token !== undefined
      ? new BearerAuth(options.token, { ttlSeconds: options.tokenTtlSeconds })
      : undefined;
  const server = http.createServer((req, res) => {
    void respond(ctx, options, auth, req).then((answer) => {
      options.log?.(`${req.method} ${(req.url ?? "").split("?")[0]} ${answer.status}`);
      const headers: http.OutgoingHttpHeaders = {};
      if (answer.body !== undefined) headers["content-type"] = answer.contentType ?? "application/json";
      res.writeHead(answer.status, headers);
      res.end(req.method === "HEAD" ? undefined : answer.body);
    });
  });
  const host = options.host ?? "127.0.0.1";
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 8181, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host.includes(":") ? `[${host}]` : host}:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeIdleConnections();
      }),
  };
}

type Answer = RestResponse & { readonly contentType?: string };

async function respond(
  ctx: ServerContext,
  options: ServeCatalogOptions,
  auth: BearerAuth | undefined,
  req: http.IncomingMessage,
): Promise<Answer> {
  try {
    const url = new URL(req.url ?? "/", "http://catalog");
    const method = req.method ?? "GET";
    const body = await readBody(req);
    if (url.pathname === "/v1/oauth/tokens" && method === "POST" && auth) {
      return handleTokenRequest(auth, body, req.headers.authorization);
    }
    auth?.check(req.headers.authorization);
    if (url.pathname === "/v1/config" && method === "GET") {
      const overrides: Record<string, string> = options.prefix ? { prefix: options.prefix } : {};
      return { status: 200, body: catalogConfigJson(overrides, {}, SUPPORTED_ENDPOINTS) };
    }
    const match = matchRoute(ROUTES, method, url.pathname, options.prefix);
    if (!match) {
      throw new LakelabError("ENDPOINT_NOT_FOUND", `no endpoint ${method} ${url.pathname}`, {
        context: { method },
      });
    }
    return await match.route.handle(ctx, {
      namespace: match.namespace,
      table: match.table,
      query: url.searchParams,
      headers: req.headers,
      body,
    });
  } catch (err) {
    const e = toRestError(err);
    if (e.status >= 500) options.log?.(`error: ${err instanceof Error ? err.stack : String(err)}`);
    return { status: e.status, body: restErrorJson(e) };
  }
}

async function readBody(req: http.IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES)
      throw new LakelabError("BAD_REQUEST", `request body exceeds ${MAX_BODY_BYTES} bytes`);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString("utf8");
}
