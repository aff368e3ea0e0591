/** Small helpers shared by the SVG charts: escaping, a palette, number formatting. */

/** Escapes text for SVG/HTML element content and attribute values. */
export function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Colour-blind-safe categorical palette (Okabe–Ito), cycled. */
const PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"];

export function colour(i: number): string {
  return PALETTE[i % PALETTE.length];
}

/** Opens an SVG document with a white background and the shared font. */
export function svgOpen(width: number, height: number, label: string): string {
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" ` +
    `role="img" aria-label="${esc(label)}" font-family="Helvetica, Arial, sans-serif" font-size="12">` +
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`
  );
}

/** `<text>` at (x, y) with extra attributes. */
export function text(x: number, y: number, content: string, attrs = ""): string {
  return `<text x="${fmt(x)}" y="${fmt(y)}"${attrs ? ` ${attrs}` : ""}>${esc(content)}</text>`;
}

/** A coordinate rounded to 0.1 px so the markup stays small and stable. */
export function fmt(n: number): string {
  return String(Math.round(n * 10) / 10);
}

/** Thousands separators, so 12092 reads 12,092. */
export function count(n: number): string {
  return n.toLocaleString("en-US");
}
