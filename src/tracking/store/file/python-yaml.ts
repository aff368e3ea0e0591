/**
 * The YAML text PyYAML's `yaml.dump(data, default_flow_style=False, allow_unicode=True)` writes
 * for MLflow's flat meta.yaml dicts (strings, integers, null, booleans, empty lists and one level
 * of string maps): sorted keys, plain scalars where YAML 1.1 would read them back as the same
 * string, single quotes otherwise, long lines folded at a space past column 80, as PyYAML does.
 * Byte-identical output lets a tree written by lakelab diff cleanly against one written by MLflow.
 */
const BEST_WIDTH = 80;

// YAML 1.1 implicit types (PyYAML's resolver): a plain scalar matching one is not a string
const IMPLICIT = [
  /^(?:yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$/,
  /^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$/,
  /^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9_]+(?:[eE][-+][0-9]+)?|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/,
  /^(?:~|null|Null|NULL|)$/,
  /^(?:[0-9]{4}-[0-9]{2}-[0-9]{2}|[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:[Tt]|[ \t]+)[0-9]{1,2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9]{1,2}(?::[0-9]{2})?))?)$/,
  /^(?:<<|=)$/,
];

/** Control characters, line breaks and BOM: PyYAML writes those double-quoted; C1 controls also rule out plain. */
function isSpecial(ch: string, c1: boolean): boolean {
  const c = ch.codePointAt(0)!;
  return (
    c < 0x20 || c === 0x7f || (c1 && c >= 0x80 && c <= 0x9f) || c === 0x2028 || c === 0x2029 || c === 0xfeff
  );
}

function plainAllowed(s: string): boolean {
  if (s === "" || IMPLICIT.some((re) => re.test(s))) return false;
  if (s.startsWith("---") || s.startsWith("...")) return false;
  if (/^[#,[\]{}&*!|>'"%@`]/.test(s)) return false;
  if (/^[?:-](?: |$)/.test(s)) return false;
  if (s.startsWith(" ") || s.endsWith(" ") || s.endsWith(":")) return false;
  if (s.includes(": ") || s.includes(" #")) return false;
  return ![...s].some((ch) => isSpecial(ch, true));
}

/** PyYAML's scalar writer: at a single space past the best width, break the line and indent. */
function folded(text: string, startColumn: number, indent: number, quoted: boolean): string {
  let out = "";
  let column = startColumn;
  let i = 0;
  while (i < text.length) {
    if (text[i] === " ") {
      let j = i;
      while (j < text.length && text[j] === " ") j++;
      const single = j - i === 1;
      if (single && column > BEST_WIDTH && i !== 0 && j !== text.length) {
        out += `\n${" ".repeat(indent)}`;
        column = indent;
      } else {
        out += text.slice(i, j);
        column += j - i;
      }
      i = j;
    } else {
      let j = i;
      while (j < text.length && text[j] !== " ") j++;
      const word = quoted ? text.slice(i, j).replace(/'/g, "''") : text.slice(i, j);
      out += word;
      column += word.length;
      i = j;
    }
  }
  return out;
}

function scalar(value: unknown, column: number, indent: number): string {
  if (value === null || value === undefined) return "null";
  if (typeof value === "boolean") return value ? "true" : "false";
  if (typeof value === "number" || typeof value === "bigint") return String(value);
  const s = String(value);
  if ([...s].some((ch) => isSpecial(ch, false))) return JSON.stringify(s);
  if (plainAllowed(s)) return folded(s, column, indent, false);
  return `'${folded(s, column + 1, indent, true)}'`;
}

function mapping(data: Readonly<Record<string, unknown>>, depth: number): string {
  const pad = "  ".repeat(depth);
  let out = "";
  for (const key of Object.keys(data).sort()) {
    const value = data[key];
    const head = `${pad}${plainAllowed(key) ? key : `'${key.replace(/'/g, "''")}'`}:`;
    if (Array.isArray(value) && value.length === 0) out += `${head} []\n`;
    else if (value !== null && typeof value === "object" && !Array.isArray(value)) {
      const entries = value as Record<string, unknown>;
      out += Object.keys(entries).length === 0 ? `${head} {}\n` : `${head}\n${mapping(entries, depth + 1)}`;
    } else out += `${head} ${scalar(value, head.length + 1, pad.length + 2)}\n`;
  }
  return out;
}

export function toPythonYaml(data: Readonly<Record<string, unknown>>): string {
  return mapping(data, 0);
}
