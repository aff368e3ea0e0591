/**
 * MurmurHash3 x86 32-bit over bytes, returning a signed 32-bit int as Java and Spark do.
 * Used by Spark's HashingTF (seed 42) and Iceberg's bucket transform (seed 0).
 */
export function murmur3x86_32(bytes: Uint8Array, seed: number): number {
  const c1 = 0xcc9e2d51;
  const c2 = 0x1b873593;
  const len = bytes.length;
  const blocks = len & ~3;
  let h = seed | 0;
  for (let i = 0; i < blocks; i += 4) {
    let k = bytes[i]! | (bytes[i + 1]! << 8) | (bytes[i + 2]! << 16) | (bytes[i + 3]! << 24);
    k = Math.imul(k, c1);
    k = (k << 15) | (k >>> 17);
    k = Math.imul(k, c2);
    h ^= k;
    h = (h << 13) | (h >>> 19);
    h = (Math.imul(h, 5) + 0xe6546b64) | 0;
  }
  const tail = len & 3;
  if (tail > 0) {
    let k = 0;
    if (tail === 3) k ^= bytes[blocks + 2]! << 16;
    if (tail >= 2) k ^= bytes[blocks + 1]! << 8;
    k ^= bytes[blocks]!;
    k = Math.imul(k, c1);
    k = (k << 15) | (k >>> 17);
    k = Math.imul(k, c2);
    h ^= k;
  }
  h ^= len;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h | 0;
}

/**
 * `murmur3x86_32` of the UTF-8 bytes of `s.slice(start, end)` computed in place when those
 * characters are all ASCII (their UTF-8 bytes are then the UTF-16 code units): no encoding, no
 * substring. Undefined when a character is not ASCII: encode it and call `murmur3x86_32` instead.
 */
export function murmur3x86_32Ascii(s: string, start: number, end: number, seed: number): number | undefined {
  const len = end - start;
  const blocks = start + (len & ~3);
  let h = seed | 0;
  let any = 0;
  for (let i = start; i < blocks; i += 4) {
    const b0 = s.charCodeAt(i);
    const b1 = s.charCodeAt(i + 1);
    const b2 = s.charCodeAt(i + 2);
    const b3 = s.charCodeAt(i + 3);
    any |= b0 | b1 | b2 | b3;
    let k = b0 | (b1 << 8) | (b2 << 16) | (b3 << 24);
    k = Math.imul(k, 0xcc9e2d51);
    k = (k << 15) | (k >>> 17);
    h ^= Math.imul(k, 0x1b873593);
    h = (h << 13) | (h >>> 19);
    h = (Math.imul(h, 5) + 0xe6546b64) | 0;
  }
  const tail = len & 3;
  if (tail > 0) {
    let k = 0;
    for (let t = tail - 1; t >= 0; t--) {
      const b = s.charCodeAt(blocks + t);
      any |= b;
      k |= b << (8 * t);
    }
    k = Math.imul(k, 0xcc9e2d51);
    k = (k << 15) | (k >>> 17);
    h ^= Math.imul(k, 0x1b873593);
  }
  if (any > 0x7f) return undefined;
  h ^= len;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h | 0;
}
