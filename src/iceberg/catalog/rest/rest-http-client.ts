import * as http from "node:http";
import * as https from "node:https";
import axios, { type AxiosInstance } from "axios";
import { LakelabError } from "../../../errors";
import { type JsonValue, parseJson, stringifyJson } from "../../spec/json";
import type { OAuth2Auth } from "./oauth2-auth";
import { type ErrorMeaning, restError } from "./rest-errors";
import { parseErrorModel } from "./rest-messages.serde";
import { type Secrets, safeUri } from "./rest-properties";

export interface RestHttpOptions {
  readonly baseUri: string;
  readonly auth: OAuth2Auth;
  readonly secrets: Secrets;
  /** Extra headers (`header.*` properties), read on every request. */
  readonly headers: () => Readonly<Record<string, string>>;
  /** Budget for the first request, before the server has ever answered (default 5 s). */
  readonly firstContactTimeoutMs?: number;
  /** Budget for every later request (default 60 s). */
  readonly timeoutMs?: number;
  /** Tries of an idempotent read after a network error, 429 or 502/503/504 (default 3). */
  readonly readAttempts?: number;
  readonly sleep?: (ms: number) => Promise<void>;
}

export interface RestCall {
  readonly method: "GET" | "HEAD" | "POST" | "DELETE";
  /** Below the base URI (`/v1/...`), or an absolute URL. */
  readonly path: string;
  readonly query?: Readonly<Record<string, string | undefined>>;
  readonly json?: unknown;
  /** A form-encoded body (the OAuth2 token request), sent instead of `json`. */
  readonly form?: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly meaning?: ErrorMeaning;
  /** Statuses returned to the caller instead of thrown (404 for HEAD exists checks). */
  readonly allow?: readonly number[];
}

export interface RestAnswer {
  readonly status: number;
  readonly body: JsonValue | undefined;
}

/**
 * A keep-alive connection idle this long is not reused: the server may have closed it while this
 * process was busy (a long synchronous notebook cell keeps the close from being seen), and a POST
 * written to it fails with ECONNRESET and is not retried (Node's default server timeout is 5 s).
 */
const IDLE_REUSE_MS = 2_000;
const FRESH_CONNECTION = {
  httpAgent: new http.Agent({ keepAlive: false }),
  httpsAgent: new https.Agent({ keepAlive: false }),
};

// The request surely never reached a server: safe to say nothing happened.
const NOT_SENT = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH"]);
const RETRY_READ_STATUS = new Set([429, 502, 503, 504]);
const AUTH_STATUS = new Set([401, 403, 419]);

/**
 * axios behind the REST catalog's rules: bigint-safe JSON both ways, bearer auth refreshed once
 * on 401/403/419, retries only for idempotent reads and only once the server has answered, a
 * short budget for first contact. Errors never carry axios objects (their config holds the
 * Authorization header) and every message is scrubbed of secrets.
 */
export class RestHttpClient {
  readonly baseUri: string;
  readonly shownUri: string;
  readonly #axios: AxiosInstance;
  readonly #o: RestHttpOptions;
  #answered = false;
  /** When the last answer arrived: a connection idle longer than IDLE_REUSE_MS is not reused. */
  #lastAnswerAt = 0;

