import { LakelabError } from "../../../errors";
import type { JsonValue } from "../../spec/json";
import { type Endpoint, SupportedEndpoints } from "./endpoints";
import { OAuth2Auth } from "./oauth2-auth";
import type { ErrorMeaning } from "./rest-errors";
import { type RestAnswer, type RestCall, RestHttpClient } from "./rest-http-client";
import { type Page, parseCatalogConfig } from "./rest-messages.serde";
import { DEFAULT_NAMESPACE_SEPARATOR, RestPaths } from "./rest-paths";
import {
  headerProperties,
  mergeProperties,
  type Properties,
  Secrets,
  safeUri,
  secretValues,
} from "./rest-properties";

export interface RestCatalogOptions {
  /** The catalog server, e.g. `http://127.0.0.1:8181` (routes are `<uri>/v1/...`). */
  readonly uri: string;
  /** The catalog's name in lakelab (default `rest`). */
  readonly name?: string;
  /** Sent as `GET /v1/config?warehouse=`; a location or a warehouse name, as the server expects. */
  readonly warehouse?: string;
  /** Iceberg catalog properties: `credential`, `token`, `scope`, `oauth2-server-uri`, `header.*`, `prefix`, `s3.*`, `rest-page-size`. */
  readonly properties?: Properties;
  /** Budget for the first request, before the server ever answered (default 5000 ms). */
  readonly firstContactTimeoutMs?: number;
  /** Budget for later requests (default 60000 ms). */
  readonly timeoutMs?: number;
  /** The clock token expiry is measured on (tests pass their own). */
  readonly now?: () => number;
}

/**
 * One authenticated conversation with a catalog server after `GET /v1/config`: the merged
 * properties, the supported endpoints, the route paths, and calls checked against them.
 */
export class RestSession {
  readonly paths: RestPaths;

  private constructor(
    readonly properties: Properties,
    readonly http: RestHttpClient,
    readonly endpoints: SupportedEndpoints,
  ) {
    const separator = properties["namespace-separator"] || DEFAULT_NAMESPACE_SEPARATOR;
    this.paths = new RestPaths(properties.prefix ?? "", separator);
  }

  /** Authenticates, reads `GET /v1/config` and merges defaults < client properties < overrides. */
  static async open(options: RestCatalogOptions): Promise<RestSession> {
    const uri = options.uri ?? "";
    if (!/^https?:\/\/[^/]/i.test(uri)) {
      throw new LakelabError(
        "CONFIG_INVALID",
        `the REST catalog uri '${safeUri(uri)}' is not an http(s):// URL`,
        {
          context: { uri: safeUri(uri) },
        },
      );
    }
    const client: Properties = {
      ...options.properties,
      uri,
      ...(options.warehouse !== undefined ? { warehouse: options.warehouse } : {}),
    };
    const secrets = new Secrets();
    secrets.add(...secretValues(client), userinfoPassword(uri));
    const auth = new OAuth2Auth({
      ...(client.token !== undefined ? { token: client.token } : {}),
      ...(client.credential !== undefined ? { credential: client.credential } : {}),
      scope: client.scope ?? "catalog",
      tokenUri: client["oauth2-server-uri"] ?? `${uri.replace(/\/+$/, "")}/v1/oauth/tokens`,
      now: options.now ?? Date.now,
      secrets,
    });
    let properties = client;
    const http = (baseUri: string) =>
      new RestHttpClient({
        baseUri,
        auth,
        secrets,
        headers: () => headerProperties(properties),
        ...(options.firstContactTimeoutMs !== undefined
          ? { firstContactTimeoutMs: options.firstContactTimeoutMs }
          : {}),
        ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
      });
    const first = http(uri);
    const answer = await first.request({
      method: "GET",
      path: "/v1/config",
      query: { warehouse: options.warehouse },
      meaning: { notFound: "CONFIG_INVALID" },
    });
    const config = parseCatalogConfig(answer.body ?? {}, `GET /v1/config of ${first.shownUri}`);
    properties = mergeProperties(config.defaults, client, config.overrides);
    secrets.add(...secretValues(properties));
    // An override of `uri` moves every later request to it, as in pyiceberg.
    const moved = properties.uri && properties.uri !== uri ? http(properties.uri) : first;
    return new RestSession(properties, moved, new SupportedEndpoints(config.endpoints, moved.shownUri));
  }

  /** Sends `call` if the server lists `endpoint`; NOT_SUPPORTED otherwise, before any request. */
  async call(endpoint: Endpoint, call: RestCall): Promise<RestAnswer> {
    this.endpoints.require(endpoint);
    return this.http.request(call);
  }

  /** Every page of a listing: `pageToken`/`pageSize` when `rest-page-size` is set, `next-page-token` until null. */
  async pages<T>(
    endpoint: Endpoint,
    path: string,
    parse: (v: JsonValue, source: string) => Page<T>,
    query: Readonly<Record<string, string>>,
    notFound: ErrorMeaning["notFound"],
  ): Promise<T[]> {
    const size = this.properties["rest-page-size"];
    const out: T[] = [];
    // An empty pageToken tells a paging server the client pages (the spec's PageToken).
    let token: string | undefined = size ? "" : undefined;
    const seen = new Set<string>();
    for (;;) {
      const res = await this.call(endpoint, {
        method: "GET",
        path,
        query: {
          ...query,
          ...(token !== undefined ? { pageToken: token } : {}),
          ...(size ? { pageSize: size } : {}),
        },
        meaning: { notFound },
      });
      const page = parse(res.body ?? {}, `GET ${path}`);
      out.push(...page.items);
      // A server repeating a token would loop forever: stop at the first repeat.
      if (!page.nextPageToken || seen.has(page.nextPageToken)) return out;
      seen.add(page.nextPageToken);
      token = page.nextPageToken;
    }
  }
}

function userinfoPassword(uri: string): string | undefined {
  try {
    return decodeURIComponent(new URL(uri).password) || undefined;
  } catch {
    return undefined;
  }
}
