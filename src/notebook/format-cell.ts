import { shortLocationsIn } from "./short-location";

const MAX_CHARS = 200;

/** Escapes the five characters with a meaning in HTML text and attribute values. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** One value as the HTML content of a table cell (values as `columnValues` gives them). */
export function formatCell(value: unknown): string {
  if (value === null || value === undefined) return `<span style="color:#888">null</span>`;
  return escapeHtml(truncate(shortLocationsIn(plainText(value))));
}

/** One value as plain text, the way a table cell shows it. */
export function plainText(value: unknown): string {
  if (value === null || value === undefined) return "null";
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? "Invalid Date" : value.toISOString();
  if (value instanceof Uint8Array) return `<${value.length} bytes>`;
  if (Array.isArray(value)) return `[${value.map(plainText).join(", ")}]`;
  if (typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>);
    return `{${entries.map(([k, v]) => `${k}: ${plainText(v)}`).join(", ")}}`;
  }
  return String(value);
}

function truncate(s: string): string {
  return s.length <= MAX_CHARS ? s : `${s.slice(0, MAX_CHARS - 1)}…`;
}
