import { LakelabError } from "../../../errors";
import { parseNamespace } from "../table-identifier";
import { NAMESPACE_SEPARATOR } from "./namespace-routes";
import type { RestRoute } from "./rest-route";

export interface RouteMatch {
  readonly route: RestRoute;
  readonly namespace: string[];
  readonly table: string;
}

/**
 * Finds the route for a method and raw path (`/v1/pre/namespaces/a%1Fb/tables/t`). `{prefix}`
 * matches the configured prefix (or nothing when there is none); a namespace parameter is its
 * levels joined by %1F, each level percent-encoded.
 */
export function matchRoute(
  routes: readonly RestRoute[],
  method: string,
  rawPath: string,
  prefix: string | undefined,
): RouteMatch | undefined {
  const path = rawPath.split("/").filter((s) => s !== "");
  let pathMatched = false;
  for (const route of routes) {
    const template = route.template.split("/").filter((s) => s !== "" && (prefix || s !== "{prefix}"));
    if (template.length !== path.length) continue;
    let namespace: string[] = [];
    let table = "";
    let matched = true;
    for (let i = 0; i < template.length && matched; i++) {
      const t = template[i]!;
      const p = path[i]!;
      if (t === "{prefix}") matched = decode(p) === prefix;
      else if (t === "{namespace}") namespace = decodeNamespace(p);
      else if (t === "{table}") table = decode(p);
      else matched = t === p;
    }
    if (!matched) continue;
    pathMatched = true;
    if (route.method === method) return { route, namespace, table };
  }
  if (pathMatched) {
    throw new LakelabError("NOT_SUPPORTED", `${method} is not supported on ${rawPath}`, {
      context: { method },
    });
  }
  return undefined;
}

function decodeNamespace(segment: string): string[] {
  return parseNamespace(segment.split(/%1F/i).flatMap((p) => decode(p).split(NAMESPACE_SEPARATOR)));
}

function decode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new LakelabError("BAD_REQUEST", `path segment '${segment}' is not valid percent-encoding`);
  }
}
