/**
 * A stand-in Iceberg REST catalog server for tests, on 127.0.0.1 at a random port. It records
 * every request (method, path, query, headers, body parsed bigint-safe) and answers with the
 * spec's shapes (open-api/rest-catalog-open-api.yaml): CatalogConfig, OAuthTokenResponse,
 * LoadTableResult with metadata-location and config, 204 for drops and HEAD, and
 * IcebergErrorResponse bodies `{ error: { message, type, code } }`.
 *
 * Less strict than a real catalog: tables live in memory, updates are applied as plain JSON
 * (stand-in-table-state.ts) without validating schemas or snapshots, one lock-free process
 * handles commits in arrival order, and `failNext` can inject any status for any route.
 */
import * as fs from "node:fs";
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { parseJson, stringifyJson } from "../../../../src/iceberg/spec/json";
import {
  applyJsonUpdates,
  emptyMetadata,
  failedRequirement,
  type Json,
  metadataFromCreate,
} from "./stand-in-table-state";

export interface Recorded {
  readonly method: string;
  readonly path: string;
  readonly query: URLSearchParams;
  readonly headers: http.IncomingHttpHeaders;
  readonly raw: string;
  readonly body: unknown;
}

interface Answer {
  readonly status: number;
  readonly body?: unknown;
}

interface Table {
  metadata: Json;
  location: string;
  version: number;
}

export class StandInRestCatalog {
  readonly requests: Recorded[] = [];
  config: { defaults: Json; overrides: Json; endpoints?: string[] } = { defaults: {}, overrides: {} };
  /** Routes carry `/v1/<prefix>/` when set (it should come to the client through config). */
  prefix = "";
  /** When set, every route but config's token needs `Authorization: Bearer <a valid token>`. */
  oauth: { clientId: string; clientSecret: string; expiresIn?: number } | undefined;
  readonly validTokens = new Set<string>();
  readonly issuedTokens: string[] = [];
  /** Listings page by this many when the client sends `pageToken`. */
  pageSize = 1000;
  /** `config` of every LoadTableResult (vended credentials). */
  tableConfig: Record<string, string> = {};
  /** `storage-credentials` of every LoadTableResult. */
  storageCredentials: { prefix: string; config: Record<string, string> }[] = [];
  readonly namespaces = new Map<string, Record<string, string>>();
  readonly tables = new Map<string, Table>();
  /** Runs (once) before the next commit is handled, e.g. another writer committing first. */
  beforeNextCommit: (() => Promise<void>) | undefined;
  private readonly injected: { method: string; path: RegExp; answer: Answer }[] = [];
  private server: http.Server | undefined;
  uri = "";

