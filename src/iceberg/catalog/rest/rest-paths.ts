import type { TableIdentifier } from "../table-identifier";

/** The spec's default namespace separator, the unit separator 0x1F, url-encoded. */
export const DEFAULT_NAMESPACE_SEPARATOR = "%1F";

/**
 * Route paths under `/v1/{prefix}`: namespace parts are percent-encoded one by one and joined
 * by the server's `namespace-separator` (url-encoded form, default %1F); names are percent-encoded.
 */
export class RestPaths {
  private readonly root: string;

  constructor(
    prefix: string,
    private readonly separator: string = DEFAULT_NAMESPACE_SEPARATOR,
  ) {
    const p = prefix.replace(/^\/+|\/+$/g, "");
    this.root = p === "" ? "/v1" : `/v1/${p.split("/").map(encodeURIComponent).join("/")}`;
  }

  /** `a.b` as one path segment. */
  namespaceSegment(namespace: readonly string[]): string {
    return namespace.map(encodeURIComponent).join(this.separator);
  }

  /** The `parent` query value (axios encodes it, so the separator goes in decoded). */
  namespaceParam(namespace: readonly string[]): string {
    return namespace.join(decodeURIComponent(this.separator));
  }

  namespaces(): string {
    return `${this.root}/namespaces`;
  }

  namespace(ns: readonly string[]): string {
    return `${this.root}/namespaces/${this.namespaceSegment(ns)}`;
  }

  namespaceProperties(ns: readonly string[]): string {
    return `${this.namespace(ns)}/properties`;
  }

  tables(ns: readonly string[]): string {
    return `${this.namespace(ns)}/tables`;
  }

  table(id: TableIdentifier): string {
    return `${this.tables(id.namespace)}/${encodeURIComponent(id.name)}`;
  }

  register(ns: readonly string[]): string {
    return `${this.namespace(ns)}/register`;
  }

  rename(): string {
    return `${this.root}/tables/rename`;
  }
}
