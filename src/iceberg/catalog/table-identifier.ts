import { LakelabError } from "../../errors";

/** A table name inside its namespace: `default.training` → `{ namespace: ["default"], name: "training" }`. */
export interface TableIdentifier {
  readonly namespace: readonly string[];
  readonly name: string;
}

/** Longest namespace string and table name the JDBC/pyiceberg schema stores (VARCHAR(255)). */
export const MAX_NAME_LENGTH = 255;

// Control characters, path separators and the URI/glob characters no engine agrees on.
// biome-ignore lint/suspicious/noControlCharactersInRegex: rejecting control characters is the point
const BAD_CHARS = /[\u0000-\u001f\u007f/\\]/;

/** Parses and validates `"ns1.ns2.table"` or `["ns1", "ns2", "table"]` → INVALID_IDENTIFIER when malformed. */
export function parseTableIdentifier(input: string | readonly string[] | TableIdentifier): TableIdentifier {
  if (typeof input === "object" && !Array.isArray(input) && "name" in input) {
    const id = input as TableIdentifier;
    return parseTableIdentifier([...id.namespace, id.name]);
  }
  const parts = splitParts(input as string | readonly string[], "table identifier");
  if (parts.length < 2) {
    throw invalid(
      `table identifier '${parts.join(".")}' has no namespace; write it as '<namespace>.<table>', e.g. 'default.training'`,
      parts,
    );
  }
  const namespace = parts.slice(0, -1);
  checkLength(namespace.join("."), parts);
  return { namespace, name: parts[parts.length - 1]! };
}

/** Parses and validates a namespace `"a.b"` or `["a", "b"]`. */
export function parseNamespace(input: string | readonly string[]): string[] {
  const parts = splitParts(input, "namespace");
  checkLength(parts.join("."), parts);
  return parts;
}

export function formatTableIdentifier(id: TableIdentifier): string {
  return [...id.namespace, id.name].join(".");
}

function splitParts(input: string | readonly string[], what: string): string[] {
  if (typeof input !== "string" && !Array.isArray(input)) {
    throw invalid(`${what} must be a string like 'default.training' or an array of names`, []);
  }
  const parts = typeof input === "string" ? input.split(".") : [...input];
  if (parts.length === 0) throw invalid(`${what} is empty`, parts);
  for (const p of parts) {
    if (typeof p !== "string" || p.length === 0) {
      throw invalid(
        `${what} '${parts.join(".")}' has an empty part; parts are non-empty names joined by '.'`,
        parts,
      );
    }
    if (p.trim() !== p) throw invalid(`${what} part '${p}' has leading or trailing spaces`, parts);
    if (BAD_CHARS.test(p)) {
      throw invalid(`${what} part ${JSON.stringify(p)} contains '/', '\\' or a control character`, parts);
    }
    if (typeof input !== "string" && p.includes(".")) {
      throw invalid(`${what} part '${p}' contains '.', which separates parts`, parts);
    }
    checkLength(p, parts);
  }
  return parts;
}

function checkLength(s: string, parts: readonly string[]): void {
  if (s.length > MAX_NAME_LENGTH) {
    throw invalid(
      `'${s.slice(0, 40)}…' is ${s.length} characters; the catalog stores at most ${MAX_NAME_LENGTH}`,
      parts,
    );
  }
}

function invalid(message: string, parts: readonly string[]): LakelabError {
  return new LakelabError("INVALID_IDENTIFIER", message, { context: { identifier: parts.join(".") } });
}
