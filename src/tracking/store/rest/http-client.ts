import * as https from "node:https";
import axios, { type AxiosInstance } from "axios";
import { LakelabError } from "../../../errors";
import { lakelabCodeFor } from "../../errors";
import { RestCredentials } from "./credentials";
import { backoffMs, isRetryableStatus, type RetryPolicy, retryPolicyFromEnv } from "./retry-policy";

/** One wait before a retry, for a progress line ("MLflow at http://… not answering, retry 3/7"). */
export interface RetryNotice {
  /** The server, credentials masked. */
  readonly uri: string;
  /** 1 for the first retry. */
  readonly retry: number;
  readonly maxRetries: number;
  readonly waitMs: number;
  /** The HTTP status or network error code that caused it. */
  readonly reason: string;
  /** The line lakelab shows by default. */
  readonly line: string;
}

export interface HttpClientOptions {
  readonly credentials?: RestCredentials;
  readonly retry?: Partial<RetryPolicy>;
  /** Replaces the wait between retries (tests pass a zero-delay sleep). */
  readonly sleep?: (ms: number) => Promise<void>;
  /**
   * Told of each wait before a retry; default: waits of a second or more print `line` on
   * standard error (in a notebook it shows under the cell). Pass a display's updater to show it there.
   */
  readonly onRetry?: (notice: RetryNotice) => void;
}

export interface HttpRequest {
  readonly method: "GET" | "POST" | "PUT";
  /** Path below the server root, e.g. `/api/2.0/mlflow/runs/get`. */
  readonly path: string;
  readonly query?: Readonly<Record<string, string | number | undefined>>;
  readonly json?: unknown;
  readonly body?: Uint8Array;
  readonly binary?: boolean;
}

const TLS_TRUST_ERRORS =
  /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER|ERR_TLS_CERT_ALTNAME_INVALID/;

/** Network errors that mean nobody answers at that address (refused, unknown host). */
const UNREACHABLE = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH"]);

const defaultOnRetry = (n: RetryNotice) => {
  if (n.waitMs >= 1000) process.stderr.write(`${n.line}\n`);
};

/** The tracking URI with its password (and a token-like user) masked, safe to show: `http://analyst:***@host:5000`. */
export function maskedUri(uri: string): string {
  try {
    const u = new URL(uri);
    if (u.password !== "") u.password = "***";
    else if (u.username !== "") u.username = "***";
    return u.href.replace(/\/$/, "");
  } catch {
    return uri.replace(/\/\/[^/@]*@/, "//***@");
  }
}

/** The tracking URI without user:password@ and query, safe to show. */
export function safeUri(uri: string): string {
  try {
    const u = new URL(uri);
    u.username = "";
    u.password = "";
    u.search = "";
    return u.href.replace(/\/$/, "");
  } catch {
    return "<tracking server>";
  }
}

/**
 * axios behind MLflow's rules: credentials from the environment, retries with exponential
 * backoff and jitter on connection errors, 408, 429 and 5xx, none on other 4xx; error bodies
 * `{error_code, message}` become LakelabError. Errors never carry axios objects (their config
 * holds the Authorization header), and every message is scrubbed of secrets.
 */
export class MlflowHttpClient {
  /** The server URI as given (may hold user:password@): never shown, see `baseUri`. */
  readonly #base: string;
  readonly #axios: AxiosInstance;
  readonly #credentials: RestCredentials;
  readonly #policy: RetryPolicy;
  readonly #sleep: (ms: number) => Promise<void>;
  readonly #onRetry: (notice: RetryNotice) => void;
  /** Set once the server has answered anything: from then on, connection errors are retried. */
  #answered = false;
  /** Requests sent (each retry counts), for benchmarks and tests. */
  requestCount = 0;

  constructor(baseUri: string, options: HttpClientOptions = {}) {
    this.#base = baseUri.replace(/\/+$/, "");
    this.#credentials = options.credentials ?? RestCredentials.fromEnv();
    this.#policy = { ...retryPolicyFromEnv(), ...options.retry };
    this.#sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.#onRetry = options.onRetry ?? defaultOnRetry;
    this.#axios = axios.create({
      baseURL: this.#base,
      timeout: this.#policy.timeoutSeconds * 1000,
      validateStatus: () => true,
      transformResponse: [(data: unknown) => data],
      maxBodyLength: Number.POSITIVE_INFINITY,
      maxContentLength: Number.POSITIVE_INFINITY,
      ...(this.baseUri.startsWith("https:")
        ? { httpsAgent: new https.Agent(this.#credentials.tlsOptions()) }
        : {}),
    });
  }

