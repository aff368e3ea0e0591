/**
 * A stand-in MLflow 3.6 tracking server (`mlflow server --serve-artifacts` on a fresh SQLite
 * backend) on 127.0.0.1, holding its state in memory and answering as the recorded transcripts
 * in shared/fixtures/mlflow/rest-transcripts.json show: sequential experiment ids, artifact
 * locations `mlflow-artifacts:/<id>`, `user_id` "" unless sent, compact error bodies and
 * pretty-printed successes, proto3 omission of empty lists, page tokens base64 {"offset": N}
 * (a full last page still gets one), the get-history quirk without max_results, 200 {} for a
 * malformed search body, an HTML 404 for unknown endpoints, and MLflow's batch limits and
 * validation messages. test/tracking/stand-in/stand-in-server.test.ts replays every transcript
 * entry against it. Test support (and bench/tracking.ts): not part of what a user installs.
 *
 * Why it is kept beside the real server (test/support/mlflow-server.ts): it can be told to
 * fail. Injected 5xx/408/429 answers with Retry-After, dropped connections and required
 * Authorization headers drive the retry, backoff and secret-scrubbing tests, which a real
 * server cannot be made to do on cue. It starts in milliseconds, so the fluent API tests use
 * it too. Every search, restore, delete-tag and history expectation of the contract suite is
 * also checked against the real MLflow server (test/tracking/store-cases.ts).
 *
 * Where it is LESS STRICT than a real server:
 * - Search filters are parsed and evaluated with lakelab's own parser (src/tracking/search), so
 *   a grammar mistake shared by both goes unnoticed; SQL-specific ordering of ties may differ.
 * - Only the endpoints lakelab and the transcripts use exist; experiment search ignores filters.
 * - No request-size limit (MLflow: 1 MB per log-batch), no auth unless `requireAuthorization`
 *   is set, no CORS/host checks, no experiment restore, no run outputs or logged models.
 * - Error messages for malformed values (wrong JSON types) are generic, not protobuf's text.
 * - Metric history pages with the same rule as runs/search (a full page gets a token).
 */
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import type { Run } from "../../../src/tracking/entities";
import { filterRuns, pageOffset, pageToken, sortRuns } from "../../../src/tracking/search/run-matcher";
import { parseSearchFilter } from "../../../src/tracking/search/search-filter";
import { runFromJson } from "../../../src/tracking/store/rest/rest.serde";
import {
  type ExpRecord,
  StandInError as HttpError,
  jsonDouble,
  type RunRecord,
  runInfoJson,
  runJson,
  StandInState,
} from "./stand-in-state";

type Json = Record<string, unknown>;

export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly query: Record<string, string>;
  readonly body: unknown;
  readonly headers: http.IncomingHttpHeaders;
}

export type Fault = number | "drop";

const bad = (m: string) => new HttpError(400, "INVALID_PARAMETER_VALUE", m);
const missing = (m: string) => new HttpError(404, "RESOURCE_DOES_NOT_EXIST", m);
const NOT_FOUND_HTML =
  "<!doctype html>\n<html lang=en>\n<title>404 Not Found</title>\n<h1>Not Found</h1>\n<p>The requested URL was not found on the server. If you entered the URL manually please check your spelling and try again.</p>\n";

/** The run as a SQL store compares it in filters: NaN metrics read as 0. */
function asStoredInSql(run: Run): Run {
  const metrics = Object.fromEntries(
    Object.entries(run.data.metrics).map(([k, v]) => [k, Number.isNaN(v) ? 0 : v]),
  );
  return { ...run, data: { ...run.data, metrics } };
}

export class StandInServer {
  readonly requests: RecordedRequest[] = [];
  readonly state = new StandInState();
  private readonly faults: { fault: Fault; retryAfter?: string }[] = [];
  private server: http.Server | undefined;
  url = "";
  /** When set, every request must carry exactly this Authorization header (else 401). */
  requireAuthorization: string | undefined;

