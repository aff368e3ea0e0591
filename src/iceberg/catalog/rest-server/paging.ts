import { badRequest } from "./rest-error";

/**
 * One page of a sorted listing. The token is the last key of the previous page (base64url), so
 * a page is stable when entries are added or dropped between requests; without `pageSize` the
 * rest of the listing is one page.
 */
export function page<T>(
  items: readonly T[],
  keyOf: (item: T) => string,
  query: URLSearchParams,
): { items: T[]; nextPageToken?: string } {
  const size = pageSize(query.get("pageSize"));
  const token = query.get("pageToken");
  const sorted = [...items].sort((a, b) => compare(keyOf(a), keyOf(b)));
  let start = 0;
  if (token) {
    const after = decodeToken(token);
    start = sorted.findIndex((x) => compare(keyOf(x), after) > 0);
    if (start < 0) start = sorted.length;
  }
  const end = size === undefined ? sorted.length : Math.min(sorted.length, start + size);
  const out = sorted.slice(start, end);
  const more = end < sorted.length && out.length > 0;
  return more ? { items: out, nextPageToken: encodeToken(keyOf(out[out.length - 1]!)) } : { items: out };
}

function pageSize(raw: string | null): number | undefined {
  if (raw === null || raw === "") return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw badRequest(`pageSize must be a positive integer, got '${raw}'`);
  return n;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function encodeToken(key: string): string {
  return Buffer.from(key, "utf8").toString("base64url");
}

function decodeToken(token: string): string {
  if (!/^[A-Za-z0-9_-]+$/.test(token)) throw badRequest("pageToken is not a token this server issued");
  return Buffer.from(token, "base64url").toString("utf8");
}
