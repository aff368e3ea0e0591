/**
 * Position-delete files name data files by path, which writers spell differently from the
 * manifest (`hdfs://nn:8020/t/data/x`, `/t/data/x`, relative `t/data/x`). Both sides are reduced to
 * the path without scheme and authority, from `/data/` on when present.
 */
export function pathKey(location: string): string {
  let p = location;
  const scheme = /^[a-zA-Z][a-zA-Z0-9+.-]*:\/\/[^/]*/.exec(p);
  if (scheme) p = p.slice(scheme[0].length);
  else if (p.startsWith("file:")) p = p.slice(5);
  if (!p.startsWith("/")) p = `/${p}`;
  const i = p.indexOf("/data/");
  return i >= 0 ? p.slice(i) : p;
}
