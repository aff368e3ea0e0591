import type { Run } from "../entities";
import { SystemTags } from "../entities";
import { invalidParameter } from "../errors";
import { type FilterClause, ORDERABLE_ATTRIBUTES, parseIdentifier, parseSearchFilter } from "./search-filter";

function likeToRegex(pattern: string, flags: string): RegExp {
  let body = "";
  for (const ch of pattern)
    body += ch === "%" ? ".*" : ch === "_" ? "." : ch.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return new RegExp(`^${body}$`, `s${flags}`);
}

function compare(
  comparator: FilterClause["comparator"],
  lhs: string | number,
  rhs: FilterClause["value"],
): boolean {
  switch (comparator) {
    case "=":
      return lhs === rhs;
    case "!=":
      return lhs !== rhs;
    case ">":
      return (lhs as number) > (rhs as number);
    case ">=":
      return (lhs as number) >= (rhs as number);
    case "<":
      return (lhs as number) < (rhs as number);
    case "<=":
      return (lhs as number) <= (rhs as number);
    case "LIKE":
      return likeToRegex(rhs as string, "").test(String(lhs));
    case "ILIKE":
      return likeToRegex(rhs as string, "i").test(String(lhs));
    case "IN":
      return (rhs as readonly string[]).includes(String(lhs));
    case "NOT IN":
      return !(rhs as readonly string[]).includes(String(lhs));
    default: {
      const never: never = comparator;
      throw new Error(`unknown comparator ${String(never)}`);
    }
  }
}

function attributeValue(run: Run, key: string): string | number | null {
  switch (
    key === "created" || key === "Created" ? "start_time" : /^run name$/i.test(key) ? "run_name" : key
  ) {
    case "run_id":
      return run.info.runId;
    case "run_name":
      return run.info.runName;
    case "experiment_id":
      return run.info.experimentId;
    case "user_id":
      return run.info.userId;
    case "status":
      return run.info.status;
    case "artifact_uri":
      return run.info.artifactUri;
    case "lifecycle_stage":
      return run.info.lifecycleStage;
    case "start_time":
      return run.info.startTime;
    case "end_time":
      return run.info.endTime;
    default:
      return null;
  }
}

function matches(run: Run, c: FilterClause): boolean {
  if (c.type === "dataset") {
    return run.inputs.datasetInputs.some((input) => {
      if (c.key === "context") {
        return input.tags.some(
          (t) => t.key === SystemTags.DATASET_CONTEXT && compare(c.comparator, t.value, c.value),
        );
      }
      return compare(c.comparator, c.key === "name" ? input.dataset.name : input.dataset.digest, c.value);
    });
  }
  let lhs: string | number | null | undefined;
  if (c.type === "metric") lhs = run.data.metrics[c.key];
  else if (c.type === "parameter") lhs = run.data.params[c.key];
  else if (c.type === "tag") lhs = run.data.tags[c.key];
  else lhs = attributeValue(run, c.key);
  if (lhs === null || lhs === undefined) return false;
  return compare(c.comparator, lhs, c.value);
}

/** The runs that satisfy every clause of an MLflow filter string. */
export function filterRuns(runs: readonly Run[], filter: string | undefined | null): Run[] {
  const clauses = parseSearchFilter(filter);
  return runs.filter((run) => clauses.every((c) => matches(run, c)));
}

/** `metrics.acc DESC` → its identifier and direction. */
export function parseOrderBy(clause: string): {
  type: FilterClause["type"];
  key: string;
  ascending: boolean;
} {
  const m = /^\s*(.+?)(?:\s+(asc|desc))?\s*$/is.exec(clause);
  if (m === null || m[1] === undefined) {
    throw invalidParameter(
      `Invalid order_by clause '${clause}'. Could not be parsed; expected e.g. 'metrics.acc DESC'`,
    );
  }
  const { type, key } = parseIdentifier(m[1].trim(), ORDERABLE_ATTRIBUTES);
  if (type === "dataset") throw invalidParameter(`Invalid order_by entity type 'dataset' in '${clause}'`);
  return { type, key, ascending: m[2] === undefined || m[2].toLowerCase() === "asc" };
}

/** rank 0: a value; 1: NaN; 2: missing. MLflow puts NaN after every number and missing after NaN, in both directions. */
type SortValue = { rank: 0 | 1 | 2; value: string | number };

function sortValue(run: Run, type: FilterClause["type"], key: string): SortValue {
  let v: string | number | null | undefined;
  if (type === "metric") v = run.data.metrics[key];
  else if (type === "parameter") v = run.data.params[key];
  else if (type === "tag") v = run.data.tags[key];
  else v = attributeValue(run, key);
  if (v === null || v === undefined) return { rank: 2, value: 0 };
  if (typeof v === "number" && Number.isNaN(v)) return { rank: 1, value: 0 };
  return { rank: 0, value: v };
}

function cmp(a: string | number, b: string | number): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * MLflow's order (SqlAlchemyStore and FileStore alike): the order_by clauses, each with NaN
 * after the values and missing values last whatever the direction; then start_time DESC, then run_id.
 */
export function sortRuns(runs: readonly Run[], orderBy: readonly string[] = []): Run[] {
  const parsed = orderBy.map(parseOrderBy);
  return [...runs].sort((a, b) => {
    for (const { type, key, ascending } of parsed) {
      const va = sortValue(a, type, key);
      const vb = sortValue(b, type, key);
      if (va.rank !== vb.rank) return va.rank - vb.rank;
      const c = cmp(va.value, vb.value);
      if (c !== 0) return ascending ? c : -c;
    }
    const sa = a.info.startTime ?? 0;
    const sb = b.info.startTime ?? 0;
    if (sa !== sb) return sb - sa;
    return cmp(a.info.runId, b.info.runId);
  });
}

/** MLflow's page tokens: base64 of `{"offset": N}`. */
export function pageOffset(pageToken: string | null | undefined): number {
  if (pageToken === undefined || pageToken === null || pageToken === "") return 0;
  try {
    const parsed = JSON.parse(Buffer.from(pageToken, "base64").toString("utf8")) as { offset?: unknown };
    const offset = Number(parsed.offset);
    if (Number.isSafeInteger(offset) && offset > 0) return offset;
  } catch {
    // fall through to the error below
  }
  throw invalidParameter(`Invalid page token '${pageToken}'; pass the next_page_token of a previous page`);
}

export function pageToken(offset: number): string {
  return Buffer.from(JSON.stringify({ offset }).replace(":", ": ")).toString("base64");
}

/** One page of `items` and the token of the next one, as MLflow pages (a full last page still gets a token). */
export function paginate<T>(items: readonly T[], token: string | null | undefined, maxResults: number) {
  const start = pageOffset(token);
  const end = start + maxResults;
  return { items: items.slice(start, end), nextPageToken: end < items.length ? pageToken(end) : null };
}