  /** The server URI with its password masked, safe to show. */
  get baseUri(): string {
    return maskedUri(this.#base);
  }

  /** Sends the request, retrying what is transient; returns the parsed JSON (or bytes when `binary`). */
  async request<T = Record<string, unknown>>(req: HttpRequest): Promise<T> {
    const where = `${req.method} ${req.path}`;
    for (let attempt = 0; ; attempt++) {
      let response: { status: number; data: unknown; headers: Record<string, unknown> };
      try {
        this.requestCount++;
        response = await this.#axios.request({
          method: req.method,
          url: req.path,
          params: req.query,
          data: req.body ?? (req.json === undefined ? undefined : JSON.stringify(req.json)),
          headers: {
            ...this.#credentials.headers(),
            "User-Agent": "lakelab-mlflow",
            ...(req.json !== undefined ? { "Content-Type": "application/json" } : {}),
            ...(req.body !== undefined ? { "Content-Type": "application/octet-stream" } : {}),
          },
          responseType: req.binary ? "arraybuffer" : "text",
        });
      } catch (err) {
        const code = String((err as { code?: unknown }).code ?? "ERROR");
        if (TLS_TRUST_ERRORS.test(code)) {
          // another try cannot fix trust: say what to set instead
          throw new LakelabError(
            "CONFIG_INVALID",
            `the TLS certificate of ${safeUri(this.baseUri)} is not trusted (${code}); set MLFLOW_TRACKING_SERVER_CERT_PATH to its CA bundle, or MLFLOW_TRACKING_INSECURE_TLS=true for a test server`,
            { context: { method: req.method, path: req.path, networkError: code } },
          );
        }
        if (!this.#answered && UNREACHABLE.has(code)) {
          // first contact: nobody is there, and waiting minutes would only hide it
          throw new LakelabError(
            "TRACKING_SERVER_UNREACHABLE",
            this.#credentials.redact(
              `no MLflow tracking server answers at ${safeUri(this.baseUri)} (${code}). Is the server running (mlflow server --host … --port …) and is the tracking URI right (setTrackingUri, MLFLOW_TRACKING_URI)?`,
            ),
            { context: { method: req.method, path: req.path, attempts: attempt + 1, networkError: code } },
          );
        }
        if (attempt < this.#policy.maxRetries) {
          await this.#wait(attempt + 1, code);
          continue;
        }
        throw new LakelabError(
          "TEMPORARILY_UNAVAILABLE",
          this.#credentials.redact(
            `could not reach the MLflow tracking server ${safeUri(this.baseUri)} for ${where} after ${attempt + 1} attempts (${code}); is it running and is MLFLOW_TRACKING_URI right?`,
          ),
          {
            retryable: true,
            context: { method: req.method, path: req.path, attempts: attempt + 1, networkError: code },
          },
        );
      }
      this.#answered = true;
      const { status } = response;
      if (status >= 200 && status < 300) return this.parse<T>(response.data, req.binary === true);
      if (isRetryableStatus(status) && attempt < this.#policy.maxRetries) {
        const retryAfter = response.headers["retry-after"];
        await this.#wait(
          attempt + 1,
          `HTTP ${status}`,
          typeof retryAfter === "string" ? retryAfter : undefined,
        );
        continue;
      }
      throw this.errorFor(status, response.data, where, attempt + 1);
    }
  }

  async #wait(retry: number, reason: string, retryAfter?: string): Promise<void> {
    const waitMs = backoffMs(this.#policy, retry, retryAfter);
    const uri = safeUri(this.baseUri);
    const max = this.#policy.maxRetries;
    const line = `MLflow at ${uri} not answering (${reason}), retry ${retry}/${max} in ${(waitMs / 1000).toFixed(1)} s`;
    this.#onRetry({ uri, retry, maxRetries: max, waitMs, reason, line });
    await this.#sleep(waitMs);
  }

  private parse<T>(data: unknown, binary: boolean): T {
    if (binary) return new Uint8Array(data as ArrayBuffer) as T;
    const text = typeof data === "string" ? data : "";
    if (text.trim() === "") return {} as T;
    try {
      return JSON.parse(text) as T;
    } catch {
      return text as T;
    }
  }

  private errorFor(status: number, data: unknown, where: string, attempts: number): LakelabError {
    const text = data instanceof ArrayBuffer ? Buffer.from(data).toString("utf8") : String(data ?? "");
    type ErrorBody = { error_code?: unknown; message?: unknown };
    let body: ErrorBody | null = null;
    try {
      const parsed = JSON.parse(text) as unknown;
      if (parsed !== null && typeof parsed === "object") body = parsed as ErrorBody;
    } catch {
      body = null;
    }
    const mlflowCode = typeof body?.error_code === "string" ? body.error_code : undefined;
    const serverMessage =
      typeof body?.message === "string"
        ? body.message
        : text
            .replace(/<[^>]*>/g, " ")
            .replace(/\s+/g, " ")
            .trim()
            .slice(0, 200);
    const code = lakelabCodeFor(mlflowCode, status);
    const message = this.#credentials.redact(
      mlflowCode !== undefined
        ? serverMessage
        : `${where} answered HTTP ${status} from ${safeUri(this.baseUri)}: ${serverMessage || "(empty body)"}`,
    );
    return new LakelabError(code, message, {
      retryable: isRetryableStatus(status),
      context: {
        httpStatus: status,
        ...(mlflowCode !== undefined ? { mlflowErrorCode: mlflowCode } : {}),
        request: where,
        attempts,
      },
    });
  }
}