  constructor(o: RestHttpOptions) {
    this.#o = o;
    this.baseUri = o.baseUri.replace(/\/+$/, "");
    this.shownUri = safeUri(this.baseUri);
    this.#axios = axios.create({
      baseURL: this.baseUri,
      validateStatus: () => true,
      transformResponse: [(data: unknown) => data],
      responseType: "text",
      maxRedirects: 0,
      maxBodyLength: Number.POSITIVE_INFINITY,
      maxContentLength: Number.POSITIVE_INFINITY,
    });
  }

  /** Secrets met later (vended credentials) that messages must not show either. */
  addSecrets(...lists: readonly string[][]): void {
    for (const l of lists) this.#o.secrets.add(...l);
  }

  /** Sends the call; 2xx (and `allow`ed statuses) come back parsed, everything else is a LakelabError. */
  async request(call: RestCall): Promise<RestAnswer> {
    const where = `${call.method} ${call.path.startsWith("/") ? call.path : safeUri(call.path)}`;
    const idempotent = call.method === "GET" || call.method === "HEAD";
    const attempts = idempotent ? (this.#o.readAttempts ?? 3) : 1;
    let refreshed = false;
    for (let attempt = 1; ; attempt++) {
      const authorization = await this.#o.auth.authorization((url, form) => this.postForm(url, form));
      const res = await this.send(call, where, authorization, idempotent && attempt < attempts);
      if (res === "retry") {
        await this.pause(attempt);
        continue;
      }
      const { status, text } = res;
      if ((status >= 200 && status < 300) || call.allow?.includes(status)) {
        return { status, body: text.trim() === "" ? undefined : parseJson(text, `${where} response`) };
      }
      if (AUTH_STATUS.has(status) && !refreshed && this.#o.auth.canRefresh) {
        refreshed = true;
        await this.#o.auth.refresh((url, form) => this.postForm(url, form));
        attempt--;
        continue;
      }
      if (idempotent && RETRY_READ_STATUS.has(status) && attempt < attempts) {
        await this.pause(attempt);
        continue;
      }
      throw restError(status, this.errorModel(text), text, where, this.shownUri, call.meaning ?? {}, (s) =>
        this.#o.secrets.redact(s),
      );
    }
  }

  /** The OAuth2 token request: form-encoded, without the (missing or expired) bearer token. */
  async postForm(url: string, form: Record<string, string>): Promise<JsonValue> {
    const where = `POST ${url.startsWith("/") ? url : safeUri(url)}`;
    const res = await this.send(
      {
        method: "POST",
        path: url,
        headers: { "Content-Type": "application/x-www-form-urlencoded" },
        form: new URLSearchParams(form).toString(),
      },
      where,
      undefined,
      false,
    );
    if (res === "retry" || res.status < 200 || res.status >= 300) {
      const status = res === "retry" ? 0 : res.status;
      const text = res === "retry" ? "" : res.text;
      const body = this.tryParse(text) as Record<string, unknown> | undefined;
      // OAuthError: { error, error_description }.
      const oauth =
        typeof body?.error === "string" ? `${body.error}: ${String(body.error_description ?? "")}` : "";
      throw new LakelabError(
        status >= 500 ? "TEMPORARILY_UNAVAILABLE" : "UNAUTHENTICATED",
        this.#o.secrets.redact(
          `${where} (OAuth2 token request of the Iceberg REST catalog ${this.shownUri}) answered HTTP ${status}: ${oauth || text.slice(0, 200) || "(empty body)"}; check the 'credential', 'scope' and 'oauth2-server-uri' properties`,
        ),
        { context: { httpStatus: status, request: where, catalog: this.shownUri } },
      );
    }
    return parseJson(res.text, `${where} response`);
  }

  private async send(
    call: RestCall,
    where: string,
    authorization: string | undefined,
    mayRetry: boolean,
  ): Promise<{ status: number; text: string } | "retry"> {
    const first = !this.#answered;
    const budget = first ? (this.#o.firstContactTimeoutMs ?? 5_000) : (this.#o.timeoutMs ?? 60_000);
    try {
      const res = await this.#axios.request<string>({
        method: call.method,
        url: call.path,
        params: call.query,
        data: call.form ?? (call.json === undefined ? undefined : stringifyJson(call.json)),
        headers: {
          ...this.#o.headers(),
          "User-Agent": "lakelab-iceberg-rest",
          ...(call.json !== undefined ? { "Content-Type": "application/json" } : {}),
          ...(authorization ? { Authorization: authorization } : {}),
          ...call.headers,
        },
        signal: AbortSignal.timeout(budget),
        ...(Date.now() - this.#lastAnswerAt > IDLE_REUSE_MS ? FRESH_CONNECTION : {}),
      });
      this.#answered = true;
      this.#lastAnswerAt = Date.now();
      return { status: res.status, text: typeof res.data === "string" ? res.data : "" };
    } catch (err) {
      const code = networkCode(err);
      if (first) {
        throw new LakelabError(
          "TEMPORARILY_UNAVAILABLE",
          this.#o.secrets.redact(
            `could not reach the Iceberg REST catalog at ${this.shownUri} for ${where} (${code}${code === "TIMEOUT" ? ` after ${budget} ms` : ""}); check that the server is running and that the catalog 'uri' (host, port, http/https) is right`,
          ),
          { context: { catalog: this.shownUri, request: where, networkError: code } },
        );
      }
      if (mayRetry) return "retry";
      if (call.meaning?.commit && !NOT_SENT.has(code)) {
        throw new LakelabError(
          "COMMIT_STATE_UNKNOWN",
          `${where} to the Iceberg REST catalog ${this.shownUri} failed after sending (${code}); the commit may or may not have happened; reload the table before retrying (its new files were kept)`,
          { context: { catalog: this.shownUri, request: where, networkError: code } },
        );
      }
      throw new LakelabError(
        "TEMPORARILY_UNAVAILABLE",
        `${where} to the Iceberg REST catalog ${this.shownUri} failed (${code}); is the server still running?`,
        { context: { catalog: this.shownUri, request: where, networkError: code } },
      );
    }
  }

  private errorModel(text: string) {
    return parseErrorModel(this.tryParse(text));
  }

  private tryParse(text: string): JsonValue | undefined {
    try {
      return text.trim() === "" ? undefined : parseJson(text);
    } catch {
      return undefined;
    }
  }

  private pause(attempt: number): Promise<void> {
    const ms = Math.min(2_000, 100 * 2 ** attempt) * (0.5 + Math.random() / 2);
    return (this.#o.sleep ?? ((t) => new Promise((r) => setTimeout(r, t))))(ms);
  }
}

/** A short name for a network failure (ECONNREFUSED, ENOTFOUND, TIMEOUT, ...). */
function networkCode(err: unknown): string {
  const e = err as { code?: unknown; name?: unknown; cause?: { code?: unknown; name?: unknown } };
  if (e.code === "ERR_CANCELED" || e.name === "CanceledError" || e.cause?.name === "TimeoutError")
    return "TIMEOUT";
  if (e.code === "ECONNABORTED" || e.code === "ETIMEDOUT") return "TIMEOUT";
  const code = e.code ?? e.cause?.code;
  return typeof code === "string" ? code : "NETWORK_ERROR";
}
