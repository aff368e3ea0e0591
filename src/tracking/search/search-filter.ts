import { invalidParameter } from "../errors";

/** One `<entity>.<key> <comparator> <value>` clause of MLflow's search-runs filter grammar. */
export type EntityType = "metric" | "parameter" | "tag" | "attribute" | "dataset";
export type Comparator = "=" | "!=" | ">" | ">=" | "<" | "<=" | "LIKE" | "ILIKE" | "IN" | "NOT IN";

export interface FilterClause {
  readonly type: EntityType;
  readonly key: string;
  readonly comparator: Comparator;
  /** number for metrics and numeric attributes, string list for IN / NOT IN, else string. */
  readonly value: number | string | readonly string[];
}

const ENTITY_ALIASES: Readonly<Record<string, EntityType>> = {
  metric: "metric",
  metrics: "metric",
  parameter: "parameter",
  parameters: "parameter",
  param: "parameter",
  params: "parameter",
  tag: "tag",
  tags: "tag",
  attribute: "attribute",
  attributes: "attribute",
  attr: "attribute",
  run: "attribute",
  dataset: "dataset",
  datasets: "dataset",
};

export const NUMERIC_ATTRIBUTES = new Set(["start_time", "end_time", "created", "Created"]);
const SEARCHABLE_ATTRIBUTES = new Set([
  "run_id",
  "run_name",
  "status",
  "artifact_uri",
  "user_id",
  "start_time",
  "end_time",
  "created",
  "Created",
  "run name",
  "Run name",
  "Run Name",
]);
export const ORDERABLE_ATTRIBUTES = new Set([
  "run_id",
  "run_name",
  "experiment_id",
  "user_id",
  "status",
  "start_time",
  "end_time",
  "artifact_uri",
  "lifecycle_stage",
  "created",
  "Created",
]);
const DATASET_KEYS = new Set(["name", "digest", "context"]);

const COMPARATORS: Readonly<Record<EntityType, ReadonlySet<string>>> = {
  metric: new Set([">", ">=", "!=", "=", "<", "<="]),
  parameter: new Set(["!=", "=", "LIKE", "ILIKE"]),
  tag: new Set(["!=", "=", "LIKE", "ILIKE"]),
  attribute: new Set(["!=", "=", "LIKE", "ILIKE", "IN", "NOT IN"]),
  dataset: new Set(["!=", "=", "LIKE", "ILIKE", "IN", "NOT IN"]),
};

type Token =
  | { kind: "ident"; text: string }
  | { kind: "string"; text: string; raw: string }
  | { kind: "number"; text: string }
  | { kind: "op"; text: string }
  | { kind: "word"; text: string }
  | { kind: "list"; items: string[]; raw: string };

