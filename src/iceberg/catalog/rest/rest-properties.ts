/** Catalog properties as Iceberg names them, and the secrets among them. */

export type Properties = Readonly<Record<string, string>>;

/** The spec's order: server defaults, then the client's properties, then server overrides. */
export function mergeProperties(defaults: Properties, client: Properties, overrides: Properties): Properties {
  return { ...defaults, ...client, ...overrides };
}

/** `header.X-Foo = v` → `X-Foo: v`, sent with every catalog request. */
export function headerProperties(p: Properties): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(p)) if (k.startsWith("header.") && k.length > 7) out[k.slice(7)] = v;
  return out;
}

const STORAGE_KEY = /^(s3|client|gcs|adls)\./;

/** The properties a FileIO reads (`s3.*`, `client.region`, ...). */
export function storageProperties(p: Properties): Record<string, string> {
  return Object.fromEntries(Object.entries(p).filter(([k]) => STORAGE_KEY.test(k)));
}

const SECRET_KEY =
  /^(token|credential|header\..*|.*secret.*|.*session-token|.*password.*|urn:ietf:params:oauth:token-type:.*)$/i;

/** The values of `p` that must never be shown: tokens, client secrets, storage keys, custom headers. */
export function secretValues(p: Properties): string[] {
  const out: string[] = [];
  for (const [k, v] of Object.entries(p)) {
    if (!SECRET_KEY.test(k)) continue;
    out.push(v);
    if (k === "credential" && v.includes(":")) out.push(v.slice(v.indexOf(":") + 1));
  }
  return out;
}

/** A copy of `p` with secret values replaced by `***`, safe to show. */
export function maskedProperties(p: Properties): Record<string, string> {
  return Object.fromEntries(Object.entries(p).map(([k, v]) => [k, SECRET_KEY.test(k) ? "***" : v]));
}

/**
 * Collects secrets as they appear (configured, fetched tokens, vended credentials) and scrubs
 * them from any text before it becomes a message. Kept in a private field: not visible to
 * `util.inspect` or `JSON.stringify`.
 */
export class Secrets {
  readonly #values = new Set<string>();

  add(...values: (string | undefined)[]): void {
    // Very short values would scrub ordinary words from messages; real secrets are longer.
    for (const v of values) if (v !== undefined && v.length >= 4) this.#values.add(v);
  }

  redact(text: string): string {
    let out = text;
    for (const s of [...this.#values].sort((a, b) => b.length - a.length)) out = out.split(s).join("***");
    return out;
  }

  toJSON(): string {
    return "[secrets]";
  }
}

/** The URI without user:password@ and query string, safe to show. */
export function safeUri(uri: string): string {
  try {
    const u = new URL(uri);
    u.username = "";
    u.password = "";
    u.search = "";
    return u.href.replace(/\/$/, "");
  } catch {
    return "<catalog uri>";
  }
}