  async start(): Promise<this> {
    this.server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => this.handle(req, res, Buffer.concat(chunks)));
    });
    await new Promise<void>((resolve) => this.server!.listen(0, "127.0.0.1", resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }

  /** The next requests fail: with an HTTP status, or by dropping the connection. */
  injectFaults(fault: Fault, count = 1, retryAfter?: string): void {
    for (let i = 0; i < count; i++)
      this.faults.push({ fault, ...(retryAfter !== undefined ? { retryAfter } : {}) });
  }

  /** Forgets the recorded requests (state stays). */
  requestCountReset(): void {
    this.requests.length = 0;
  }

  /** Requests to one endpoint, e.g. `runs/log-batch`. */
  calls(endpoint: string): RecordedRequest[] {
    return this.requests.filter((r) => r.path.endsWith(`/${endpoint}`));
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse, raw: Buffer): void {
    const url = new URL(req.url ?? "/", "http://x");
    const query = Object.fromEntries(url.searchParams);
    const isArtifactPut = req.method === "PUT";
    let body: unknown = raw.length === 0 ? {} : isArtifactPut ? raw : undefined;
    if (body === undefined) {
      try {
        body = JSON.parse(raw.toString("utf8"));
      } catch {
        body = null;
      }
    }
    this.requests.push({ method: req.method ?? "", path: url.pathname, query, body, headers: req.headers });
    const fault = this.faults.shift();
    if (fault?.fault === "drop") {
      req.socket.destroy();
      return;
    }
    if (fault !== undefined) {
      const headers: Record<string, string> = { "content-type": "text/html; charset=utf-8" };
      if (fault.retryAfter !== undefined) headers["retry-after"] = fault.retryAfter;
      res.writeHead(fault.fault, headers).end(`<h1>${fault.fault}</h1>`);
      return;
    }
    if (this.requireAuthorization !== undefined && req.headers.authorization !== this.requireAuthorization) {
      this.send(
        res,
        401,
        {
          error_code: "UNAUTHENTICATED",
          message: "You are not authenticated. Please see the documentation.",
        },
        true,
      );
      return;
    }
    try {
      const out = this.route(req.method ?? "GET", url.pathname, query, body);
      if (out === undefined) {
        res.writeHead(404, { "content-type": "text/html; charset=utf-8" }).end(NOT_FOUND_HTML);
      } else if (typeof out === "string") {
        res.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(out);
      } else if (Buffer.isBuffer(out)) {
        res.writeHead(200, { "content-type": "text/plain; charset=utf-8" }).end(out);
      } else this.send(res, 200, out, false);
    } catch (err) {
      if (err instanceof HttpError)
        this.send(res, err.status, { error_code: err.errorCode, message: err.message }, true);
      else if (
        err instanceof Error &&
        "code" in err &&
        (err as { code: string }).code === "INVALID_PARAMETER_VALUE"
      ) {
        this.send(res, 400, { error_code: "INVALID_PARAMETER_VALUE", message: err.message }, true);
      } else this.send(res, 500, { error_code: "INTERNAL_ERROR", message: String(err) }, true);
    }
  }

  private send(res: http.ServerResponse, status: number, body: unknown, compact: boolean): void {
    res
      .writeHead(status, { "content-type": "application/json" })
      .end(JSON.stringify(body, null, compact ? undefined : 2));
  }

  private route(
    method: string,
    path: string,
    q: Record<string, string>,
    body: unknown,
  ): Json | string | Buffer | undefined {
    if (path === "/health" && method === "GET") return "OK";
    if (path === "/version" && method === "GET") return "3.6.1.dev0";
    const art = "/api/2.0/mlflow-artifacts/artifacts";
    if (path.startsWith(art))
      return this.artifacts(method, decodeURIComponent(path.slice(art.length).replace(/^\//, "")), q, body);
    const m = /^\/api\/2\.0\/mlflow\/(.+)$/.exec(path);
    if (m === null) return undefined;
    const b = (body ?? {}) as Json;
    const s = this.state;
    const key = `${method} ${m[1]}`;
    switch (key) {
      case "POST experiments/create":
        return { experiment_id: s.createExperiment(requireString(b, "name"), b.tags as Json[] | undefined) };
      case "GET experiments/get":
        return { experiment: s.expJson(s.experiment(requireString(q, "experiment_id"))) };
      case "GET experiments/get-by-name": {
        const name = requireString(q, "experiment_name");
        const e = [...s.experiments.values()].find((x) => x.name === name);
        if (e === undefined) throw missing(`Could not find experiment with name '${name}'`);
        return { experiment: s.expJson(e) };
      }
      case "POST experiments/search":
        return this.searchExperiments(b);
      case "POST experiments/delete":
        s.experiment(requireString(b, "experiment_id")).lifecycle_stage = "deleted";
        return {};
      case "POST runs/create":
        return { run: s.createRun(b) };
      case "GET runs/get":
        return { run: runJson(s.run(requireString(q, "run_id")), true) };
      case "POST runs/update": {
        const r = s.run(requireString(b, "run_id"));
        if (typeof b.status === "string") r.info.status = b.status;
        if (b.end_time !== undefined) r.info.end_time = Number(b.end_time);
        if (typeof b.run_name === "string") {
          r.info.run_name = b.run_name;
          r.tags.set("mlflow.runName", b.run_name);
        }
        return { run_info: runInfoJson(r) };
      }
      case "POST runs/delete":
      case "POST runs/restore": {
        const r = s.run(requireString(b, "run_id"));
        r.info.lifecycle_stage = key.endsWith("delete") ? "deleted" : "active";
        return {};
      }
      case "POST runs/log-batch":
        return this.state.logBatch(b);
      case "POST runs/log-parameter":
        return this.state.logBatch({ run_id: b.run_id, params: [{ key: b.key, value: b.value }] }, "key");
      case "POST runs/log-metric":
        return this.state.logBatch(
          {
            run_id: b.run_id,
            metrics: [{ key: b.key, value: b.value, timestamp: b.timestamp, step: b.step ?? 0 }],
          },
          "name",
        );
      case "POST runs/set-tag":
        return this.state.logBatch({ run_id: b.run_id, tags: [{ key: b.key, value: b.value }] }, "key");
      case "POST runs/delete-tag": {
        const r = s.activeRun(requireString(b, "run_id"));
        const k = requireString(b, "key");
        if (!r.tags.delete(k)) throw missing(`No tag with name: ${k} in run with id ${r.info.run_id}`);
        return {};
      }
      case "POST runs/log-inputs": {
        const r = s.activeRun(requireString(b, "run_id"));
        for (const d of (b.datasets ?? []) as Json[]) r.inputs.push(d);
        return {};
      }
      case "GET metrics/get-history":
        return this.history(q);
      case "POST runs/search":
        return this.searchRuns(b);
      case "GET artifacts/list": {
        const r = s.run(requireString(q, "run_id"));
        const files = this.listArtifacts(
          `${r.info.experiment_id}/${r.info.run_id}/artifacts${q.path ? `/${q.path}` : ""}`,
        );
        return { root_uri: r.info.artifact_uri, ...files };
      }
      default:
        return undefined;
    }
  }

  private history(q: Record<string, string>): Json {
    const r = this.state.run(requireString(q, "run_id"));
    const key = requireString(q, "metric_key");
    // mlflow#23916: without max_results the unset field reads as 0 and is used as the limit
    if (q.max_results === undefined) return { next_page_token: pageToken(0) };
    const max = Number(q.max_results);
    const points = r.metrics.filter((m) => m.key === key).map((m) => ({ ...m, value: jsonDouble(m.value) }));
    const start = q.page_token ? pageOffset(q.page_token) : 0;
    const page = points.slice(start, start + max);
    const out: Json = {};
    if (page.length > 0) out.metrics = page;
    if (page.length === max) out.next_page_token = pageToken(start + max);
    return out;
  }

  private searchRuns(b: Json | null): Json {
    if (b === null) return {};
    const ids = ((b.experiment_ids ?? []) as unknown[]).map(String);
    const view = String(b.run_view_type ?? "ACTIVE_ONLY");
    const max = Number(b.max_results ?? 1000);
    if (max > 50000)
      throw bad(`Invalid value ${max} for parameter 'max_results' supplied: It must be at most 50000`);
    parseSearchFilter(typeof b.filter === "string" ? b.filter : "");
    const runs = [...this.state.runs.values()]
      .filter((r) => ids.includes(r.info.experiment_id))
      .filter((r) => view === "ALL" || (view === "DELETED_ONLY") === (r.info.lifecycle_stage === "deleted"));
    const asRuns = runs.map((r) => ({ json: runJson(r, true), run: runFromJson(runJson(r, true)) }));
    const byId = new Map(asRuns.map((x) => [x.run.info.runId, x.json]));
    // a SQL store filters on NaN metrics as 0 (MLflow's sanitize_metric_value) but sorts them after numbers
    const kept = new Set(
      filterRuns(
        asRuns.map((x) => asStoredInSql(x.run)),
        typeof b.filter === "string" ? b.filter : "",
      ).map((r) => r.info.runId),
    );
    const sorted = sortRuns(
      asRuns.map((x) => x.run).filter((r) => kept.has(r.info.runId)),
      (b.order_by ?? []) as string[],
    );
    const start = pageOffset(typeof b.page_token === "string" ? b.page_token : null);
    const page = sorted.slice(start, start + max);
    const out: Json = {};
    if (page.length > 0) out.runs = page.map((r) => byId.get(r.info.runId));
    if (page.length === max) out.next_page_token = pageToken(start + max);
    return out;
  }

  private searchExperiments(b: Json): Json {
    const view = String(b.view_type ?? "ACTIVE_ONLY");
    const exps = [...this.state.experiments.values()]
      .filter((e) => view === "ALL" || (view === "DELETED_ONLY") === (e.lifecycle_stage === "deleted"))
      .sort((x, y) => y.creation_time - x.creation_time || Number(y.experiment_id) - Number(x.experiment_id));
    const max = Number(b.max_results ?? 1000);
    const start = pageOffset(typeof b.page_token === "string" ? b.page_token : null);
    const page = exps.slice(start, start + max);
    const out: Json = {};
    if (page.length > 0) out.experiments = page.map((e: ExpRecord) => this.state.expJson(e));
    if (page.length === max) out.next_page_token = pageToken(start + max);
    return out;
  }

  private artifacts(
    method: string,
    rel: string,
    q: Record<string, string>,
    body: unknown,
  ): Json | Buffer | undefined {
    if (method === "PUT" && rel !== "") {
      this.state.artifacts.set(rel, Buffer.isBuffer(body) ? body : Buffer.alloc(0));
      return {};
    }
    if (method === "GET" && rel === "") return this.listArtifacts(q.path ?? "");
    if (method === "GET") {
      const data = this.state.artifacts.get(rel);
      if (data === undefined) throw missing(`File not found: ${rel}`);
      return data;
    }
    return undefined;
  }

  private listArtifacts(dir: string): Json {
    const prefix = dir === "" ? "" : `${dir.replace(/\/+$/, "")}/`;
    const entries = new Map<string, Json>();
    for (const [p, data] of this.state.artifacts) {
      if (!p.startsWith(prefix)) continue;
      const rest = p.slice(prefix.length);
      const [head, ...tail] = rest.split("/");
      if (tail.length > 0) entries.set(head!, { path: head, is_dir: true });
      else entries.set(head!, { path: head, is_dir: false, file_size: data.length });
    }
    const files = [...entries.values()].sort((a, b) => String(a.path).localeCompare(String(b.path)));
    return files.length > 0 ? { files } : {};
  }
}

function requireString(o: Json | Record<string, string>, key: string): string {
  const v = (o as Json)[key];
  if (typeof v !== "string" || v === "") throw bad(`Missing value for required parameter '${key}'.`);
  return v;
}

export type { RunRecord };