const TOKEN =
  /\s*(?:(?<str>'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")|(?<num>-?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)(?![\w.])|(?<op>!=|>=|<=|=|<|>)|(?<list>\([^)]*\))|(?<ident>[A-Za-z_][\w]*(?:\.(?:`[^`]*`|"[^"]*"|[\w.:-]+))?|`[^`]*`(?:\.(?:`[^`]*`|"[^"]*"|[\w.:-]+))?)|(?<other>\S+))/y;

function tokenize(filter: string): Token[] {
  const tokens: Token[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < filter.length) {
    if (filter.slice(TOKEN.lastIndex).trim() === "") break;
    const m = TOKEN.exec(filter);
    if (m?.groups === undefined) break;
    const g = m.groups;
    if (g.str !== undefined)
      tokens.push({ kind: "string", text: unescapeQuoted(g.str.slice(1, -1)), raw: g.str });
    else if (g.num !== undefined) tokens.push({ kind: "number", text: g.num });
    else if (g.op !== undefined) tokens.push({ kind: "op", text: g.op });
    else if (g.list !== undefined) tokens.push({ kind: "list", items: parseList(g.list), raw: g.list });
    else if (g.ident !== undefined) {
      const upper = g.ident.toUpperCase();
      if (["AND", "OR", "NOT", "LIKE", "ILIKE", "IN"].includes(upper))
        tokens.push({ kind: "word", text: upper });
      else tokens.push({ kind: "ident", text: g.ident });
    } else tokens.push({ kind: "word", text: g.other ?? "" });
  }
  return tokens;
}

function unescapeQuoted(s: string): string {
  return s.replace(/\\(.)/g, "$1");
}

function parseList(raw: string): string[] {
  const inner = raw.slice(1, -1).trim();
  const items: string[] = [];
  const re = /\s*('(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")\s*(,|$)/y;
  let m: RegExpExecArray | null = re.exec(inner);
  while (m !== null) {
    items.push(unescapeQuoted(m[1]!.slice(1, -1)));
    if (re.lastIndex >= inner.length) break;
    m = re.exec(inner);
  }
  if (items.length === 0 || re.lastIndex < inner.length) {
    throw invalidParameter(
      `While parsing a list in the query, expected a non-empty list of quoted string values, but got ${raw}`,
    );
  }
  return items;
}

function stripQuotes(key: string): string {
  if (key.length >= 2 && /^([`"']).*\1$/s.test(key)) return key.slice(1, -1);
  return key;
}

/** `metrics.acc` → { type: "metric", key: "acc" }; a bare name is an attribute. */
export function parseIdentifier(text: string, validAttributes: ReadonlySet<string> = SEARCHABLE_ATTRIBUTES) {
  const dot = text.startsWith("`") ? text.indexOf("`.", 1) + 1 : text.indexOf(".");
  const [entity, rawKey] =
    dot <= 0 ? ["attribute", text] : [stripQuotes(text.slice(0, dot)), text.slice(dot + 1)];
  const type = ENTITY_ALIASES[entity];
  if (type === undefined) {
    throw invalidParameter(
      `Invalid entity type '${entity}'. Valid values are ['metric', 'parameter', 'tag', 'attribute', 'dataset']`,
      { entity },
    );
  }
  const key = stripQuotes(rawKey);
  if (type === "attribute" && !validAttributes.has(key)) {
    throw invalidParameter(
      `Invalid attribute key '${key}' specified. Valid keys are '${[...validAttributes].join("', '")}'`,
      {
        key,
      },
    );
  }
  if (type === "dataset" && !DATASET_KEYS.has(key)) {
    throw invalidParameter(
      `Invalid dataset key '${key}' specified. Valid keys are 'name', 'digest', 'context'`,
      { key },
    );
  }
  return { type, key };
}

/** Parses MLflow's search-runs filter (`params.x = 'v' and metrics.acc > 0.9`); "" → no clauses. */
export function parseSearchFilter(filter: string | undefined | null): FilterClause[] {
  if (filter === undefined || filter === null || filter.trim() === "") return [];
  const tokens = tokenize(filter);
  const clauses: FilterClause[] = [];
  let i = 0;
  const fail = (): never => {
    const rest = tokens.slice(i).map((t) => ("raw" in t ? t.raw : "text" in t ? t.text : ""));
    throw invalidParameter(
      `Invalid clause(s) in filter string: ${rest.map((r) => `'${r}'`).join(", ")}; ` +
        "expected clauses like params.x = 'v' or metrics.acc > 0.9 joined by AND",
      { filter },
    );
  };
  while (i < tokens.length) {
    const ident = tokens[i];
    if (ident?.kind !== "ident") fail();
    const { type, key } = parseIdentifier((ident as { text: string }).text);
    i++;
    let comparator: string;
    const c = tokens[i];
    if (c?.kind === "op") comparator = c.text;
    else if (c?.kind === "word" && ["LIKE", "ILIKE", "IN"].includes(c.text)) comparator = c.text;
    else if (
      c?.kind === "word" &&
      c.text === "NOT" &&
      tokens[i + 1]?.kind === "word" &&
      (tokens[i + 1] as { text: string }).text === "IN"
    ) {
      comparator = "NOT IN";
      i++;
    } else return fail();
    i++;
    const allowed =
      type === "attribute" && NUMERIC_ATTRIBUTES.has(key) ? COMPARATORS.metric : COMPARATORS[type];
    if (!allowed.has(comparator)) {
      throw invalidParameter(
        `Invalid comparator '${comparator}' not one of '${[...allowed].join("', '")}' for ${type} '${key}'`,
        { key, comparator },
      );
    }
    const v = tokens[i];
    if (v === undefined || v.kind === "op" || v.kind === "word") fail();
    i++;
    clauses.push({
      type,
      key,
      comparator: comparator as Comparator,
      value: clauseValue(type, key, comparator, v as Token),
    });
    if (i < tokens.length) {
      const joiner = tokens[i];
      if (joiner?.kind !== "word" || joiner.text !== "AND") fail();
      i++;
      if (i >= tokens.length) fail();
    }
  }
  return clauses;
}

function clauseValue(type: EntityType, key: string, comparator: string, v: Token): FilterClause["value"] {
  const numeric = type === "metric" || (type === "attribute" && NUMERIC_ATTRIBUTES.has(key));
  if (numeric) {
    if (v.kind !== "number")
      throw invalidParameter(`Expected numeric value type for ${type} '${key}'. Found ${describe(v)}`);
    return Number(v.text);
  }
  if (comparator === "IN" || comparator === "NOT IN") {
    if (v.kind !== "list")
      throw invalidParameter(`Expected a parenthesised list of quoted strings after ${comparator}`);
    if (type === "attribute" && key !== "run_id") {
      throw invalidParameter(
        "Only the 'run_id' attribute supports comparison with a list of quoted string values.",
      );
    }
    return v.items;
  }
  if (v.kind !== "string") {
    throw invalidParameter(
      `Expected a quoted string value for ${type} '${key}' (e.g. 'my-value'). Got value ${describe(v)}`,
    );
  }
  return v.text;
}

function describe(t: Token): string {
  return "raw" in t ? t.raw : t.text;
}
