import type { IncomingHttpHeaders } from "node:http";
import type { Catalog } from "../catalog";

/** What every handler gets: the catalog and the storage properties the server vends. */
export interface ServerContext {
  readonly catalog: Catalog;
  /** Storage properties (`s3.endpoint`, `s3.access-key-id`, ...) handed to clients that ask for vended credentials. */
  readonly storageProperties: Readonly<Record<string, string>>;
}

/** A request after routing: path parameters decoded, body read as text. */
export interface RestRequest {
  readonly namespace: string[];
  readonly table: string;
  readonly query: URLSearchParams;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

export interface RestResponse {
  readonly status: number;
  /** JSON text; absent for 204 and HEAD answers. */
  readonly body?: string;
}

/** One operation of the spec, by method and path template (`/v1/{prefix}/namespaces/{namespace}`). */
export interface RestRoute {
  readonly method: "GET" | "HEAD" | "POST" | "DELETE";
  readonly template: string;
  readonly handle: (ctx: ServerContext, req: RestRequest) => Promise<RestResponse>;
}

export const NO_CONTENT: RestResponse = { status: 204 };

export function ok(body: string): RestResponse {
  return { status: 200, body };
}
