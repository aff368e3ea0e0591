import { LakelabError } from "../../../errors";
import { parseNamespace } from "../table-identifier";
import { page } from "./paging";
import { parseCreateNamespaceRequest, parseUpdateNamespacePropertiesRequest } from "./rest-requests.serde";
import { listNamespacesJson, namespaceJson, updateNamespacePropertiesJson } from "./rest-responses.serde";
import { NO_CONTENT, ok, type RestRoute } from "./rest-route";

/** Separates namespace levels in `parent` and in path parameters (the spec's %1F). */
export const NAMESPACE_SEPARATOR = "\x1f";

const NS = "/v1/{prefix}/namespaces";
const ONE = `${NS}/{namespace}`;

export const NAMESPACE_ROUTES: readonly RestRoute[] = [
  {
    method: "GET",
    template: NS,
    async handle({ catalog }, req) {
      const raw = req.query.get("parent");
      const parent = raw ? parseNamespace(raw.split(NAMESPACE_SEPARATOR)) : [];
      if (parent.length > 0 && !(await catalog.namespaceExists(parent))) throw notFound(parent);
      // direct children of `parent`, also those that exist only as a prefix of deeper namespaces
      const children = new Map<string, string[]>();
      for (const ns of await catalog.listNamespaces()) {
        if (ns.length <= parent.length || parent.some((p, i) => ns[i] !== p)) continue;
        const child = ns.slice(0, parent.length + 1);
        children.set(child.join(NAMESPACE_SEPARATOR), child);
      }
      const p = page([...children.values()], (ns) => ns.join(NAMESPACE_SEPARATOR), req.query);
      return ok(listNamespacesJson(p.items, p.nextPageToken));
    },
  },
  {
    method: "POST",
    template: NS,
    async handle({ catalog }, req) {
      const r = parseCreateNamespaceRequest(req.body);
      await catalog.createNamespace(r.namespace, r.properties);
      return ok(namespaceJson(r.namespace, r.properties));
    },
  },
  {
    method: "GET",
    template: ONE,
    async handle({ catalog }, req) {
      return ok(namespaceJson(req.namespace, await catalog.namespaceProperties(req.namespace)));
    },
  },
  {
    method: "HEAD",
    template: ONE,
    async handle({ catalog }, req) {
      if (!(await catalog.namespaceExists(req.namespace))) throw notFound(req.namespace);
      return NO_CONTENT;
    },
  },
  {
    method: "DELETE",
    template: ONE,
    async handle({ catalog }, req) {
      await catalog.dropNamespace(req.namespace);
      return NO_CONTENT;
    },
  },
  {
    method: "POST",
    template: `${ONE}/properties`,
    async handle({ catalog }, req) {
      const r = parseUpdateNamespacePropertiesRequest(req.body);
      const before = await catalog.namespaceProperties(req.namespace);
      await catalog.updateNamespaceProperties(req.namespace, r.updates, r.removals);
      const removed = r.removals.filter((k) => k in before);
      const missing = r.removals.filter((k) => !(k in before));
      return ok(updateNamespacePropertiesJson(Object.keys(r.updates), removed, missing));
    },
  },
];

function notFound(ns: readonly string[]): LakelabError {
  return new LakelabError("NAMESPACE_NOT_FOUND", `namespace '${ns.join(".")}' does not exist`, {
    context: { namespace: ns.join(".") },
  });
}
