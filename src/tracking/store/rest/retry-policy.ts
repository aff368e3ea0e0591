/** How the REST client retries: MLflow's defaults and environment variables. */
export interface RetryPolicy {
  /** Retries after the first attempt (MLFLOW_HTTP_REQUEST_MAX_RETRIES, default 7). */
  readonly maxRetries: number;
  /** Seconds: retry k ≥ 2 waits factor · 2^(k−1), the first none (MLFLOW_HTTP_REQUEST_BACKOFF_FACTOR, default 2). */
  readonly backoffFactor: number;
  /** Seconds of random jitter added to each wait (MLFLOW_HTTP_REQUEST_BACKOFF_JITTER, default 1). */
  readonly backoffJitter: number;
  /** Upper bound of one wait, seconds. */
  readonly backoffMax: number;
  /** Per-request timeout, seconds (MLFLOW_HTTP_REQUEST_TIMEOUT, default 120). */
  readonly timeoutSeconds: number;
}

export function retryPolicyFromEnv(env: NodeJS.ProcessEnv = process.env): RetryPolicy {
  const n = (k: string, d: number) => {
    const v = Number(env[k]);
    return env[k] === undefined || env[k] === "" || !Number.isFinite(v) || v < 0 ? d : v;
  };
  return {
    maxRetries: Math.floor(n("MLFLOW_HTTP_REQUEST_MAX_RETRIES", 7)),
    backoffFactor: n("MLFLOW_HTTP_REQUEST_BACKOFF_FACTOR", 2),
    backoffJitter: n("MLFLOW_HTTP_REQUEST_BACKOFF_JITTER", 1),
    backoffMax: 120,
    timeoutSeconds: n("MLFLOW_HTTP_REQUEST_TIMEOUT", 120),
  };
}

/** The statuses MLflow's client retries (request_utils._TRANSIENT_FAILURE_RESPONSE_CODES). */
const TRANSIENT_STATUSES: ReadonlySet<number> = new Set([408, 429, 500, 502, 503, 504]);

/** Statuses worth another try: timeouts, rate limits and transient server errors. */
export function isRetryableStatus(status: number): boolean {
  return TRANSIENT_STATUSES.has(status);
}

/**
 * Milliseconds to wait before retry number `retry` (1 = the first retry), as urllib3 2.x's
 * Retry.get_backoff_time computes it for MLflow's client: 0 before the first retry, then
 * factor · 2^(retry−1) plus up to `backoffJitter` s of jitter, at most `backoffMax` s. A
 * numeric Retry-After header wins; lakelab bounds it by `backoffMax` (urllib3 allows 6 hours).
 */
export function backoffMs(
  policy: RetryPolicy,
  retry: number,
  retryAfter?: string,
  random: () => number = Math.random,
): number {
  const after = retryAfter === undefined || !/^\s*\d+\s*$/.test(retryAfter) ? 0 : Number(retryAfter);
  if (after > 0) return Math.min(after, policy.backoffMax) * 1000;
  if (retry <= 1) return 0;
  const value = policy.backoffFactor * 2 ** (retry - 1) + random() * policy.backoffJitter;
  return Math.max(0, Math.min(value, policy.backoffMax)) * 1000;
}
