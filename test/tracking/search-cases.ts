import type { Batch, RunStatus } from "../../src/tracking/entities";
import { ViewType } from "../../src/tracking/entities";

/**
 * The runs and queries of the search-semantics contract (contract-search-semantics.test.ts).
 * Every expected answer here is what a real MLflow 3.6 server (SQL store) answers: the suite
 * runs the table against one (store `mlflow`), so an expectation MLflow does not share fails
 * there first. The file store's answers are also compared with MLflow's own FileStore read by
 * its Python client (file-store-peer.ts).
 */
export interface SearchRunSpec {
  readonly name: string;
  readonly startTime: number;
  readonly status?: RunStatus;
  readonly endTime?: number;
  readonly deleted?: boolean;
  readonly batch: Batch;
}

const m = (key: string, value: number) => ({ key, value, step: 0, timestamp: 1 });
const kv = (key: string, value: string) => ({ key, value });

export const SEARCH_RUNS: readonly SearchRunSpec[] = [
  {
    name: "r1",
    startTime: 1000,
    status: "FINISHED",
    endTime: 1500,
    batch: {
      params: [kv("model", "lr"), kv("alpha", "0.1")],
      metrics: [m("score", 0.5)],
      tags: [kv("team", "Vision"), kv("note", "100%_sure")],
    },
  },
  {
    name: "r2",
    startTime: 2000,
    status: "FAILED",
    endTime: 2500,
    batch: { params: [kv("model", "LR")], metrics: [m("score", Number.NaN)], tags: [kv("team", "vision")] },
  },
  {
    name: "r3",
    startTime: 3000,
    batch: { metrics: [m("score", Number.POSITIVE_INFINITY)], tags: [kv("team", "nlp")] },
  },
  {
    name: "r4",
    startTime: 4000,
    status: "KILLED",
    endTime: 4100,
    batch: { params: [kv("model", "svm")], metrics: [m("score", Number.NEGATIVE_INFINITY)] },
  },
  { name: "r5", startTime: 5000, batch: {} },
  {
    name: "r6",
    startTime: 6000,
    deleted: true,
    batch: { params: [kv("model", "lr")], metrics: [m("score", 0.9)], tags: [kv("team", "nlp")] },
  },
];

export interface SearchQuery {
  readonly filter: string;
  readonly orderBy?: readonly string[];
  readonly view?: ViewType;
  /** Run names in the order a MLflow server returns them, or the error code it raises. */
  readonly expected: readonly string[] | { readonly error: string };
  /** Where MLflow's FileStore answers otherwise than its SQL store (documentation: the file store is checked against the Python peer). */
  readonly fileStore?: readonly string[];
}

const invalid = { error: "INVALID_PARAMETER_VALUE" } as const;

export const SEARCH_QUERIES: readonly SearchQuery[] = [
  // default order: start_time DESC; deleted runs only with their view type
  { filter: "", expected: ["r5", "r4", "r3", "r2", "r1"] },
  { filter: "", view: ViewType.DELETED_ONLY, expected: ["r6"] },
  { filter: "", view: ViewType.ALL, expected: ["r6", "r5", "r4", "r3", "r2", "r1"] },
  { filter: "params.model = 'lr'", view: ViewType.ALL, expected: ["r6", "r1"] },
  // LIKE is case-sensitive, ILIKE is not; _ is one character, % any run
  { filter: "params.model LIKE 'l%'", expected: ["r1"] },
  { filter: "params.model ILIKE 'l%'", expected: ["r2", "r1"] },
  { filter: "tags.team LIKE '_ision'", expected: ["r2", "r1"] },
  { filter: "tags.team LIKE 'V%'", expected: ["r1"] },
  { filter: "tags.team ILIKE '%ISION'", expected: ["r2", "r1"] },
  { filter: "tags.note LIKE '100%'", expected: ["r1"] },
  // != only matches runs that have the key
  { filter: "params.model != 'lr'", expected: ["r4", "r2"] },
  { filter: "tags.team != 'nlp'", expected: ["r2", "r1"] },
  // NaN and ±Infinity in comparisons
  { filter: "metrics.score > 0", expected: ["r3", "r1"] },
  // a SQL-backed server stores NaN as 0 (sanitize_metric_value), so NaN < 1 holds there;
  // MLflow's FileStore compares the float NaN, for which only != holds
  { filter: "metrics.score < 1", expected: ["r4", "r2", "r1"], fileStore: ["r4", "r1"] },
  { filter: "metrics.score != 0.5", expected: ["r4", "r3", "r2"] },
  { filter: "metrics.score = 0.5", expected: ["r1"] },
  // attributes: status, IN / NOT IN on run names
  { filter: "attributes.status = 'FAILED'", expected: ["r2"] },
  { filter: "attributes.status != 'RUNNING'", expected: ["r4", "r2", "r1"] },
  { filter: "attributes.run_name IN ('r1', 'r3')", expected: invalid },
  { filter: "attributes.run_name NOT IN ('r1', 'r3')", expected: invalid },
  { filter: "attributes.run_name ILIKE 'R_'", expected: ["r5", "r4", "r3", "r2", "r1"] },
  { filter: "attributes.end_time > 2000", expected: ["r4", "r2"] },
  // ordering with NaN, ±Infinity and missing values
  { filter: "", orderBy: ["metrics.score ASC"], expected: ["r4", "r1", "r3", "r2", "r5"] },
  { filter: "", orderBy: ["metrics.score DESC"], expected: ["r3", "r1", "r4", "r2", "r5"] },
  { filter: "", orderBy: ["params.model ASC"], expected: ["r2", "r1", "r4", "r5", "r3"] },
  { filter: "", orderBy: ["params.model DESC"], expected: ["r4", "r1", "r2", "r5", "r3"] },
  { filter: "", orderBy: ["tags.team DESC"], expected: ["r2", "r3", "r1", "r5", "r4"] },
  { filter: "", orderBy: ["attributes.end_time ASC"], expected: ["r1", "r2", "r4", "r5", "r3"] },
  {
    filter: "",
    orderBy: ["attributes.status ASC", "start_time ASC"],
    expected: ["r2", "r1", "r4", "r3", "r5"],
  },
  // what MLflow refuses
  { filter: "tags.team IN ('nlp')", expected: invalid },
  { filter: "metrics.score LIKE '0%'", expected: invalid },
  { filter: "params.model = lr", expected: invalid },
  { filter: "metrics.score > 0 OR params.model = 'lr'", expected: invalid },
];