  async start(): Promise<string> {
    this.server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", async () => {
        const raw = Buffer.concat(chunks).toString("utf8");
        const hook = this.beforeNextCommit;
        if (hook && req.method === "POST" && /\/tables\/[^/]+$/.test(req.url ?? "")) {
          this.beforeNextCommit = undefined;
          await hook();
        }
        const answer = this.handle(req, raw);
        if (answer.status === 0) {
          res.socket?.destroy(); // the connection drops after the request was sent
          return;
        }
        const text = answer.body === undefined ? "" : stringifyJson(answer.body);
        res.writeHead(answer.status, text ? { "Content-Type": "application/json" } : {});
        res.end(req.method === "HEAD" ? undefined : text);
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, "127.0.0.1", resolve));
    this.uri = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this.uri;
  }

  async close(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }

  /** The next request matching `method` and `path` gets `status` instead of its normal answer (0: the connection drops). */
  failNext(method: string, path: RegExp, status: number, error?: { type: string; message: string }): void {
    const body = error ? { error: { ...error, code: status } } : undefined;
    this.injected.push({ method, path, answer: { status, body } });
  }

  /** Every token issued so far stops working (as after expiry or revocation). */
  revokeTokens(): void {
    this.validTokens.clear();
  }

  addToken(token: string): void {
    this.validTokens.add(token);
  }

  /** Requests other than the token exchange. */
  catalogRequests(): Recorded[] {
    return this.requests.filter((r) => !r.path.endsWith("/oauth/tokens"));
  }

  private handle(req: http.IncomingMessage, raw: string): Answer {
    const url = new URL(req.url ?? "/", "http://stand-in");
    const method = req.method ?? "GET";
    const form = (req.headers["content-type"] ?? "").includes("x-www-form-urlencoded");
    const body =
      raw === "" ? undefined : form ? Object.fromEntries(new URLSearchParams(raw)) : parseJson(raw);
    this.requests.push({
      method,
      path: url.pathname,
      query: url.searchParams,
      headers: req.headers,
      raw,
      body,
    });
    const i = this.injected.findIndex((x) => x.method === method && x.path.test(url.pathname));
    if (i >= 0) return this.injected.splice(i, 1)[0]!.answer;
    if (method === "POST" && url.pathname === "/v1/oauth/tokens") return this.token(body as Json);
    if (this.oauth || this.validTokens.size > 0) {
      const auth = req.headers.authorization ?? "";
      if (!auth.startsWith("Bearer ") || !this.validTokens.has(auth.slice(7))) {
        return error(401, "NotAuthorizedException", "Not authorized to make this request");
      }
    }
    if (method === "GET" && url.pathname === "/v1/config") return { status: 200, body: this.config };
    const root = this.prefix ? `/v1/${this.prefix}/` : "/v1/";
    if (!url.pathname.startsWith(root)) return error(404, "NotFoundException", `no route ${url.pathname}`);
    const parts = url.pathname.slice(root.length).split("/");
    return this.route(method, parts, url.searchParams, body as Json);
  }

  private token(form: Json): Answer {
    const o = this.oauth;
    if (!o || form.client_id !== o.clientId || form.client_secret !== o.clientSecret) {
      return {
        status: 401,
        body: { error: "invalid_client", error_description: "unknown client or wrong secret" },
      };
    }
    const token = `tok-${this.issuedTokens.length + 1}-${Math.random().toString(36).slice(2)}`;
    this.issuedTokens.push(token);
    this.validTokens.add(token);
    return {
      status: 200,
      body: {
        access_token: token,
        token_type: "bearer",
        issued_token_type: "urn:ietf:params:oauth:token-type:access_token",
        ...(o.expiresIn !== undefined ? { expires_in: o.expiresIn } : {}),
      },
    };
  }

  private route(method: string, parts: string[], q: URLSearchParams, body: Json): Answer {
    const [first, nsRaw, sub, tableRaw] = parts;
    if (first === "tables" && nsRaw === "rename" && method === "POST") return this.rename(body);
    if (first !== "namespaces") return error(404, "NotFoundException", `no route ${parts.join("/")}`);
    if (nsRaw === undefined) {
      if (method === "GET") return this.listNamespaces(q);
      if (method === "POST") return this.createNamespace(body);
    }
    const ns = decodeNamespace(nsRaw ?? "");
    if (sub === undefined) {
      if (!this.namespaces.has(ns)) return noNamespace(ns);
      if (method === "HEAD") return { status: 204 };
      if (method === "GET")
        return { status: 200, body: { namespace: ns.split("\u001f"), properties: this.namespaces.get(ns) } };
      if (method === "DELETE") {
        if ([...this.tables.keys()].some((k) => k.startsWith(`${ns}\u0000`)))
          return error(409, "NamespaceNotEmptyException", `Namespace ${show(ns)} is not empty`);
        this.namespaces.delete(ns);
        return { status: 204 };
      }
    }
    if (!this.namespaces.has(ns)) return noNamespace(ns);
    if (sub === "properties" && method === "POST") {
      const props = this.namespaces.get(ns)!;
      for (const k of (body.removals as string[]) ?? []) delete props[k];
      Object.assign(props, body.updates ?? {});
      return {
        status: 200,
        body: { updated: Object.keys((body.updates as Json) ?? {}), removed: body.removals ?? [] },
      };
    }
    if (sub === "register" && method === "POST") return this.register(ns, body);
    if (sub !== "tables") return error(404, "NotFoundException", `no route ${parts.join("/")}`);
    if (tableRaw === undefined) {
      if (method === "GET") return this.listTables(ns, q);
      if (method === "POST") return this.createTable(ns, body);
    }
    const key = `${ns}\u0000${decodeURIComponent(tableRaw ?? "")}`;
    const table = this.tables.get(key);
    if (method === "POST") return this.commit(key, body);
    if (!table) return error(404, "NoSuchTableException", `Table does not exist: ${show(key)}`);
    if (method === "HEAD") return { status: 204 };
    if (method === "GET") return { status: 200, body: this.result(table) };
    if (method === "DELETE") {
      this.tables.delete(key);
      if (q.get("purgeRequested") === "true")
        fs.rmSync(localPath(table.metadata.location as string), { recursive: true, force: true });
      return { status: 204 };
    }
    return error(400, "BadRequestException", `unsupported ${method}`);
  }

  private listNamespaces(q: URLSearchParams): Answer {
    const parent = q.get("parent");
    const all = [...this.namespaces.keys()].map((k) => k.split("\u001f"));
    const depth = parent ? parent.split("\u001f").length + 1 : 1;
    const items = all.filter(
      (p) => p.length === depth && (!parent || p.slice(0, -1).join("\u001f") === parent),
    );
    return { status: 200, body: this.page("namespaces", items, q) };
  }

  private listTables(ns: string, q: URLSearchParams): Answer {
    const items = [...this.tables.keys()]
      .filter((k) => k.startsWith(`${ns}\u0000`))
      .map((k) => ({ namespace: ns.split("\u001f"), name: k.split("\u0000")[1] }));
    return { status: 200, body: this.page("identifiers", items, q) };
  }

  private page(key: string, items: unknown[], q: URLSearchParams): Json {
    if (!q.has("pageToken")) return { [key]: items };
    const from = Number(q.get("pageToken") || "0");
    const size = Math.min(this.pageSize, Number(q.get("pageSize") ?? this.pageSize));
    const next = from + size < items.length ? String(from + size) : null;
    return { [key]: items.slice(from, from + size), "next-page-token": next };
  }

  private createNamespace(body: Json): Answer {
    const ns = (body.namespace as string[]).join("\u001f");
    if (this.namespaces.has(ns))
      return error(409, "AlreadyExistsException", `Namespace already exists: ${show(ns)}`);
    this.namespaces.set(ns, { ...((body.properties as Record<string, string>) ?? {}) });
    return { status: 200, body: { namespace: body.namespace, properties: body.properties ?? {} } };
  }

  private createTable(ns: string, body: Json): Answer {
    const key = `${ns}\u0000${body.name as string}`;
    if (this.tables.has(key))
      return error(409, "AlreadyExistsException", `Table already exists: ${show(key)}`);
    const location =
      (body.location as string | undefined) ?? `file:///tmp/stand-in/${ns}/${body.name as string}`;
    const metadata = metadataFromCreate(body, location);
    // A staged create is not a table yet: the commit with assert-create makes it one.
    if (body["stage-create"] === true) return { status: 200, body: { metadata, config: this.tableConfig } };
    const table = this.store(key, { metadata, location, version: 0 });
    return { status: 200, body: this.result(table) };
  }

  private commit(key: string, body: Json): Answer {
    const table = this.tables.get(key);
    const requirements = body.requirements as Json[];
    const creating = requirements.some((r) => r.type === "assert-create");
    if (!table && !creating) return error(404, "NoSuchTableException", `Table does not exist: ${show(key)}`);
    const failed = failedRequirement(table?.metadata, requirements);
    if (failed) return error(409, "CommitFailedException", failed);
    const metadata = applyJsonUpdates(table?.metadata ?? emptyMetadata(), body.updates as Json[]);
    const next = this.store(key, {
      metadata,
      location: metadata.location as string,
      version: (table?.version ?? -1) + 1,
    });
    const { config: _c, ...committed } = this.result(next);
    return { status: 200, body: committed };
  }

  private register(ns: string, body: Json): Answer {
    const key = `${ns}\u0000${body.name as string}`;
    if (this.tables.has(key))
      return error(409, "AlreadyExistsException", `Table already exists: ${show(key)}`);
    const at = body["metadata-location"] as string;
    const metadata = parseJson(fs.readFileSync(localPath(at), "utf8")) as Json;
    const table: Table = { metadata, location: at, version: 0 };
    this.tables.set(key, table);
    return { status: 200, body: this.result(table) };
  }

  private rename(body: Json): Answer {
    const id = (x: unknown) => {
      const t = x as { namespace: string[]; name: string };
      return `${t.namespace.join("\u001f")}\u0000${t.name}`;
    };
    const from = id(body.source);
    const to = id(body.destination);
    const table = this.tables.get(from);
    if (!table) return error(404, "NoSuchTableException", `Table does not exist: ${show(from)}`);
    if (this.tables.has(to)) return error(409, "AlreadyExistsException", `Table already exists: ${show(to)}`);
    this.tables.delete(from);
    this.tables.set(to, table);
    return { status: 204 };
  }

  /** Writes the metadata file, as a catalog does before answering a commit. */
  private store(key: string, t: Table): Table {
    const base = (t.metadata.location as string).replace(/\/+$/, "");
    t.location = `${base}/metadata/${String(t.version).padStart(5, "0")}-${crypto.randomUUID()}.metadata.json`;
    if (t.location.startsWith("file:")) {
      fs.mkdirSync(path.dirname(localPath(t.location)), { recursive: true });
      fs.writeFileSync(localPath(t.location), stringifyJson(t.metadata, 2));
    }
    this.tables.set(key, t);
    return t;
  }

  private result(t: Table): Json {
    return {
      "metadata-location": t.location,
      metadata: t.metadata,
      config: this.tableConfig,
      ...(this.storageCredentials.length > 0 ? { "storage-credentials": this.storageCredentials } : {}),
    };
  }
}

function decodeNamespace(raw: string): string {
  return raw
    .split(/%1F/i)
    .map((p) => decodeURIComponent(p))
    .join("\u001f");
}

function localPath(location: string): string {
  return location.startsWith("file:") ? fileURLToPath(location) : location;
}

function show(key: string): string {
  return key.split("\u001f").join(".").split("\u0000").join(".");
}

function noNamespace(ns: string): Answer {
  return error(404, "NoSuchNamespaceException", `Namespace does not exist: ${show(ns)}`);
}

function error(status: number, type: string, message: string): Answer {
  return { status, body: { error: { message, type, code: status } } };
}
